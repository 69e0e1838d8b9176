"""The form members fill in for a service: the standard's main facts, one place, one weekly timetable."""

from __future__ import annotations

from typing import Any

from django import forms

from commoncause.members.areas import areas_by_code, areas_resolve
from commoncause.members.forms import Checkboxes
from commoncause.services.categories import category_choices
from commoncause.services.models import DAYS, ServiceStatus
from commoncause.sources.values import is_uk_postcode, postcode_value

HELP = {
    "description": "In plain words: what people get, and what happens when they come.",
    "categories": "Pick who it is for and what it does: people find services by these.",
    "minimum_age": "Leave empty if there is no lower age.",
    "maximum_age": "Leave empty if there is no upper age.",
    "fees": "For example, £3 a session, or pay what you can.",
    "postcode": "People search by postcode: the nearest services come first.",
    "when": "Anything the days and times do not say, such as term time only.",
    "phone": "A number the public may call (not a person's own mobile).",
    "contact_title": "Who answers, such as Reception or Advice line.",
    "email": "An address for enquiries, such as info@… (not a person's own address).",
    "languages": "Separate them with commas, such as English, Bengali, Arabic.",
    "areas": (
        "Councils or wards, by name or code, separated by semicolons. Leave empty if it is open to anyone."
    ),
}


class ServiceForm(forms.Form):
    name = forms.CharField(label="Name of the service", max_length=300)
    description = forms.CharField(label="What it offers", max_length=5000, widget=forms.Textarea)
    status = forms.ChoiceField(
        label="Is it running?", choices=ServiceStatus.choices, initial=ServiceStatus.ACTIVE
    )
    categories = forms.MultipleChoiceField(label="Categories", required=False, widget=Checkboxes)
    minimum_age = forms.IntegerField(
        label="Youngest age it is for", required=False, min_value=0, max_value=130
    )
    maximum_age = forms.IntegerField(label="Oldest age it is for", required=False, min_value=0, max_value=130)
    free = forms.BooleanField(label="It is free", required=False)
    fees = forms.CharField(label="What it costs", required=False, max_length=500)
    amount = forms.DecimalField(
        label="Price in pounds", required=False, min_value=0, max_digits=10, decimal_places=2
    )
    place_name = forms.CharField(label="Name of the place", required=False, max_length=300)
    address_1 = forms.CharField(label="Address line", required=False, max_length=300)
    city = forms.CharField(label="Town or city", required=False, max_length=100)
    postcode = forms.CharField(label="Postcode", required=False, max_length=20)
    accessibility = forms.CharField(
        label="Getting in and around",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    days = forms.MultipleChoiceField(label="Days it is open", required=False, choices=DAYS, widget=Checkboxes)
    opens_at = forms.TimeField(label="Opens at", required=False, help_text="For example, 09:30.")
    closes_at = forms.TimeField(label="Closes at", required=False, help_text="For example, 17:00.")
    when = forms.CharField(label="More about when", required=False, max_length=1000)
    phone = forms.CharField(label="Phone number", required=False, max_length=40)
    contact_title = forms.CharField(label="Who answers", required=False, max_length=200)
    email = forms.EmailField(label="Email address", required=False)
    url = forms.URLField(label="Web page", required=False, max_length=500, assume_scheme="https")
    languages = forms.CharField(label="Languages spoken", required=False, max_length=500)
    areas = forms.CharField(label="Areas it serves", required=False, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = category_choices()  # type: ignore[attr-defined]
        for name, text in HELP.items():
            self.fields[name].help_text = text
        codes = self.initial.get("area_codes") or []
        if codes and "areas" not in self.initial:
            known = areas_by_code(codes)
            self.initial["areas"] = "; ".join(known[code].label for code in codes if code in known)

    def clean_postcode(self) -> str:
        raw = str(self.cleaned_data.get("postcode") or "").strip()
        value = postcode_value(raw) if raw else ""
        if raw and not is_uk_postcode(value):
            raise forms.ValidationError("Enter a UK postcode, such as SW1A 2AA.")
        return value

    def clean_phone(self) -> str:
        raw = str(self.cleaned_data.get("phone") or "").strip()
        digits = [char for char in raw if char.isdigit()]
        if raw and not (7 <= len(digits) <= 15 and set(raw) <= set("0123456789 +()-")):
            raise forms.ValidationError("Enter a phone number, such as 020 7946 0000.")
        return raw

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        youngest, oldest = data.get("minimum_age"), data.get("maximum_age")
        if youngest is not None and oldest is not None and youngest > oldest:
            self.add_error("maximum_age", "The oldest age must be the same as or more than the youngest.")
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "The closing time must be after the opening time.")
        if (opens or closes) and not data.get("days"):
            self.add_error("days", "Pick the days it is open at those times.")
        if data.get("free") and (data.get("fees") or data.get("amount")):
            self.add_error("fees", "A free service has no cost: untick 'It is free' or clear the cost.")
        if data.get("address_1") and not data.get("postcode") and "postcode" not in self.errors:
            self.add_error("postcode", "Enter the postcode of the place, so people near it can find it.")
        found, unresolved = areas_resolve(data.get("areas", "") or "")
        if unresolved:
            problems = " ".join(f"{problem.message}." for problem in unresolved[:5])
            self.add_error("areas", f"Areas it serves: {problems}")
        data["area_choices"] = [(area.code, area.name) for area in found]
        return data
