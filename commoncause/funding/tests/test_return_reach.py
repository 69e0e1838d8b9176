"""A return's reach: volunteers and their hours, people reached by ward and the framework's indicators,
each impossible value refused with its reason and field, nothing saved; good values saved, audited and
copied when a return is reused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User

from commoncause.accounts.models import AuditEntry, Role
from commoncause.accounts.tests.cast import council, person, staff
from commoncause.funding.models import Award, MonitoringPlan, MonitoringReturn, ReturnStatus
from commoncause.funding.monitoring import MonitoringError, monitoring_return_reuse, monitoring_return_save
from commoncause.funding.return_reach import (
    ReachError,
    award_wards,
    volunteer_hours_read,
    ward_beneficiaries_read,
)
from commoncause.funding.tests.monitoring_samples import RECIPIENT, award_made, member_of, register_loaded
from commoncause.outcomes.framework import indicator_save, outcome_save

pytestmark = pytest.mark.django_db
E1, E2, E3 = "E05000001", "E05000002", "E05000003"


@pytest.fixture
def award() -> Award:
    register_loaded()
    found = award_made()
    found.opportunity.areas = [E1, E2]
    found.opportunity.save(update_fields=["areas"])
    MonitoringPlan.objects.create(award=found, tier="T2", reports_per_year=Decimal(2), items=[])
    return found


@pytest.fixture
def member() -> User:
    return member_of(person("member@group.example"), RECIPIENT)


def _due(award: Award, period: str = "April to September 2026") -> MonitoringReturn:
    return MonitoringReturn.objects.create(award=award, period=period, due=dt.date(2026, 10, 31))


def _save(member: User, found: MonitoringReturn, **values: Any) -> MonitoringReturn:
    given: dict[str, Any] = {"narrative": "What happened.", "beneficiaries": "50", **values}
    return monitoring_return_save(user=member, monitoring_return=found, **given)


def test_volunteer_hours_are_bounded_by_every_hour_of_the_period() -> None:
    plan = MonitoringPlan(reports_per_year=Decimal(2))
    # Six months is 26.09 weeks: 2 volunteers could give at most 2 × 168 × 26.09 = 8,766 hours.
    assert volunteer_hours_read("8766", 2, plan) == Decimal(8766)
    with pytest.raises(ReachError, match="more than 2 volunteers could give") as over:
        volunteer_hours_read("8767", 2, plan)
    assert over.value.field == "volunteer_hours"
    # With no plan a period counts as a year: 52.18 weeks, 2 × 168 × 52.18 = 17,532 hours.
    assert volunteer_hours_read("17532", 2, None) == Decimal(17532)
    with pytest.raises(ReachError):
        volunteer_hours_read("17533", 2, None)
    assert volunteer_hours_read("", 2, plan) is None
    assert volunteer_hours_read("0", None, plan) == Decimal(0)


@pytest.mark.parametrize(
    ("hours", "volunteers", "words"),
    [
        ("12", None, "Give the number of volunteers"),
        ("-1", 3, "cannot be less than 0"),
        ("lots", 3, "as a number"),
        ("NaN", 3, "as a number"),
        ("2.25", 3, "one decimal place"),
    ],
)
def test_impossible_volunteer_hours_are_refused(hours: str, volunteers: int | None, words: str) -> None:
    with pytest.raises(ReachError, match=words):
        volunteer_hours_read(hours, volunteers, None)


def test_people_by_ward_are_the_awards_wards_and_add_up_to_no_more_than_in_all() -> None:
    wards = {E1: "Abbey", E2: "Bridge"}
    assert ward_beneficiaries_read({E1: "30", E2: "20"}, wards, 50) == {E1: 30, E2: 20}
    assert ward_beneficiaries_read({E1: "30"}, wards, None) == {E1: 30}
    with pytest.raises(ReachError, match="add up to 51, more than the 50 reached in all") as over:
        ward_beneficiaries_read({E1: "31", E2: "20"}, wards, 50)
    assert over.value.field == "ward_beneficiaries"
    with pytest.raises(ReachError, match="not one of this award's wards"):
        ward_beneficiaries_read({E3: "5"}, wards, 50)
    with pytest.raises(ReachError, match="people reached in Abbey as a whole number") as typed:
        ward_beneficiaries_read({E1: "a few"}, wards, 50)
    assert typed.value.field == f"ward_{E1}"
    with pytest.raises(ReachError, match="cannot be fewer than 0"):
        ward_beneficiaries_read({E1: "-2"}, wards, 50)


def test_a_return_saves_its_reach_and_the_audit_keeps_it(award: Award, member: User) -> None:
    assert award_wards(award) == {E1: E1, E2: E2}  # codes the places tables do not hold stand for themselves
    found = _save(
        member, _due(award), volunteers="6", volunteer_hours="84.5", ward_beneficiaries={E1: "30", E2: "20"},
        submit=True,
    )  # fmt: skip

    saved = MonitoringReturn.objects.get(pk=found.pk)
    assert (saved.volunteers, saved.volunteer_hours, saved.ward_beneficiaries) == (
        6, Decimal("84.5"), {E1: 30, E2: 20}
    )  # fmt: skip
    entry = AuditEntry.objects.filter(target_type="funding.monitoringreturn").latest("id")
    assert entry.after["volunteers"] == 6
    assert entry.after["volunteer_hours"] == "84.5"
    assert entry.after["ward_beneficiaries"] == {E1: 30, E2: 20}


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"volunteers": "two"}, "volunteers"),
        ({"volunteers": "2", "volunteer_hours": "9000"}, "volunteer_hours"),
        ({"ward_beneficiaries": {E1: "40", E2: "20"}}, "ward_beneficiaries"),
        ({"ward_beneficiaries": {E3: "1"}}, "ward_beneficiaries"),
    ],
)
def test_an_impossible_return_is_refused_by_field_and_nothing_is_saved(
    award: Award, member: User, values: dict[str, Any], field: str
) -> None:
    found = _due(award)
    with pytest.raises(MonitoringError) as refused:
        _save(member, found, **values)
    assert refused.value.field == field
    kept = MonitoringReturn.objects.get(pk=found.pk)
    assert (kept.status, kept.narrative, kept.volunteers, kept.ward_beneficiaries) == (
        ReturnStatus.DUE,
        "",
        None,
        {},
    )


def test_the_frameworks_indicators_keep_to_their_units_bounds(award: Award, member: User) -> None:
    officer = staff("officer@council.example", Role.OFFICER)
    outcome = outcome_save(user=officer, council=council(), title="People are less lonely")
    indicator_save(
        user=officer, outcome=outcome, opportunities=[award.opportunity],
        values={"name": "People who feel less alone", "unit": "percent", "direction": "higher",
                "source": "Reported in returns"},
    )  # fmt: skip
    found = _due(award)
    with pytest.raises(
        MonitoringError, match=r"Indicator 1 \(People who feel less alone\): 120% is above"
    ) as over:
        _save(member, found, indicators=[{"name": "people who feel less alone", "value": "120", "unit": "%"}])
    assert over.value.field == "indicators"
    # An indicator of the organisation's own has no bounds but its being a number.
    saved = _save(
        member, found, indicators=[
            {"name": "People who feel less alone", "value": "64", "unit": "%"},
            {"name": "Calls made", "value": "-3", "unit": "calls"},
        ],
    )  # fmt: skip
    assert [row["value"] for row in saved.indicators] == ["64", "-3"]


def test_a_reused_return_brings_its_volunteers_but_not_another_awards_wards(
    award: Award, member: User
) -> None:
    other = award_made(amount=12_000, title="Another funder's grant")
    source = _save(member, _due(other), volunteers="4", volunteer_hours="40", submit=True)
    found = _due(award, "October 2026 to March 2027")

    reused = monitoring_return_reuse(user=member, monitoring_return=found, source=source)
    assert (reused.volunteers, reused.volunteer_hours, reused.ward_beneficiaries) == (4, Decimal(40), {})
