"""Saved scenarios weighed against a council's funding as it stands: the inputs read from its awards,
returns and grants, hand-worked impacts, the notice due, the checks on what is saved, and the audit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User

from commoncause.accounts.models import AuditEntry, Role
from commoncause.accounts.tests.cast import council, person, staff
from commoncause.funding.models import Award, AwardStatus, Grant
from commoncause.funding.tests.monitoring_samples import (
    officer_of,
    organisation,
    other_council,
    register_loaded,
)
from commoncause.outcomes.funded import council_funded, org_key
from commoncause.outcomes.models import Scenario
from commoncause.outcomes.scenarios import ScenarioSaveError, scenario_delete, scenario_run, scenario_save
from commoncause.outcomes.tests.ledger_samples import E1, E2, OTHER, RECIPIENT, two_awards

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 6)


@pytest.fixture
def awards() -> tuple[Award, Award]:
    register_loaded()
    found = two_awards()
    for award, income in zip(found, (40_000, 200_000), strict=True):
        award.organisation.latest_income = income
        award.organisation.save(update_fields=["latest_income"])
    return found


@pytest.fixture
def officer() -> User:
    return staff("officer@council.example", Role.OFFICER)


def _values(**changed: Any) -> dict[str, Any]:
    return {"name": "End A", "kind": "cut", "decided_on": TODAY, "closure_share": "25", **changed}


def test_the_funding_weighed_is_each_running_award_a_year_with_its_reach(awards: tuple[Award, Award]) -> None:
    first, second = awards
    weighed = council_funded(council(), TODAY)
    lines = weighed.lines
    a, b = lines[f"award:{first.pk}"], lines[f"award:{second.pk}"]
    assert (a.amount_a_year, a.beneficiaries, a.volunteer_hours, a.reported) == (
        Decimal(12_000), 140, Decimal(500), True
    )  # fmt: skip
    assert (b.amount_a_year, b.beneficiaries, b.volunteer_hours, b.ends) == (
        Decimal(4_500), 45, Decimal(100), dt.date(2027, 3, 31)
    )  # fmt: skip
    by_key = {item.key: item for item in weighed.funded}
    assert by_key[a.key].wards == {E1, E2}
    assert by_key[a.key].themes == {"older"}
    assert weighed.incomes == {org_key(first.organisation_id): Decimal(40_000),
                               org_key(second.organisation_id): Decimal(200_000)}  # fmt: skip
    assert weighed.organisations[a.organisation_key] == first.organisation.name
    # Ended, or past its last day: not running, so not weighed.
    second.status = AwardStatus.ENDED
    second.save(update_fields=["status"])
    assert set(council_funded(council(), TODAY).lines) == {a.key}
    assert set(council_funded(council(), dt.date(2028, 4, 1)).lines) == set()


def test_ending_an_award_loses_its_year_of_people_and_hours_and_its_only_wards(
    awards: tuple[Award, Award], officer: User
) -> None:
    first, _ = awards
    found = scenario_save(
        user=officer, council=council(), values=_values(cuts={f"award:{first.pk}": "100"}),
        weighed=council_funded(council(), TODAY),
    )  # fmt: skip
    result = scenario_run(found, today=TODAY)
    impact = result.impact

    assert impact.saved_a_year == Decimal(12_000)
    assert (impact.beneficiaries_lost, impact.volunteer_hours_lost) == (140, Decimal(500))
    # E1 had A alone for older people; E2 keeps B.
    assert [(loss.ward, loss.theme) for loss in impact.wards_losing_only_provider] == [(E1, "older")]
    assert impact.wards_at_risk == []
    # £12,000 of £40,000 is 30%, over 25%.
    [fall] = impact.closure_risk
    assert (fall.organisation, fall.share) == (org_key(first.organisation_id), Decimal("0.3"))
    assert impact.earliest_effect == dt.date(2027, 3, 6)
    [cut] = result.cuts
    assert cut.notice == "3 months' written notice; it can be ended from 6 March 2027 at the earliest."
    # 500 hours at the National Living Wage in force on 6 March 2027, the latest shipped (£12.71).
    assert result.rate is not None
    assert result.hours_value == Decimal("6355.00")
    assert result.gone == []


def test_a_reduction_loses_its_share_and_funding_ending_before_notice_runs_out_counts_for_nothing(
    awards: tuple[Award, Award], officer: User
) -> None:
    _, second = awards
    weighed = council_funded(council(), TODAY)
    values = _values(name="Trim B", cuts={f"award:{second.pk}": "40"})
    found = scenario_save(user=officer, council=council(), values=values, weighed=weighed)
    assert found.cuts == [{"key": f"award:{second.pk}", "share": "0.4"}]
    result = scenario_run(found, today=TODAY)

    assert result.impact.saved_a_year == Decimal(1_800)
    assert (result.impact.beneficiaries_lost, result.impact.volunteer_hours_lost) == (18, Decimal(40))
    assert result.impact.wards_losing_only_provider == []
    assert result.impact.closure_risk == []  # £1,800 of £200,000
    [cut] = result.cuts
    assert cut.notice == "3 months' written notice; it can be reduced from 6 March 2027 at the earliest."
    assert result.ending_anyway == []

    # Decided on 10 January 2027, notice runs to 10 April: B ends on 31 March anyway.
    later = scenario_save(
        user=officer, council=council(), weighed=weighed, values=_values(
            name="End B later", decided_on=dt.date(2027, 1, 10), cuts={f"award:{second.pk}": "100"}
        ),
    )  # fmt: skip
    result = scenario_run(later, today=TODAY)
    assert result.cuts == []
    [anyway] = result.ending_anyway
    assert anyway.notice.startswith("It ends on 31 March 2027, before 3 months' notice would run out")
    assert (result.impact.saved_a_year, result.impact.beneficiaries_lost) == (Decimal(0), 0)
    assert result.impact.wards_losing_only_provider == []


def test_merging_keeps_people_and_wards_and_weighs_the_saving_against_its_cost(
    awards: tuple[Award, Award], officer: User
) -> None:
    first, second = awards
    values = _values(
        name="One front door", kind="share", cuts={f"award:{first.pk}": "1", f"award:{second.pk}": "1"},
        lead=org_key(first.organisation_id), saving_share="10", one_off_cost="2,000", years="3",
    )  # fmt: skip
    found = scenario_save(
        user=officer, council=council(), values=values, weighed=council_funded(council(), TODAY)
    )
    assert (found.saving_share, found.one_off_cost, found.years) == (Decimal("0.1"), Decimal(2_000), 3)
    result = scenario_run(found, today=TODAY)

    # 10% of £16,500: £1,650 a year; over 3 years £4,950, less £2,000: £2,950; paid back in 15 months.
    assert result.impact.saved_a_year == Decimal(1_650)
    assert result.impact.net_saving == Decimal(2_950)
    assert result.impact.payback_months == 15
    assert result.impact.beneficiaries_lost == 0
    assert result.impact.wards_kept == 2
    assert result.lead_name == first.organisation.name
    assert [cut.saved_a_year for cut in result.cuts] == [Decimal(1_200), Decimal(450)]
    assert result.hours_value == Decimal("7626.00")  # the 600 hours a year kept, at £12.71


@pytest.mark.parametrize(
    ("changed", "field", "words"),
    [
        ({"name": " "}, "name", "Give the scenario a name"),
        ({"kind": "raid"}, "kind", "cut funding or to merge"),
        ({"decided_on": "soon"}, "decided_on", "the day the decision"),
        ({"closure_share": "0"}, "closure_share", "more than 0%"),
        ({"closure_share": "lots"}, "closure_share", "as a percentage"),
        ({"cuts": {}}, "cuts", "at least one award"),
        ({"cuts": {"award:123": "100"}}, "cuts", "running awards and grants listed"),
        ({"cuts": "A"}, "cuts", "Cancer support in the community as a percentage"),
        ({"cuts": "0"}, "cuts", "more than 0% and at most 100%"),
        ({"cuts": "120"}, "cuts", "at most 100%"),
        ({"cuts": "33.33"}, "cuts", "one decimal place"),
        ({"kind": "share", "cuts": "1"}, "cuts", "at least two"),
        ({"kind": "share", "cuts": "both", "lead": "nobody"}, "lead", "lead from the organisations"),
        (
            {"kind": "share", "cuts": "both", "lead": "A", "saving_share": "100"},
            "saving_share",
            "less than 100%",
        ),
        (
            {"kind": "share", "cuts": "both", "lead": "A", "saving_share": "5", "one_off_cost": "-1"},
            "one_off_cost",
            "at least £0",
        ),  # fmt: skip
        (
            {"kind": "share", "cuts": "both", "lead": "A", "saving_share": "5", "years": "12"},
            "years",
            "1 to 10",
        ),
    ],
)
def test_a_scenario_that_cannot_be_weighed_is_refused_naming_its_field(
    awards: tuple[Award, Award], officer: User, changed: dict[str, Any], field: str, words: str
) -> None:
    first, second = awards
    if changed.get("cuts") == "both":
        changed["cuts"] = {f"award:{first.pk}": "1", f"award:{second.pk}": "1"}
    elif isinstance(changed.get("cuts"), str):
        changed["cuts"] = {f"award:{first.pk}": changed["cuts"]}
    if changed.get("lead") == "A":
        changed["lead"] = org_key(first.organisation_id)
    values = _values(**{"cuts": {f"award:{first.pk}": "100"}, "years": "3", "one_off_cost": "0", **changed})
    with pytest.raises(ScenarioSaveError, match=words) as refused:
        scenario_save(
            user=officer, council=council(), values=values, weighed=council_funded(council(), TODAY)
        )
    assert refused.value.field == field
    assert not Scenario.objects.exists()


def test_only_the_councils_officers_keep_its_scenarios_and_each_change_is_audited(
    awards: tuple[Award, Award], officer: User
) -> None:
    first, _ = awards
    weighed = council_funded(council(), TODAY)
    values = _values(cuts={f"award:{first.pk}": "100"})
    for user in (officer_of(other_council(), "elsewhere@council.example"), person("member@group.example")):
        with pytest.raises(ScenarioSaveError) as refused:
            scenario_save(user=user, council=council(), values=values, weighed=weighed)
        assert refused.value.not_allowed
    found = scenario_save(user=officer, council=council(), values=values, weighed=weighed)
    scenario_save(user=officer, council=council(), values={**values, "name": "End A now"}, weighed=weighed,
                  found=found)  # fmt: skip
    with pytest.raises(ScenarioSaveError) as theirs:
        scenario_save(user=officer, council=other_council(), values=values, weighed=weighed, found=found)
    assert theirs.value.not_allowed
    scenario_delete(user=officer, found=found)
    entries = AuditEntry.objects.filter(target_type="outcomes.scenario").order_by("id")
    assert [entry.action for entry in entries] == ["create", "update", "delete"]
    assert entries[1].before["name"] == "End A"
    assert entries[1].after["name"] == "End A now"


def test_funding_ended_since_the_scenario_was_saved_is_listed_as_gone(
    awards: tuple[Award, Award], officer: User
) -> None:
    first, second = awards
    found = scenario_save(
        user=officer, council=council(), weighed=council_funded(council(), TODAY),
        values=_values(cuts={f"award:{first.pk}": "100", f"award:{second.pk}": "50"}),
    )  # fmt: skip
    Award.objects.filter(pk=second.pk).update(status=AwardStatus.ENDED)
    result = scenario_run(found, today=TODAY)
    assert result.gone == [f"award:{second.pk}"]
    assert result.impact.saved_a_year == Decimal(12_000)


def test_the_councils_published_grants_are_weighed_beside_its_awards(awards: tuple[Award, Award]) -> None:
    where = council()
    where.org_id = "GB-LAE-TEST"
    where.save(update_fields=["org_id"])
    recipient = organisation(RECIPIENT)

    def grant(number: int, amount: int, start: str, end: str, **extra: Any) -> Grant:
        return Grant.objects.create(
            grant_id=f"360G-test-{number}", title=f"Grant {number}", currency="GBP",
            amount_awarded=Decimal(amount),
            award_date=dt.date.fromisoformat(start), funder_org_id="GB-LAE-TEST", funder_name="Test council",
            recipient=recipient, recipient_name=recipient.name, source_file="test.json",
            data={"plannedDates": [{"startDate": start, "endDate": end}]}, **extra,
        )  # fmt: skip

    running = grant(1, 24_000, "2026-06-01", "2028-05-31")
    grant(2, 5_000, "2024-06-01", "2025-05-31")  # over
    through_award = grant(3, 36_000, "2025-04-01", "2028-03-31")
    Award.objects.filter(pk=awards[0].pk).update(grant=through_award)
    lines = council_funded(where, TODAY).lines

    line = lines[f"grant:{running.pk}"]
    assert (line.kind, line.amount_a_year, line.reported, line.ends) == (
        "grant", Decimal(12_000), False, dt.date(2028, 5, 31)
    )  # fmt: skip
    assert {key for key in lines if key.startswith("grant:")} == {f"grant:{running.pk}"}
    assert OTHER != RECIPIENT
