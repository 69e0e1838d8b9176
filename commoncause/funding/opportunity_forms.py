"""The form an officer fills in for an opportunity: what it is and why, what is sought, where and for
whom, its value, term and lots, its timetable and the criteria bids are scored against."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from commoncause.funding.models import EXPECTED_MONTHS, Opportunity, OpportunityKind, Route
from commoncause.funding.opportunities import LotValues, service_labels
from commoncause.matching.forms import areas_read, areas_typed, clean_areas
from commoncause.members.forms import Checkboxes
from commoncause.services.categories import category_choices

DATE_HELP = "For example, 2027-04-01."
LOTS_HELP = (
    "One lot a line: its title, its value in pounds, and (if it is for some wards only) the wards, "
    "separated by a vertical bar. For example: North wards | 150000 | Church Street; Little Venice. "
    "Leave empty for one lot."
)
CRITERIA_HELP = (
    "One criterion a line: its name, its weight in percent and (if you like) guidance for bidders, "
    "separated by a vertical bar. The weights must add up to 100. For example: Quality | 60 | How you will…"
)


def _money(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "").replace("£", "").strip())
    except InvalidOperation:
        return None
    return value.quantize(Decimal("0.01")) if value.is_finite() else None


def lots_read(text: str) -> tuple[list[LotValues], list[str]]:
    """The lots typed, one a line, and what could not be read (named by line)."""
    lots, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        title = parts[0]
        value = _money(parts[1]) if len(parts) > 1 else None
        if not title or value is None:
            problems.append(
                f"Line {number}: give the lot's title and its value in pounds, such as “North | 50000”."
            )
            continue
        codes, unread = areas_read(parts[2]) if len(parts) > 2 else ([], [])
        problems += [f"Line {number}: {problem}" for problem in unread]
        lots.append(LotValues(title=title[:300], value=value, areas=tuple(codes)))
    return lots, problems


def lots_typed(opportunity: Opportunity) -> str:
    return "\n".join(
        " | ".join(part for part in (lot.title, f"{lot.value:f}", areas_typed(lot.areas)) if part)
        for lot in opportunity.lots.all()
    )


def criteria_read(text: str) -> tuple[list[dict[str, Any]], list[str]]:
    criteria, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        weight = parts[1] if len(parts) > 1 else ""
        if not parts[0] or not weight.isdigit():
            problems.append(
                f"Line {number}: give the criterion's name and its weight, such as “Quality | 60”."
            )
            continue
        criteria.append(
            {"name": parts[0][:200], "weight": int(weight), "guidance": " | ".join(parts[2:])[:2000]}
        )
    return criteria, problems


def criteria_typed(criteria: list[dict[str, Any]]) -> str:
    return "\n".join(
        " | ".join(part for part in (str(c["name"]), str(c["weight"]), str(c.get("guidance") or "")) if part)
        for c in criteria
    )


def services_read(text: str) -> tuple[list[str], list[str]]:
    """UK-CAT tags typed by code or name, separated by commas."""
    labels = service_labels()
    by_name = {label.casefold(): code for code, label in labels.items()}
    codes, problems = [], []
    for part in (piece.strip() for piece in text.split(",")):
        if not part:
            continue
        code = part.upper() if part.upper() in labels else by_name.get(part.casefold())
        if code is None:
            problems.append(f"“{part}” is not a UK-CAT tag.")
        else:
            codes.append(code)
    return list(dict.fromkeys(codes)), problems


class OpportunityForm(forms.Form):
    kind = forms.ChoiceField(label="Is it a grant round or a contract?", choices=OpportunityKind.choices)
    route = forms.ChoiceField(label="How it comes about", choices=Route.choices)
    route_reason = forms.CharField(
        label="Why a grant or a contract?", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: a grant, because we want to support what groups already do well.",
    )  # fmt: skip
    title = forms.CharField(label="Title", max_length=300)
    summary = forms.CharField(label="Summary", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    specification = forms.CharField(
        label="What is sought", max_length=20_000, widget=forms.Textarea,
        help_text="The specification, in plain words: it is checked before it goes out.",
    )  # fmt: skip
    outcomes = forms.CharField(
        label="Outcomes sought", required=False, max_length=5000, widget=forms.Textarea
    )
    eligibility = forms.CharField(
        label="Who can apply", required=False, max_length=5000, widget=forms.Textarea
    )
    areas = forms.CharField(
        label="Where", required=False, max_length=2000,
        help_text="Councils or wards, by name or GSS code, separated by semicolons.",
    )  # fmt: skip
    who = forms.MultipleChoiceField(label="Who it is for", required=False, widget=Checkboxes)
    services = forms.CharField(
        label="Services every bid must cover (UK-CAT tags)", required=False, max_length=2000,
        help_text="By code or name, separated by commas: for example, Older people, Food banks.",
    )  # fmt: skip
    value = forms.DecimalField(
        label="Whole value (pounds)", min_value=Decimal("0.01"), decimal_places=2, max_digits=14
    )
    duration_months = forms.IntegerField(
        label="Term (months)", min_value=1, max_value=240, initial=EXPECTED_MONTHS,
        help_text="Three years (36 months) or more is the expectation.",
    )  # fmt: skip
    short_term_reason = forms.CharField(
        label="Why a shorter term?", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    lots = forms.CharField(
        label="Lots", required=False, max_length=10_000, widget=forms.Textarea, help_text=LOTS_HELP
    )
    opens = forms.DateField(label="Opens", required=False, help_text=DATE_HELP)
    closes = forms.DateField(label="Closes", required=False, help_text=DATE_HELP)
    decision_by = forms.DateField(label="Decision by", required=False, help_text=DATE_HELP)
    starts = forms.DateField(label="Work starts", required=False, help_text=DATE_HELP)
    criteria = forms.CharField(
        label="Criteria bids are scored against", required=False, max_length=10_000, widget=forms.Textarea,
        help_text=CRITERIA_HELP,
    )  # fmt: skip
    replaces_programme = forms.CharField(
        label="A grant programme this replaces", required=False, max_length=300,
        help_text="If a contract takes the place of a grant programme, its name.",
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["who"].choices = category_choices()  # type: ignore[attr-defined]
        self.lot_values: list[LotValues] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["areas"] = clean_areas(self, "areas")
        for name, read in (("lots", lots_read), ("criteria", criteria_read), ("services", services_read)):
            values, problems = read(str(data.get(name) or ""))
            if problems:
                self.add_error(name, " ".join(problems[:5]))
            data[name] = values
        self.lot_values = list(data.pop("lots", []) or [])
        return data


def opportunity_initial(opportunity: Opportunity) -> dict[str, Any]:
    """A saved opportunity as its form shows it again."""
    initial = {
        name: getattr(opportunity, name)
        for name in (
            "kind", "route", "route_reason", "title", "summary", "specification", "outcomes",
            "eligibility", "who", "value", "duration_months", "short_term_reason", "opens", "closes",
            "decision_by", "starts", "replaces_programme",
        )
    }  # fmt: skip
    initial["areas"] = areas_typed(opportunity.areas)
    initial["services"] = ", ".join(service_labels().get(code, code) for code in opportunity.services)
    initial["lots"] = lots_typed(opportunity)
    initial["criteria"] = criteria_typed(opportunity.criteria)
    return initial


class PublishForm(forms.Form):
    over_warnings = forms.CharField(
        label="Why publish it as it is?", required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when the fair-access check has warnings; kept with the check.",
    )  # fmt: skip
