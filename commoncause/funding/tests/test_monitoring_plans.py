"""Monitoring plans: proposed from the award's tier and risk, held against the proportionate-monitoring
checks, saved by the opportunity's keepers with a reason for any change, and scheduling the returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User

from commoncause.accounts.curation import DecisionError
from commoncause.accounts.models import AuditEntry
from commoncause.accounts.tests.cast import person, staff
from commoncause.funding.commissioning.tiers import shipped_checks, shipped_tiers
from commoncause.funding.models import Award, MonitoringPlan, MonitoringReturn, ReturnStatus
from commoncause.funding.monitoring import (
    CheckResult,
    PlanItem,
    PlanValues,
    monitoring_plan_check,
    monitoring_plan_propose,
    monitoring_plan_save,
)
from commoncause.funding.monitoring_checks import JUDGEMENT
from commoncause.funding.monitoring_proposal import READINGS, tier_items
from commoncause.funding.monitoring_schedule import Term, returns_schedule
from commoncause.funding.tests.monitoring_samples import (
    RECIPIENT,
    award_made,
    member_of,
    officer_of,
    other_council,
    register_loaded,
)

pytestmark = pytest.mark.django_db

D = dt.date
BEFORE_START = D(2026, 3, 10)


@pytest.fixture(autouse=True)
def _register(db: None) -> None:
    register_loaded()


def _checks(plan: PlanValues, award: Award, today: dt.date = BEFORE_START) -> dict[str, CheckResult]:
    return {result.id: result for result in monitoring_plan_check(plan, award, today=today)}


# The proposal, tier by tier -------------------------------------------------------------------------


def test_a_small_grant_gets_one_short_report_at_the_end_and_no_routine_contact() -> None:
    award = award_made(amount=8_000)
    proposal = monitoring_plan_propose(award, "medium")
    assert proposal.tier.code == "T1"
    assert proposal.reports_per_year == Decimal("0.33")  # one report in 36 months
    assert [(entry.period, entry.due) for entry in proposal.schedule] == [
        ("April 2026 to March 2029", D(2029, 4, 30))
    ]
    assert [item.as_json() for item in proposal.items] == [
        {
            "what": "One short end-of-grant report: what happened, who benefited, what was learned",
            "how_often": "once, at the end of the award",
            "evidence": "None routinely: receipts only if the grant is picked for a small random sample",
        }
    ]


def test_a_one_year_small_grant_reports_once_a_year_which_is_once() -> None:
    award = award_made(amount=8_000, ends=D(2027, 3, 31))
    proposal = monitoring_plan_propose(award, "low")
    assert proposal.reports_per_year == 1
    assert [(entry.period, entry.due) for entry in proposal.schedule] == [("Year 1", D(2027, 4, 30))]


def test_a_multi_year_tier_two_award_reports_every_six_months_with_a_conversation_a_year() -> None:
    award = award_made(amount=45_000)
    proposal = monitoring_plan_propose(award, "medium")
    assert proposal.tier.code == "T2"
    assert proposal.reports_per_year == 2  # "annual (6-monthly if multi-year)": 36 months is multi-year
    assert [(entry.period, entry.due) for entry in proposal.schedule] == [
        ("April to September 2026", D(2026, 10, 31)),
        ("October 2026 to March 2027", D(2027, 4, 30)),
        ("April to September 2027", D(2027, 10, 31)),
        ("October 2027 to March 2028", D(2028, 4, 30)),
        ("April to September 2028", D(2028, 10, 31)),
        ("October 2028 to March 2029", D(2029, 4, 30)),
    ]
    assert [(item.what, item.how_often) for item in proposal.items] == [
        ("A short report against the group's own agreed outcomes", "every six months"),
        ("A light finance statement: what was spent", "every six months"),
        ("One conversation a year", "once a year"),
    ]


def test_a_one_year_tier_two_award_reports_once() -> None:
    award = award_made(amount=45_000, ends=D(2027, 3, 31))
    proposal = monitoring_plan_propose(award, "medium")
    assert proposal.reports_per_year == 1
    assert [entry.period for entry in proposal.schedule] == ["Year 1"]


def test_tier_three_reports_six_monthly_and_tier_four_quarterly_with_their_meetings() -> None:
    three = monitoring_plan_propose(award_made(amount=250_000), "medium")
    four = monitoring_plan_propose(award_made(amount=1_200_000, title="Contract"), "medium")
    assert (three.tier.code, three.reports_per_year, len(three.schedule)) == ("T3", Decimal(2), 6)
    assert [item.what for item in three.items][-1] == "Annual review meeting"
    assert (four.tier.code, four.reports_per_year, len(four.schedule)) == ("T4", Decimal(4), 12)
    assert four.schedule[0].period == "April to June 2026"
    assert four.schedule[0].due == D(2026, 7, 31)
    assert [item.what for item in four.items][-1] == "Quarterly contract meeting"
    assert len(four.items) == 5


def test_high_risk_adds_one_check_in_and_low_risk_adds_nothing() -> None:
    award = award_made(amount=45_000)
    medium, low, high = (monitoring_plan_propose(award, risk) for risk in ("medium", "low", "high"))
    assert low.items == medium.items
    assert high.items[:-1] == medium.items
    assert high.items[-1].what == "A check-in on the risks named when the award was made"
    assert high.reports_per_year == medium.reports_per_year == low.reports_per_year
    with pytest.raises(ValueError, match="risk"):
        monitoring_plan_propose(award, "extreme")


def test_without_dates_the_term_runs_from_the_award_date_for_the_opportunitys_duration() -> None:
    award = award_made(amount=45_000, starts=None, ends=None, award_date=D(2026, 3, 2), duration_months=24)
    proposal = monitoring_plan_propose(award, "medium")
    assert (proposal.term.starts, proposal.term.ends, proposal.term.months) == (
        D(2026, 3, 2),
        D(2028, 3, 1),
        24,
    )
    assert [(entry.period, entry.due) for entry in proposal.schedule][:2] == [
        ("2 March to 1 September 2026", D(2026, 10, 1)),
        ("2 September 2026 to 1 March 2027", D(2027, 4, 1)),
    ]
    assert "for the opportunity's 24 months" in proposal.reasons[1]


def test_a_short_last_stretch_joins_the_period_before() -> None:
    term = Term(D(2026, 4, 1), D(2029, 4, 30), "test")  # 37 months
    assert [entry.period for entry in returns_schedule(term, Decimal(1))] == ["Year 1", "Year 2", "Year 3"]
    assert returns_schedule(term, Decimal(1))[-1].ends == D(2029, 4, 30)


def test_every_shipped_tier_has_a_reading_resting_on_its_own_words() -> None:
    for tier, reading in zip(shipped_tiers(), READINGS, strict=True):
        assert all(words in tier.requirement.casefold() for words in reading.words), tier.code
        assert tier_items(tier) == reading.items
    changed = replace(shipped_tiers()[0], requirement="a page on what happened")
    assert [item.what for item in tier_items(changed)] == ["A page on what happened"]


# The checks -------------------------------------------------------------------------------------------


def test_every_check_is_answered_and_those_needing_judgement_are_to_confirm() -> None:
    award = award_made(amount=45_000)
    results = monitoring_plan_check(
        monitoring_plan_propose(award, "medium").values, award, today=BEFORE_START
    )
    assert [result.id for result in results] == [check.id for check in shipped_checks()]
    confirm = {result.id for result in results if result.status == "confirm"}
    assert confirm == set(JUDGEMENT) | {"NAO-R2"}  # agreeing the plan with the provider is a person's
    assert {result.status for result in results if result.id not in confirm} == {"pass"}
    assert all(result.reason for result in results)


def test_a_proposal_passes_every_decided_check_at_every_tier_and_risk() -> None:
    for amount in (8_000, 45_000, 250_000, 1_200_000):
        award = award_made(amount=amount, title=f"Round {amount}")
        for risk in ("low", "medium", "high"):
            results = _checks(monitoring_plan_propose(award, risk).values, award)
            assert [r.id for r in results.values() if r.status == "fail"] == [], (amount, risk)


def test_reporting_more_often_than_the_tier_fails_and_a_small_grant_gets_one_report() -> None:
    award = award_made(amount=8_000)
    plan = replace(monitoring_plan_propose(award, "medium").values, reports_per_year=Decimal(4))
    results = _checks(plan, award)
    assert results["NAO-1"].status == "fail"
    assert results["NAO-1"].reason == (
        "12 reports over the award, but tier T1 asks for one report: “end of grant”. "
        "Ask for reports less often."
    )
    assert results["IVAR-8"].status == "fail"


def test_quarterly_reports_at_tier_three_are_to_confirm_that_payment_is_quarterly() -> None:
    award = award_made(amount=250_000)
    plan = replace(monitoring_plan_propose(award, "medium").values, reports_per_year=Decimal(4))
    result = _checks(plan, award)["NAO-1"]
    assert result.status == "confirm"
    assert "only if payment is quarterly" in result.reason


def test_the_burden_is_shown_in_proportion_to_the_value() -> None:
    award = award_made(amount=45_000)
    result = _checks(monitoring_plan_propose(award, "medium").values, award)["IVAR-8"]
    assert result.reason == (
        "6 reports (one for each £7,500) and 3 items for £45,000: within tier T2 (£10,000 to under £100,000)."
    )


def _with_evidence(award: Award, number: int, evidence: str) -> PlanValues:
    plan = monitoring_plan_propose(award, "medium").values
    items = list(plan.items)
    items[number] = replace(items[number], evidence=evidence)
    return replace(plan, items=tuple(items), changed_reason="Asked by the finance team.")


def test_evidence_the_tier_does_not_need_fails_and_receipts_must_be_a_sample() -> None:
    award = award_made(amount=45_000)
    results = _checks(_with_evidence(award, 1, "Every receipt and invoice"), award)
    assert results["NAO-4"].status == "fail"
    assert "asks for receipt, invoice" in results["NAO-4"].reason
    assert results["NAO-6"].status == "fail"
    sampled = _checks(_with_evidence(award, 1, "A statement; receipts for a sample of ten items"), award)
    assert sampled["NAO-6"].status == "pass"
    small = award_made(amount=8_000, title="Small grants")
    every = _checks(_with_evidence(small, 0, "All receipts"), small)
    assert every["NAO-4"].status == "pass"  # T1 names receipts (on a sample)…
    assert every["NAO-6"].status == "fail"  # …so all of them is the sampling check's to catch


def test_an_item_without_evidence_fails_reliability() -> None:
    award = award_made(amount=45_000)
    results = _checks(_with_evidence(award, 0, ""), award)
    assert results["NAO-8"].status == "fail"
    assert "A short report against the group's own agreed outcomes" in results["NAO-8"].reason


def _added(award: Award, risk: str, *items: PlanItem, reason: str = "Agreed with the group.") -> PlanValues:
    plan = monitoring_plan_propose(award, risk).values
    return replace(plan, items=plan.items + items, changed_reason=reason)


EXTRA = PlanItem("Monthly case studies", "every month", "Two case studies")


def test_risk_adds_nothing_at_low_risk_and_one_item_at_most_at_high_risk() -> None:
    award = award_made(amount=45_000)
    assert _checks(_added(award, "low", EXTRA), award)["IVAR-3"].status == "fail"
    high = _checks(monitoring_plan_propose(award, "high").values, award)["IVAR-3"]
    assert high.status == "pass"
    assert "adds one item" in high.reason
    assert _checks(_added(award, "high", EXTRA), award)["IVAR-3"].status == "fail"


def test_items_beyond_the_tier_need_a_reason_and_then_are_to_confirm() -> None:
    award = award_made(amount=45_000)
    without = _checks(_added(award, "medium", EXTRA, reason=""), award)
    assert without["LBF-4"].status == "fail"
    assert without["NAO-R2"].status == "fail"
    given = _checks(_added(award, "medium", EXTRA), award)
    assert given["LBF-4"].status == "confirm"
    assert given["IVAR-8"].status == "fail"


def test_measures_spell_out_a_tier_that_asks_for_outcomes_but_add_to_one_that_does_not() -> None:
    measure = PlanItem("People supported", "every six months", "Own records", unit="people")
    award = award_made(amount=45_000)
    assert _checks(_added(award, "low", measure), award)["IVAR-3"].status == "pass"
    small = award_made(amount=8_000, title="Small grants")
    assert _checks(_added(small, "low", measure), small)["IVAR-3"].status == "fail"


def test_a_late_decision_fails_the_timetable_check_by_its_days() -> None:
    late = award_made(amount=45_000, award_date=D(2026, 3, 20))
    result = _checks(monitoring_plan_propose(late, "medium").values, late)["IVAR-4"]
    assert result.status == "fail"
    assert "14 days after the published date (6 March 2026)" in result.reason
    undated = award_made(amount=45_000, decision_by=None, title="Undated")
    assert _checks(monitoring_plan_propose(undated, "medium").values, undated)["IVAR-4"].status == "confirm"


def test_an_award_without_reasons_and_a_plan_set_late_are_caught() -> None:
    award = award_made(amount=45_000, reasons="  ")
    results = _checks(monitoring_plan_propose(award, "medium").values, award, today=D(2026, 11, 1))
    assert results["LBF-1"].status == "fail"
    assert results["LBF-2"].status == "confirm"  # the first period ended on 30 September 2026
    early = _checks(monitoring_plan_propose(award, "medium").values, award, today=D(2026, 5, 1))
    assert early["LBF-2"].status == "pass"


def test_dropping_the_tiers_contact_is_to_confirm() -> None:
    award = award_made(amount=45_000)
    plan = monitoring_plan_propose(award, "medium").values
    dropped = replace(plan, items=plan.items[:-1], changed_reason="No meeting wanted.")
    assert _checks(dropped, award)["LBF-3"].status == "confirm"
    assert _checks(plan, award)["LBF-3"].status == "pass"


# Saving -----------------------------------------------------------------------------------------------


def _save(user: User, award: Award, **changes: Any) -> MonitoringPlan:
    proposal = monitoring_plan_propose(award, str(changes.pop("risk", "medium")))
    values: dict[str, Any] = {
        "risk": proposal.risk, "items": proposal.items_json, "reports_per_year": proposal.reports_per_year,
        "changed_reason": "",
    }  # fmt: skip
    values.update(changes)
    return monitoring_plan_save(user=user, award=award, today=BEFORE_START, **values)


def test_an_officer_saves_the_proposed_plan_with_its_checks_and_schedule_and_it_is_audited(
    officer: User,
) -> None:
    award = award_made(amount=45_000)
    plan = _save(officer, award)
    assert (plan.tier, plan.risk, plan.reports_per_year, plan.changed_reason) == (
        "T2",
        "medium",
        Decimal(2),
        "",
    )
    assert len(plan.checks) == 25
    assert {check["status"] for check in plan.checks} == {"pass", "confirm"}
    returns = list(award.returns.all())
    assert [(found.period, found.due, found.status) for found in returns][0] == (
        "April to September 2026",
        D(2026, 10, 31),
        ReturnStatus.DUE,
    )
    assert len(returns) == 6
    entry = AuditEntry.objects.get(target_type="funding.monitoringplan", target_id=str(plan.pk))
    assert entry.action == "create"
    assert entry.actor == officer
    assert entry.after["returns"][0] == {"period": "April to September 2026", "due": "2026-10-31"}
    assert entry.after["checks"]["NAO-1"] == "pass"


@pytest.mark.parametrize("who", ["member", "curator", "other_officer", "stranger"])
def test_only_the_opportunitys_keepers_save_a_plan(who: str) -> None:
    award = award_made(amount=45_000)
    user = {
        "member": lambda: member_of(person("member@charity.example"), RECIPIENT),
        "curator": lambda: staff("curator@cvs.example", "curator"),
        "other_officer": lambda: officer_of(other_council(), "officer@derry.example"),
        "stranger": lambda: person("someone@example.org"),
    }[who]()
    with pytest.raises(DecisionError) as refused:
        _save(user, award)
    assert refused.value.not_allowed
    assert not MonitoringPlan.objects.exists()
    assert not MonitoringReturn.objects.exists()


def test_an_administrator_keeps_every_opportunity_and_saves_its_plan(admin_user: User) -> None:
    assert _save(admin_user, award_made(amount=8_000)).tier == "T1"


def test_a_change_from_the_proposal_needs_a_reason(officer: User) -> None:
    award = award_made(amount=45_000)
    with pytest.raises(DecisionError) as refused:
        _save(officer, award, reports_per_year=1)
    assert refused.value.field == "changed_reason"
    assert not MonitoringPlan.objects.exists()
    plan = _save(officer, award, reports_per_year=1, changed_reason="  Matches the group's own year. ")
    assert plan.changed_reason == "Matches the group's own year."
    assert [found.period for found in award.returns.all()] == ["Year 1", "Year 2", "Year 3"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"risk": "extreme"}, "risk"),
        ({"reports_per_year": 0}, "reports_per_year"),
        ({"reports_per_year": 13}, "reports_per_year"),
        ({"reports_per_year": "often"}, "reports_per_year"),
        ({"items": []}, "items"),
        ({"items": [{"what": "", "how_often": "", "evidence": ""}]}, "items"),
        ({"items": [{"what": "A report", "how_often": "", "evidence": "none"}]}, "items"),
    ],
)
def test_impossible_plan_values_are_refused_by_their_field(
    officer: User, changes: dict[str, Any], field: str
) -> None:
    award = award_made(amount=45_000)
    values: dict[str, Any] = {"changed_reason": "Changed.", **changes}
    if values.get("risk") == "extreme":
        values["items"] = [{"what": "A report", "how_often": "yearly", "evidence": "none"}]
    with pytest.raises(DecisionError) as refused:
        monitoring_plan_save(
            user=officer, award=award, risk=str(values.pop("risk", "medium")),
            items=values.pop("items", monitoring_plan_propose(award, "medium").items_json),
            reports_per_year=values.pop("reports_per_year", 2), **values,
        )  # fmt: skip
    assert refused.value.field == field


def test_changing_the_plan_remakes_the_returns_not_yet_submitted(officer: User) -> None:
    award = award_made(amount=45_000)
    _save(officer, award)
    first, second, *rest = award.returns.order_by("due")
    MonitoringReturn.objects.filter(pk=first.pk).update(status=ReturnStatus.SUBMITTED, narrative="Done.")
    MonitoringReturn.objects.filter(pk=second.pk).update(status=ReturnStatus.DRAFT, narrative="Half written.")
    _save(officer, award, reports_per_year=1, changed_reason="Once a year suits the group.")
    returns = list(award.returns.order_by("due"))
    assert [(found.period, found.status) for found in returns] == [
        ("April to September 2026", ReturnStatus.SUBMITTED),
        ("Year 1", ReturnStatus.DRAFT),
        ("Year 2", ReturnStatus.DUE),
        ("Year 3", ReturnStatus.DUE),
    ]
    assert returns[1].pk == second.pk
    assert returns[1].narrative == "Half written."  # the draft keeps its words in its new period
    assert not MonitoringReturn.objects.filter(pk__in=[found.pk for found in rest[2:]]).exists()
    removed = AuditEntry.objects.filter(target_type="funding.monitoringreturn", action="delete")
    assert removed.count() == 2
    update = AuditEntry.objects.get(target_type="funding.monitoringplan", action="update")
    assert update.before["reports_per_year"] == "2.00"
    assert update.after["reports_per_year"] == "1.00"


def test_saving_the_same_plan_again_keeps_every_return(officer: User) -> None:
    award = award_made(amount=45_000)
    _save(officer, award)
    before = list(award.returns.values_list("pk", "period", "due"))
    _save(officer, award)
    assert list(award.returns.values_list("pk", "period", "due")) == before
