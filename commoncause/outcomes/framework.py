"""A council's outcomes framework: writes, and the rules behind them.

- A council starts from the documented starter set (`data/outcomes/starter_framework.csv`), once, and
  its officers change it from there: outcomes for citizens, each with indicators.
- An indicator has a unit and a direction, a baseline and a target (each with its year, each within
  what the unit allows: a percentage from 0 to 100, a score from 0 to 10, never below 0), a source, and
  whether its source breaks it down by ward. It is linked to the council's opportunities, whose awards'
  returns then ask for it (`indicators_asked`), and to themes and UK-CAT services.
- Every change is audited. Failing values raise `FrameworkError`, naming the field.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max, QuerySet

from commoncause.accounts.curation import DecisionError
from commoncause.accounts.models import AuditAction, Council
from commoncause.accounts.services import audit_record
from commoncause.funding.models import Award, Opportunity
from commoncause.outcomes.access import may_keep_outcomes
from commoncause.outcomes.models import Direction, Indicator, Outcome, Unit
from commoncause.places.themes import themes

BOUNDS: dict[str, tuple[Decimal | None, Decimal | None]] = {
    Unit.PERCENT: (Decimal(0), Decimal(100)),
    Unit.SCORE: (Decimal(0), Decimal(10)),
    Unit.PEOPLE: (Decimal(0), None),
    Unit.COUNT: (Decimal(0), None),
    Unit.HOURS: (Decimal(0), None),
    Unit.POUNDS: (Decimal(0), None),
}
UNIT_WORDS: dict[str, str] = {
    Unit.PEOPLE: "people",
    Unit.COUNT: "",
    Unit.PERCENT: "%",
    Unit.POUNDS: "£",
    Unit.HOURS: "hours",
    Unit.SCORE: "out of 10",
}
FIRST_YEAR, LAST_YEAR = 1990, 2100


class FrameworkError(DecisionError):
    """A framework change that cannot be made; `field` names the value at fault."""


@dataclass(frozen=True)
class StarterIndicator:
    name: str
    unit: str
    direction: str
    source: str
    by_ward: bool
    counts_outcomes: bool
    themes: tuple[str, ...]


@dataclass(frozen=True)
class StarterOutcome:
    title: str
    description: str
    indicators: tuple[StarterIndicator, ...]


@cache
def starter_set() -> tuple[StarterOutcome, ...]:
    """The starter framework, outcomes in the file's order, each with its indicators."""
    path = Path(settings.DATA_DIR) / "outcomes" / "starter_framework.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    found: dict[str, tuple[str, list[StarterIndicator]]] = {}
    for row in rows:
        description, listed = found.setdefault(row["outcome"], (row["outcome_description"], []))
        listed.append(
            StarterIndicator(
                name=row["indicator"],
                unit=row["unit"],
                direction=row["direction"],
                source=row["source"],
                by_ward=row["by_ward"] == "yes",
                counts_outcomes=row["counts_outcomes"] == "yes",
                themes=tuple(row["themes"].split()),
            )
        )
    return tuple(
        StarterOutcome(title, description, tuple(listed)) for title, (description, listed) in found.items()
    )


def framework_of(council: Council) -> QuerySet[Outcome]:
    return Outcome.objects.filter(council=council).prefetch_related("indicators__opportunities")


def _keeper(user: User, council: Council) -> None:
    if not may_keep_outcomes(user, council):
        raise FrameworkError("Only the council's officers change its outcomes framework.", not_allowed=True)


def _outcome_facts(outcome: Outcome) -> dict[str, Any]:
    return {"title": outcome.title, "description": outcome.description, "position": outcome.position}


def _indicator_facts(indicator: Indicator) -> dict[str, Any]:
    return {
        "outcome": indicator.outcome.title,
        "name": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "baseline": None if indicator.baseline is None else str(indicator.baseline),
        "baseline_year": indicator.baseline_year,
        "target": None if indicator.target is None else str(indicator.target),
        "target_year": indicator.target_year,
        "source": indicator.source,
        "by_ward": indicator.by_ward,
        "counts_outcomes": indicator.counts_outcomes,
        "themes": indicator.themes,
        "services": indicator.services,
        "opportunities": sorted(str(pk) for pk in indicator.opportunities.values_list("pk", flat=True)),
    }


def framework_from_starter(
    *, council: Council, actor: User | None, is_example: bool = False
) -> list[Outcome]:
    """Write the starter set as the council's framework (the caller checks who may), audited as one change."""
    made = []
    for position, starter in enumerate(starter_set(), start=1):
        outcome = Outcome.objects.create(
            council=council,
            title=starter.title,
            description=starter.description,
            position=position,
            created_by=actor,
            is_example=is_example,
        )
        for order, row in enumerate(starter.indicators, start=1):
            Indicator.objects.create(
                outcome=outcome,
                name=row.name,
                unit=row.unit,
                direction=row.direction,
                source=row.source,
                by_ward=row.by_ward,
                counts_outcomes=row.counts_outcomes,
                themes=list(row.themes),
                position=order,
            )
        made.append(outcome)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target_type="outcomes.framework",
        target_id=str(council.pk),
        target_label=f"Outcomes framework: {council.name}",
        after={"outcomes": [outcome.title for outcome in made]},
        note="Started from the starter set." + (" A demo example." if is_example else ""),
    )
    return made


