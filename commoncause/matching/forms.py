"""The forms people fill in: a need (or a fund), an offer, a booking request, the diagnostic."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from commoncause.matching.models import NeedKind, NeedStatus, OfferKind, PosterKind
from commoncause.members.areas import areas_by_code, areas_resolve
from commoncause.members.forms import Checkboxes
from commoncause.services.categories import category_choices

GSS = re.compile(r"^[EWSN]\d{8}$")
AREAS_HELP = "Councils or wards, by name or GSS code (such as E09000033), separated by semicolons."


def _areas_field(label: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=2000, help_text=AREAS_HELP)


def areas_read(text: str) -> tuple[list[str], list[str]]:
    """The GSS codes of the areas typed (a code places does not hold yet is kept as it is), and what
    could not be read as an area."""
    found, unresolved = areas_resolve(text)
    codes = [area.code for area in found]
    problems = []
    for problem in unresolved:
        typed = problem.text.strip().upper()
        if GSS.match(typed):
            codes.append(typed)
        else:
            problems.append(f"{problem.message}.")
    return list(dict.fromkeys(codes)), problems


def clean_areas_text(text: str) -> list[str]:
    """The areas typed that could be read (a search, where the rest is left out)."""
    return areas_read(text)[0]


def clean_areas(form: forms.Form, name: str) -> list[str]:
    codes, problems = areas_read(str(form.cleaned_data.get(name) or ""))
    if problems:
        form.add_error(name, " ".join(problems[:5]))
    return codes


def areas_typed(codes: list[str]) -> str:
    """Codes as the form shows them again: names where places knows them."""
    known = areas_by_code(codes)
    return "; ".join(known[code].label if code in known else code for code in codes)


class NeedForm(forms.Form):
    kind = forms.ChoiceField(label="What is needed?", choices=NeedKind.choices, initial=NeedKind.SERVICE)
    title = forms.CharField(label="Title", max_length=300)
    description = forms.CharField(
        label="Describe the need", max_length=10_000, widget=forms.Textarea,
        help_text="In plain words: what should happen, for whom and where.",
    )  # fmt: skip
    outcomes = forms.CharField(
        label="Outcomes sought", required=False, max_length=5000, widget=forms.Textarea
    )
    who = forms.MultipleChoiceField(label="Who it is for", required=False, widget=Checkboxes)
    areas = _areas_field("Where")
    budget_min = forms.IntegerField(label="Budget from (pounds)", required=False, min_value=0)
    budget_max = forms.IntegerField(label="Budget up to (pounds)", required=False, min_value=0)
    starts = forms.DateField(label="Starts", required=False, help_text="For example, 2027-04-01.")
    ends = forms.DateField(label="Ends", required=False, help_text="For example, 2028-03-31.")
    closes = forms.DateField(label="Closes for answers", required=False, help_text="For example, 2027-02-28.")
    poster_kind = forms.ChoiceField(label="Posted by", choices=PosterKind.choices, initial=PosterKind.OFFICER)
    funder_name = forms.CharField(label="The funder's name", required=False, max_length=300)
    income_below = forms.IntegerField(
        label="A fund only for yearly incomes under (pounds)", required=False, min_value=1
    )
    income_from = forms.IntegerField(
        label="A fund only for yearly incomes of at least (pounds)", required=False, min_value=0
    )
    legal_forms = forms.CharField(
        label="A fund only for these legal forms", required=False, max_length=500,
        help_text="As the register names them, separated by commas. Leave empty for any.",
    )  # fmt: skip
    themes = forms.MultipleChoiceField(label="A fund only for work on", required=False, widget=Checkboxes)
    pays_for = forms.CharField(
        label="What the fund pays for", required=False, max_length=5000, widget=forms.Textarea
    )
    status = forms.ChoiceField(label="Status", choices=NeedStatus.choices, initial=NeedStatus.OPEN)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = category_choices()
        self.fields["who"].choices = choices  # type: ignore[attr-defined]
        self.fields["themes"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["areas"] = clean_areas(self, "areas")
        low, high = data.get("budget_min"), data.get("budget_max")
        if low is not None and high is not None and high < low:
            self.add_error("budget_max", "The budget up to must be the same as or more than the budget from.")
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends < starts:
            self.add_error("ends", "The end must be on or after the start.")
        if data.get("poster_kind") == PosterKind.FUNDER and not str(data.get("funder_name") or "").strip():
            self.add_error("funder_name", "Enter the funder's name.")
        forms_typed = str(data.get("legal_forms") or "").split(",")
        data["legal_forms"] = [part.strip() for part in forms_typed if part.strip()]
        return data


class OfferForm(forms.Form):
    kind = forms.ChoiceField(label="What is offered?", choices=OfferKind.choices)
    title = forms.CharField(label="Title", max_length=300)
    description = forms.CharField(label="Describe it", max_length=5000, widget=forms.Textarea)
    areas = _areas_field("Where it is, or where it can go")
    capacity = forms.CharField(label="How much, or how many", required=False, max_length=300)
    accessibility = forms.CharField(label="Getting in and around", required=False, max_length=2000)
    availability = forms.CharField(
        label="When it is available", required=False, max_length=500,
        help_text="For example, weekday evenings, or Saturdays until July.",
    )  # fmt: skip
    offered_by_name = forms.CharField(
        label="Offered by (a business or public body)", required=False, max_length=300
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["areas"] = clean_areas(self, "areas")
        return data


class BookingForm(forms.Form):
    wanted_from = forms.DateField(label="Wanted from", required=False, help_text="For example, 2027-03-01.")
    wanted_to = forms.DateField(label="Wanted until", required=False, help_text="For example, 2027-03-31.")
    message = forms.CharField(label="Your message", max_length=2000, widget=forms.Textarea)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("wanted_from"), data.get("wanted_to")
        if start and end and end < start:
            self.add_error("wanted_to", "The last day must be on or after the first.")
        return data


SCORES = [
    (str(n), label) for n, label in ((1, "1: a real gap"), (2, "2"), (3, "3"), (4, "4"), (5, "5: strong"))
]


class Radios(forms.RadioSelect):
    """Radios whose error links to the first of them (Django gives a group of radios no label to link)."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return f"{id_}_{index or 0}" if id_ else ""


class DiagnosticForm(forms.Form):
    """One score (1 to 5) and a note per capacity area of the diagnostic."""

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, question in areas:
            self.fields[f"{code}_score"] = forms.ChoiceField(label=question, choices=SCORES, widget=Radios)
            self.fields[f"{code}_note"] = forms.CharField(
                label="Anything to add (optional)", required=False, max_length=1000
            )

    def answers(self) -> dict[str, dict[str, Any]]:
        codes = [name.removesuffix("_score") for name in self.fields if name.endswith("_score")]
        return {
            code: {
                "score": int(self.cleaned_data[f"{code}_score"]),
                "note": self.cleaned_data[f"{code}_note"],
            }
            for code in codes
        }
