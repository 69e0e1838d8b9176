"""The forms of bids: starting one, the tier's questions and the price, a partner's part, a document,
the full cost calculator and the consortium builder's choices. The rules are the services'; the forms
only read what was typed."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict

from commoncause.funding.bid_full_cost import DRIVER_WORDS, driver_words, drivers_used
from commoncause.funding.bid_partners import ProposedPartner
from commoncause.funding.bid_questions import Question
from commoncause.funding.commissioning.full_cost import DriverMeasure, category_label, shipped_drivers
from commoncause.funding.models import Lot
from commoncause.register.models import Organisation
from commoncause.register.selectors import organisation_by_identifier

MOST_PROPOSED = 10
MONEY_HINT = "In pounds, such as 12500."


def _money(label: str, *, required: bool = False, help_text: str = MONEY_HINT) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        help_text=help_text,
    )


class BidStartForm(forms.Form):
    lead = forms.ModelChoiceField(
        label="Which organisation leads the bid", queryset=Organisation.objects.none(), empty_label=None
    )
    lot = forms.ModelChoiceField(label="Which lot", queryset=Lot.objects.none(), required=False)

    def __init__(self, *args: Any, leads: QuerySet[Organisation], lots: QuerySet[Lot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Organisation]", self.fields["lead"]).queryset = leads
        lot = cast("forms.ModelChoiceField[Lot]", self.fields["lot"])
        lot.queryset = lots
        lot.required = lots.exists()
        lot.empty_label = None if lot.required else "The whole opportunity"


def proposed_partners(data: QueryDict) -> list[ProposedPartner]:
    """The partners the consortium builder proposed, as its form posts them: `partner` (each
    organisation's id), `share_<id>` (its share of the value, 0 to 1) and `wards_<id>` (codes, spaced)."""
    keys = list(dict.fromkeys(data.getlist("partner")))
    if len(keys) > MOST_PROPOSED:
        raise forms.ValidationError(f"A consortium has at most {MOST_PROPOSED} partners.")
    found = []
    for key in keys:
        organisation = organisation_by_identifier(key)
        if organisation is None:
            raise forms.ValidationError("One of the proposed partners is no longer in the register.")
        try:
            share = Decimal(data.get(f"share_{key}", "0"))
        except InvalidOperation:
            raise forms.ValidationError(f"The share of {organisation.name} is not a number.") from None
        if not share.is_finite() or not 0 <= share <= 1:
            raise forms.ValidationError(f"The share of {organisation.name} must be from 0 to 1.")
        found.append(ProposedPartner(organisation, share, tuple(data.get(f"wards_{key}", "").split())))
    return found


class AnswersForm(forms.Form):
    """The tier's questions, each within its word limit (checked by the service), and the price."""

    price = _money("Price", help_text="The whole price for the term, in pounds, such as 48000.")

    def __init__(self, *args: Any, questions: Sequence[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in questions:
            hint = f"{question.hint} " if question.hint else ""
            self.fields[question.key] = forms.CharField(
                label=question.question + ("" if question.required else " (optional)"),
                required=False,
                widget=forms.Textarea,
                help_text=f"{hint}At most {question.word_limit:,} words.",
            )
        self.order_fields([question.key for question in questions] + ["price"])

    def answers(self) -> dict[str, str]:
        return {question.key: self.cleaned_data.get(question.key) or "" for question in self.questions}


class PartForm(forms.Form):
    """A partner's part: its role, its shares and the wards it covers."""

    role = forms.CharField(label="Role", max_length=300, required=False, help_text="What it does in the bid.")
    work_share = forms.DecimalField(
        label="Share of the work (%)",
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
    )
    money_share = _money("Share of the money (£)", required=True)
    wards = forms.MultipleChoiceField(label="Wards it covers", required=False, choices=())

    def __init__(self, *args: Any, wards: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["wards"]).choices = [
            (code, f"{name} ({code})" if name != code else code) for code, name in wards.items()
        ]


class InviteForm(PartForm):
    organisation = forms.CharField(
        label="Organisation", max_length=100, help_text="Its org-id, such as GB-CHC-1039978."
    )
    field_order = ["organisation", "role", "work_share", "money_share", "wards"]

    def clean_organisation(self) -> Organisation:
        organisation = organisation_by_identifier(str(self.cleaned_data["organisation"]))
        if organisation is None:
            raise forms.ValidationError("No organisation has that org-id.")
        return organisation


class DocumentForm(forms.Form):
    file = forms.FileField(
        label="Upload a document",
        help_text="PDF, Word (.docx), Excel (.xlsx), OpenDocument text (.odt), PNG, JPEG, plain text or CSV; "
        "at most 10 MB.",
    )


class FullCostForm(forms.Form):
    """Direct costs, each overhead category's cost, and each driver's organisation total and project part."""

    direct_costs = _money(
        "The project's direct costs",
        required=True,
        help_text="Staff, materials and other costs of the project itself, in pounds.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for driver in shipped_drivers():
            self.fields[f"overhead_{driver.category}"] = _money(
                f"{category_label(driver.category)}: the organisation's costs",
                help_text=f"{driver.typical_costs}. Shared out by {driver_words(driver.driver)}.",
            )
        for used in drivers_used():
            words = driver_words(used)
            for part, whose in (("organisation", "The whole organisation's"), ("project", "The project's")):
                self.fields[f"measure_{used}_{part}"] = forms.DecimalField(
                    label=f"{whose} {words}", required=False, min_value=Decimal(0), max_digits=14,
                    decimal_places=4, help_text=_measure_hint(used, part),
                )  # fmt: skip

    def overheads(self) -> dict[str, Decimal]:
        return {
            driver.category: self.cleaned_data.get(f"overhead_{driver.category}") or Decimal(0)
            for driver in shipped_drivers()
        }

    def measures(self) -> dict[str, DriverMeasure]:
        """Each driver whose two figures were both given (one without the other is an error)."""
        found = {}
        for driver in drivers_used():
            whole = self.cleaned_data.get(f"measure_{driver}_organisation")
            part = self.cleaned_data.get(f"measure_{driver}_project")
            if whole is not None and part is not None:
                found[driver] = DriverMeasure(organisation=whole, project=part)
        return found

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for driver in drivers_used():
            whole = f"measure_{driver}_organisation"
            part = f"measure_{driver}_project"
            if (cleaned.get(whole) is None) != (cleaned.get(part) is None) and whole not in self.errors:
                missing = whole if cleaned.get(whole) is None else part
                self.add_error(missing, f"Enter both figures for {driver_words(driver)}, or neither.")
        return cleaned


def _measure_hint(driver: str, part: str) -> str:
    units = {"headcount": "full-time equivalent staff", "staff_time": "staff days (or hours) a year",
             "expenditure": "pounds of direct spending a year"}  # fmt: skip
    unit = units.get(driver, DRIVER_WORDS.get(driver, driver))
    if part == "organisation":
        return f"In {unit}, across all the organisation's work."
    return f"In {unit}, on this project."


class ConsortiaForm(forms.Form):
    lot = forms.TypedChoiceField(label="Lot", required=False, coerce=int, empty_value=None)
    safe_share = forms.IntegerField(
        label="Safe share of a partner's yearly income (%)", min_value=10, max_value=100, initial=50,
        help_text="No partner takes on more than this share of its own yearly income: from 10% to 100%.",
    )  # fmt: skip

    def __init__(self, *args: Any, lots: QuerySet[Lot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["lot"])
        field.choices = [("", "The whole opportunity"), *((lot.number, str(lot)) for lot in lots)]
