"""What a return says of its reach, checked: volunteers and their hours, people reached by ward, and the
values of the indicators a council's outcomes framework asks for. Each impossible value is refused with
its reason, naming the field.

- Volunteers are a whole number of people; their hours a number to one decimal place. Hours need
  volunteers to give them, and no volunteer gives more than every hour of the period (168 a week over
  the weeks between returns, from the plan's reports a year).
- People reached by ward are whole numbers for the award's wards only, and together no more than the
  people reached in all, when that is given (a person counts in one ward).
- Indicators asked for by the framework (`core.events.return_indicators_wanted`) keep to their bounds:
  a percentage from 0 to 100, a count of people not below 0, as each says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from commoncause.core.events import return_indicators_wanted
from commoncause.core.templatetags.govuk_format import format_number
from commoncause.funding.consortium_builder import requirement_wards
from commoncause.funding.models import Award, MonitoringPlan

HOURS_A_WEEK = 168
WEEKS_A_YEAR = Decimal("52.18")
TENTH = Decimal("0.1")


class ReachError(ValueError):
    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


def award_wards(award: Award) -> dict[str, str]:
    """The wards an award's work is in, by code with their names: its lot's, else its opportunity's."""
    return requirement_wards(award.opportunity, award.bid.lot if award.bid_id else None)


def framework_indicators(award: Award) -> list[dict[str, Any]]:
    """The indicators the council's outcomes framework asks of this award's returns (none when no app
    answers), each once by name."""
    found: dict[str, dict[str, Any]] = {}
    for _receiver, answer in return_indicators_wanted.send(sender=Award, award=award):
        if not isinstance(answer, list):
            continue
        for row in answer:
            found.setdefault(str(row["name"]).casefold(), dict(row))
    return list(found.values())


def _whole(value: object, field: str, what: str) -> int | None:
    text = "" if value is None else str(value).replace(",", "").strip()
    if not text:
        return None
    if isinstance(value, bool) or not text.lstrip("-").isdigit():
        raise ReachError(f"Enter {what} as a whole number.", field=field)
    if int(text) < 0:
        raise ReachError(f"{what[0].upper()}{what[1:]} cannot be fewer than 0.", field=field)
    return int(text)


def volunteers_read(value: object) -> int | None:
    return _whole(value, "volunteers", "the volunteers")


def _period_weeks(plan: MonitoringPlan | None) -> Decimal:
    per_year = plan.reports_per_year if plan is not None and plan.reports_per_year > 0 else Decimal(1)
    return WEEKS_A_YEAR / per_year


def volunteer_hours_read(
    value: object, volunteers: int | None, plan: MonitoringPlan | None
) -> Decimal | None:
    text = "" if value is None else str(value).replace(",", "").strip()
    if not text:
        return None
    try:
        hours = Decimal(text)
    except InvalidOperation:
        hours = Decimal("NaN")
    if not hours.is_finite():
        raise ReachError(
            "Enter the volunteer hours as a number, such as 120 or 87.5.", field="volunteer_hours"
        )
    if hours < 0:
        raise ReachError("Volunteer hours cannot be less than 0.", field="volunteer_hours")
    if hours != hours.quantize(TENTH):
        raise ReachError("Enter the volunteer hours to one decimal place at most.", field="volunteer_hours")
    if hours > 0 and not volunteers:
        raise ReachError("Give the number of volunteers who gave these hours.", field="volunteer_hours")
    weeks = _period_weeks(plan)
    most = (Decimal(volunteers or 0) * HOURS_A_WEEK * weeks).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if hours > most:
        raise ReachError(
            f"{format_number(hours)} hours is more than {format_number(volunteers or 0)} "
            f"{'volunteer' if volunteers == 1 else 'volunteers'} "
            f"could give in a period of about {weeks.quantize(Decimal(1))} weeks "
            f"({format_number(most)} hours, every hour of every day).",
            field="volunteer_hours",
        )
    return hours


def ward_beneficiaries_read(
    rows: Mapping[str, object], wards: Mapping[str, str], beneficiaries: int | None
) -> dict[str, int]:
    """People reached by ward: only the award's wards, whole numbers, adding up to no more than the
    people reached in all."""
    found: dict[str, int] = {}
    for code, value in rows.items():
        if code not in wards:
            raise ReachError(f"{code} is not one of this award's wards.", field="ward_beneficiaries")
        count = _whole(value, f"ward_{code}", f"the people reached in {wards[code]}")
        if count is not None:
            found[code] = count
    total = sum(found.values())
    if beneficiaries is not None and total > beneficiaries:
        raise ReachError(
            f"The people reached by ward add up to {format_number(total)}, more than the "
            f"{format_number(beneficiaries)} reached in all. A person counts in one ward only.",
            field="ward_beneficiaries",
        )
    return found


def indicator_bounds_check(
    indicators: Sequence[Mapping[str, str]], asked: Sequence[Mapping[str, Any]]
) -> None:
    """Each value given for an indicator the framework asks for keeps to its bounds."""
    bounds = {str(row["name"]).casefold(): row for row in asked}
    for number, row in enumerate(indicators, start=1):
        spec = bounds.get(row["name"].casefold())
        if spec is None or not row.get("value"):
            continue
        value = Decimal(row["value"])
        lowest, highest = spec.get("lowest"), spec.get("highest")
        unit = "" if not spec.get("unit") else "%" if spec["unit"] == "%" else f" {spec['unit']}"
        if lowest is not None and value < lowest:
            raise ReachError(
                f"Indicator {number} ({spec['name']}): {format_number(value)}{unit} is below the lowest "
                f"it can be, {format_number(lowest)}.",
                field="indicators",
            )
        if highest is not None and value > highest:
            raise ReachError(
                f"Indicator {number} ({spec['name']}): {format_number(value)}{unit} is above the highest "
                f"it can be, {format_number(highest)}.",
                field="indicators",
            )