@transaction.atomic
def framework_start(*, user: User, council: Council) -> list[Outcome]:
    """Give a council with no framework yet the starter set."""
    _keeper(user, council)
    if Outcome.objects.filter(council=council).exists():
        raise FrameworkError("This council already has a framework: change it from there.")
    return framework_from_starter(council=council, actor=user)


def _text(value: str, field: str, label: str, most: int, *, needed: bool = True) -> str:
    text = " ".join(value.split()) if field != "description" else value.strip()
    if needed and not text:
        raise FrameworkError(f"Enter {label}.", field=field)
    if len(text) > most:
        raise FrameworkError(
            f"{label[0].upper()}{label[1:]} must be {most} characters or fewer.", field=field
        )
    return text


@transaction.atomic
def outcome_save(
    *, user: User, council: Council, title: str, description: str = "", outcome: Outcome | None = None
) -> Outcome:
    """Add an outcome to a council's framework, or change one."""
    _keeper(user, council)
    if outcome is not None and outcome.council_id != council.pk:
        raise FrameworkError("That outcome is another council's.", not_allowed=True)
    title = _text(title, "title", "the outcome", 200)
    clash = Outcome.objects.filter(council=council, title__iexact=title)
    if outcome is not None:
        clash = clash.exclude(pk=outcome.pk)
    if clash.exists():
        raise FrameworkError("The framework already has an outcome with this title.", field="title")
    before = _outcome_facts(outcome) if outcome is not None else None
    if outcome is None:
        last = Outcome.objects.filter(council=council).aggregate(most=Max("position"))["most"] or 0
        outcome = Outcome(council=council, created_by=user, position=last + 1)
    outcome.title, outcome.description = (
        title,
        _text(description, "description", "the description", 5000, needed=False),
    )
    outcome.save()
    audit_record(
        actor=user,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        target=outcome,
        target_label=f"Outcome: {outcome.title}",
        before=before,
        after=_outcome_facts(outcome),
    )
    return outcome


@transaction.atomic
def outcome_delete(*, user: User, outcome: Outcome) -> None:
    """Take an outcome and its indicators out of the framework (returns keep the values they gave)."""
    _keeper(user, outcome.council)
    before = {
        **_outcome_facts(outcome),
        "indicators": list(outcome.indicators.values_list("name", flat=True)),
    }
    audit_record(
        actor=user,
        action=AuditAction.DELETE,
        target=outcome,
        target_label=f"Outcome: {outcome.title}",
        before=before,
    )
    outcome.delete()


def _decimal(value: object, field: str, label: str, unit: str) -> Decimal | None:
    text = "" if value is None else str(value).replace(",", "").replace("£", "").replace("%", "").strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise FrameworkError(f"Enter {label} as a number.", field=field)
    lowest, highest = BOUNDS.get(unit, (None, None))
    if lowest is not None and number < lowest:
        raise FrameworkError(f"{label[0].upper()}{label[1:]} cannot be below {lowest}.", field=field)
    if highest is not None and number > highest:
        raise FrameworkError(
            f"{label[0].upper()}{label[1:]} cannot be above {highest} for {Unit(unit).label.lower()}.",
            field=field,
        )
    if number != number.quantize(Decimal("0.01")):
        raise FrameworkError(f"Enter {label} to two decimal places at most.", field=field)
    return number


def _year(value: object, field: str, label: str) -> int | None:
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise FrameworkError(
            f"Enter {label} as a year from {FIRST_YEAR} to {LAST_YEAR}, such as 2025.", field=field
        )
    return int(text)


@dataclass(frozen=True)
class IndicatorValues:
    name: str
    unit: str
    direction: str
    source: str
    baseline: Decimal | None
    baseline_year: int | None
    target: Decimal | None
    target_year: int | None
    by_ward: bool
    counts_outcomes: bool
    themes: list[str]
    services: list[str]


