"""The monitoring plan's form (risk, reports a year, items in rows, the reason for a change) and a
return's (narrative, spend, people reached in all and by ward, volunteers and their hours, indicators
in rows). Values are checked by the services
(`monitoring`), which name the field at fault; rows left blank are ignored."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms

from commoncause.funding.models import Risk
from commoncause.funding.monitoring import MOST_ITEMS

SPARE_ROWS = 2
MOST_INDICATORS = 30
ITEM_PARTS = {
    "what": "Item {n}: what is asked",
    "how_often": "Item {n}: how often",
    "evidence": "Item {n}: evidence",
    "unit": "Item {n}: unit, if it is a measure",
}
INDICATOR_PARTS = {
    "name": "Indicator {n}: name",
    "value": "Indicator {n}: value",
    "unit": "Indicator {n}: unit",
}


def _rows_posted(data: Mapping[str, Any] | None, prefix: str, most: int) -> int:
    """How many rows a posted form holds (by its first part's names), at most `most`."""
    if not data:
        return 0
    numbers = [
        int(key.split("_")[1]) for key in data if key.startswith(f"{prefix}_") and key.split("_")[1].isdigit()
    ]
    return min(max(numbers, default=-1) + 1, most)


def _add_rows(form: forms.Form, prefix: str, parts: Mapping[str, str], rows: int, max_length: int) -> None:
    for number in range(rows):
        for part, label in parts.items():
            form.fields[f"{prefix}_{number}_{part}"] = forms.CharField(
                label=label.format(n=number + 1), required=False, max_length=max_length
            )


def _rows_initial(prefix: str, rows: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    return {
        f"{prefix}_{number}_{part}": str(value or "")
        for number, row in enumerate(rows)
        for part, value in row.items()
    }


def _rows_read(form: forms.Form, prefix: str, parts: Mapping[str, str]) -> list[dict[str, str]]:
    numbers = sorted({int(name.split("_")[1]) for name in form.fields if name.startswith(f"{prefix}_")})
    return [
        {part: str(form.cleaned_data.get(f"{prefix}_{number}_{part}") or "") for part in parts}
        for number in numbers
    ]


class PlanForm(forms.Form):
    risk = forms.ChoiceField(
        label="Risk rating",
        choices=Risk.choices,
        help_text="High risk may add one check-in; low risk never adds to what the tier asks.",
    )
    reports_per_year = forms.CharField(
        label="Reports a year",
        max_length=10,
        help_text="1 for once a year, 2 for every six months, 4 for every three months; "
        "0.33 for one report at the end of a three-year award.",
    )
    changed_reason = forms.CharField(
        label="Why the plan differs from the one proposed",
        required=False,
        max_length=5000,
        widget=forms.Textarea,
        help_text="Needed when you change anything the tier and risk proposed.",
    )

    def __init__(self, *args: Any, items: Sequence[Mapping[str, Any]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        posted = _rows_posted(self.data, "item", MOST_ITEMS)
        rows = max(posted, min(len(items) + SPARE_ROWS, MOST_ITEMS))
        _add_rows(self, "item", ITEM_PARTS, rows, 500)
        if not self.is_bound:
            self.initial.update(_rows_initial("item", items))

    def item_rows(self) -> list[list[forms.BoundField]]:
        count = len([name for name in self.fields if name.endswith("_what")])
        return [[self[f"item_{number}_{part}"] for part in ITEM_PARTS] for number in range(count)]

    def items(self) -> list[dict[str, str]]:
        return _rows_read(self, "item", ITEM_PARTS)


class ReturnForm(forms.Form):
    narrative = forms.CharField(
        label="What happened",
        required=False,
        max_length=20_000,
        widget=forms.Textarea,
        help_text="What you did, who benefited and what you learned. Needed to submit.",
    )
    spend = forms.CharField(
        label="Spent in this period (£)", required=False, max_length=20, help_text="For example, 1250.50."
    )
    beneficiaries = forms.CharField(
        label="People reached in this period", required=False, max_length=12, help_text="A whole number."
    )

    volunteers = forms.CharField(
        label="Volunteers in this period", required=False, max_length=12,
        help_text="How many people gave their time, as a whole number.",
    )  # fmt: skip
    volunteer_hours = forms.CharField(
        label="Volunteer hours in this period", required=False, max_length=20,
        help_text="All their hours together, such as 120 or 87.5.",
    )  # fmt: skip

    def __init__(
        self, *args: Any, indicators: Sequence[Mapping[str, Any]] = (),
        wards: Mapping[str, str] | None = None, **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        posted = _rows_posted(self.data, "indicator", MOST_INDICATORS)
        rows = max(posted, min(len(indicators) + SPARE_ROWS + 1, MOST_INDICATORS))
        _add_rows(self, "indicator", INDICATOR_PARTS, rows, 200)
        if not self.is_bound:
            self.initial.update(_rows_initial("indicator", indicators))
        for code, name in (wards or {}).items():
            self.fields[f"ward_{code}"] = forms.CharField(label=name, required=False, max_length=12)

    def ward_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("ward_")]

    def ward_beneficiaries(self) -> dict[str, str]:
        """People reached by ward as given, blank wards left out: {ward code: text}."""
        return {
            name.removeprefix("ward_"): str(self.cleaned_data.get(name) or "").strip()
            for name in self.fields
            if name.startswith("ward_") and str(self.cleaned_data.get(name) or "").strip()
        }

    def clean_spend(self) -> str:
        return str(self.cleaned_data.get("spend") or "").replace("£", "").replace(",", "").strip()

    def indicator_rows(self) -> list[list[forms.BoundField]]:
        count = len([name for name in self.fields if name.endswith("_name")])
        return [[self[f"indicator_{number}_{part}"] for part in INDICATOR_PARTS] for number in range(count)]

    def indicators(self) -> list[dict[str, str]]:
        return _rows_read(self, "indicator", INDICATOR_PARTS)
