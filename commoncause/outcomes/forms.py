"""Outcomes' forms: what is typed comes back as typed; the services (`framework`, `values_kept`,
`scenarios`) check the values and name the field at fault."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms

from commoncause.outcomes.funded import FundedLine
from commoncause.outcomes.models import Direction, Unit
from commoncause.places.themes import themes


class DateInput(forms.DateInput):
    input_type = "date"


class CheckedForm(forms.Form):
    """A form whose values the services check, so a field left blank gets the service's own words
    ("Enter the indicator's name"), not a generic "This field is required"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class OutcomeForm(CheckedForm):
    title = forms.CharField(
        label="Outcome for citizens",
        max_length=200,
        help_text="What changes for people, such as “Older people live independently for longer”.",
    )
    description = forms.CharField(
        label="What it means", required=False, max_length=5000, widget=forms.Textarea
    )


class IndicatorForm(CheckedForm):
    name = forms.CharField(label="Indicator", max_length=200, help_text="What is counted or measured.")
    unit = forms.ChoiceField(label="Unit", choices=[("", "Choose a unit"), *Unit.choices])
    direction = forms.ChoiceField(label="Which way is better", choices=Direction.choices)
    baseline = forms.CharField(label="Baseline", required=False, max_length=20, help_text="Where it starts.")
    baseline_year = forms.CharField(label="Baseline year", required=False, max_length=4)
    target = forms.CharField(
        label="Target", required=False, max_length=20, help_text="Where it should get to."
    )
    target_year = forms.CharField(label="Target year", required=False, max_length=4)
    source = forms.CharField(
        label="Source",
        max_length=500,
        help_text="Where the figures come from: a published statistic, or “Reported in returns”.",
    )
    by_ward = forms.BooleanField(label="Its source gives it by ward", required=False)
    counts_outcomes = forms.BooleanField(
        label="Each one counted is an outcome achieved for one person (for cost per outcome)", required=False
    )
    themes = forms.MultipleChoiceField(
        label="Themes",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(theme.code, theme.label) for theme in themes()],
    )
    services = forms.CharField(
        label="Services (UK-CAT codes)",
        required=False,
        max_length=500,
        help_text="Separated by spaces, such as HE101 SO102.",
    )
    opportunities = forms.MultipleChoiceField(
        label="Opportunities whose awards report it",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Returns for these awards ask for this indicator.",
    )

    def __init__(self, *args: Any, opportunities: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["opportunities"]
        if isinstance(field, forms.MultipleChoiceField):
            field.choices = list(opportunities)


class ProxyRateForm(CheckedForm):
    name = forms.CharField(label="Name of the rate", max_length=200)
    per_hour = forms.CharField(label="Value of an hour (£)", max_length=12, help_text="Such as 12.21.")
    source = forms.CharField(label="Source", max_length=500, help_text="Where the rate comes from.")
    year = forms.CharField(
        label="Year", max_length=4, help_text="The year it is for; it applies from 1 April of that year."
    )


class AlternativeCostForm(CheckedForm):
    name = forms.CharField(label="Service", max_length=200, help_text="Such as supported care at home.")
    cost_a_month = forms.CharField(label="Its cost a month for each person (£)", max_length=14)
    alternative = forms.CharField(
        label="Alternative",
        max_length=200,
        help_text="What people would need without it, such as hospital care.",
    )
    alternative_a_month = forms.CharField(
        label="The alternative's cost a month for each person (£)", max_length=14
    )
    months = forms.CharField(
        label="Months each person is kept from the alternative", max_length=3, initial="12"
    )
    indicator = forms.ChoiceField(
        label="Indicator counting the people kept from it",
        required=False,
        help_text="The returns' totals for it give the people.",
    )
    source = forms.CharField(label="Source", max_length=500, help_text="Where the costs come from.")
    assumptions = forms.CharField(label="Assumptions", required=False, max_length=5000, widget=forms.Textarea)

    def __init__(self, *args: Any, indicators: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["indicator"]
        if isinstance(field, forms.ChoiceField):
            field.choices = [("", "None yet"), *indicators]


def line_field(key: str) -> str:
    """A form field's name for a piece of funding: "award:…" becomes "line_award_…"."""
    return "line_" + key.replace(":", "_")


class ScenarioForm(CheckedForm):
    name = forms.CharField(label="Name", max_length=200)
    decided_on = forms.DateField(
        label="When the decision would be made",
        widget=DateInput,
        error_messages={
            "required": "Enter the day the decision would be made.",
            "invalid": "Enter a real day.",
        },
        help_text="Notice runs from this day: three months, as the Compact expects.",
    )
    closure_share = forms.CharField(
        label="Risk of closure (% of income)",
        max_length=6,
        initial="25",
        help_text="An organisation is at risk when it would lose more than this share of its latest "
        "yearly income.",
    )
    notes = forms.CharField(label="Notes", required=False, max_length=5000, widget=forms.Textarea)
    lead = forms.ChoiceField(label="Lead organisation (the single point of entry)", required=False)
    saving_share = forms.CharField(
        label="Saving on the merged funding a year (%)",
        required=False,
        max_length=6,
        help_text="From shared back office, premises and management, such as 10.",
    )
    one_off_cost = forms.CharField(
        label="One-off cost of bringing them together (£)", required=False, max_length=14, initial="0"
    )
    years = forms.CharField(label="Years to weigh it over", required=False, max_length=2, initial="3")

    def __init__(self, *args: Any, kind: str, lines: Mapping[str, FundedLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind, self.lines = kind, lines
        for key, line in lines.items():
            label = f"{line.organisation}: {line.title}"
            if kind == "cut":
                self.fields[line_field(key)] = forms.CharField(
                    label=f"Cut to {label} (%)", required=False, max_length=6
                )
            else:
                self.fields[line_field(key)] = forms.BooleanField(label=f"Merge {label}", required=False)
        organisations = sorted(
            {(line.organisation_key, line.organisation) for line in lines.values()}, key=lambda o: o[1]
        )
        lead = self.fields["lead"]
        if isinstance(lead, forms.ChoiceField):
            lead.choices = [("", "Choose the lead"), *organisations]

    def line_rows(self) -> list[tuple[FundedLine, forms.BoundField]]:
        return [(line, self[line_field(key)]) for key, line in self.lines.items()]

    def chosen(self) -> dict[str, str]:
        """The funding chosen: {key: the share typed} for a cut, {key: "1"} for a merge."""
        found = {}
        for key in self.lines:
            value = self.cleaned_data.get(line_field(key))
            if self.kind == "cut" and str(value or "").strip():
                found[key] = str(value).strip()
            elif self.kind != "cut" and value:
                found[key] = "1"
        return found