def indicator_values_read(values: Mapping[str, Any]) -> IndicatorValues:
    """The values of an indicator, each checked; the first that fails is named."""
    name = _text(str(values.get("name") or ""), "name", "the indicator's name", 200)
    unit = str(values.get("unit") or "")
    if unit not in Unit.values:
        raise FrameworkError("Choose the indicator's unit.", field="unit")
    direction = str(values.get("direction") or "")
    if direction not in Direction.values:
        raise FrameworkError("Choose whether higher or lower is better.", field="direction")
    source = _text(str(values.get("source") or ""), "source", "where the figures come from", 500)
    baseline = _decimal(values.get("baseline"), "baseline", "the baseline", unit)
    target = _decimal(values.get("target"), "target", "the target", unit)
    baseline_year = _year(values.get("baseline_year"), "baseline_year", "the baseline's year")
    target_year = _year(values.get("target_year"), "target_year", "the target's year")
    if baseline is not None and baseline_year is None:
        raise FrameworkError("Give the year the baseline is for.", field="baseline_year")
    if target is not None and target_year is None:
        raise FrameworkError("Give the year the target is for.", field="target_year")
    if baseline_year and target_year and target_year < baseline_year:
        raise FrameworkError("The target's year cannot be before the baseline's.", field="target_year")
    if baseline is not None and target is not None and target != baseline:
        better = target > baseline if direction == Direction.HIGHER else target < baseline
        if not better:
            raise FrameworkError(
                f"The target should be {'above' if direction == Direction.HIGHER else 'below'} the "
                f"baseline, as {Direction(direction).label.lower()}.",
                field="target",
            )
    known = {theme.code for theme in themes()}
    chosen = [str(code) for code in values.get("themes") or []]
    if set(chosen) - known:
        raise FrameworkError("Choose themes from the list.", field="themes")
    services = [code.strip().upper() for code in str(values.get("services") or "").replace(",", " ").split()]
    if any(not code.isalnum() or len(code) > 10 for code in services):
        raise FrameworkError("Enter UK-CAT codes such as HE101, separated by spaces.", field="services")
    return IndicatorValues(
        name=name,
        unit=unit,
        direction=direction,
        source=source,
        baseline=baseline,
        baseline_year=baseline_year,
        target=target,
        target_year=target_year,
        by_ward=bool(values.get("by_ward")),
        counts_outcomes=bool(values.get("counts_outcomes")),
        themes=chosen,
        services=services,
    )


@transaction.atomic
def indicator_save(
    *,
    user: User,
    outcome: Outcome,
    values: Mapping[str, Any],
    opportunities: Iterable[Opportunity] = (),
    indicator: Indicator | None = None,
) -> Indicator:
    """Add an indicator to an outcome, or change one; linked only to the council's own opportunities."""
    _keeper(user, outcome.council)
    if indicator is not None and indicator.outcome.council_id != outcome.council_id:
        raise FrameworkError("That indicator is another council's.", not_allowed=True)
    read = indicator_values_read(values)
    linked = list(opportunities)
    if any(opportunity.council_id != outcome.council_id for opportunity in linked):
        raise FrameworkError("Link only your council's opportunities.", field="opportunities")
    clash = Indicator.objects.filter(outcome__council=outcome.council, name__iexact=read.name)
    if indicator is not None:
        clash = clash.exclude(pk=indicator.pk)
    if clash.exists():
        raise FrameworkError("The framework already has an indicator with this name.", field="name")
    before = _indicator_facts(indicator) if indicator is not None else None
    if indicator is None:
        last = Indicator.objects.filter(outcome=outcome).aggregate(most=Max("position"))["most"] or 0
        indicator = Indicator(position=last + 1)
    indicator.outcome = outcome
    for name, value in read.__dict__.items():
        setattr(indicator, name, value)
    indicator.save()
    indicator.opportunities.set(linked)
    audit_record(
        actor=user,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        target=indicator,
        target_label=f"Indicator: {indicator.name}",
        before=before,
        after=_indicator_facts(indicator),
    )
    return indicator


@transaction.atomic
def indicator_delete(*, user: User, indicator: Indicator) -> None:
    _keeper(user, indicator.outcome.council)
    audit_record(
        actor=user,
        action=AuditAction.DELETE,
        target=indicator,
        target_label=f"Indicator: {indicator.name}",
        before=_indicator_facts(indicator),
    )
    indicator.delete()


def indicator_bounds(indicator: Indicator) -> dict[str, Any]:
    """An indicator as a return asks for it: name, unit in words, and the values it may take."""
    lowest, highest = BOUNDS.get(indicator.unit, (None, None))
    return {
        "name": indicator.name,
        "unit": UNIT_WORDS.get(indicator.unit, ""),
        "lowest": lowest,
        "highest": highest,
    }


def indicators_for_award(award: Award) -> Sequence[Indicator]:
    return list(
        Indicator.objects.filter(opportunities=award.opportunity_id)
        .select_related("outcome")
        .order_by("outcome__position", "position", "id")
    )


def indicators_asked(sender: object, award: Award, **kwargs: object) -> list[dict[str, Any]]:
    """Receiver of `core.events.return_indicators_wanted`: the framework's indicators for this award."""
    return [indicator_bounds(indicator) for indicator in indicators_for_award(award)]
