"""A monitoring plan held against the proportionate-monitoring checks (`proportionate_monitoring_checks.csv`).

Each check the plan and the award can decide passes or fails with a plain reason; the others need a
person's judgement and are listed "to confirm", with what to ask. Decided here:
- NAO-1 no more reports than the tier asks (one, at the end, for the smallest grants);
- NAO-4 no heavier evidence than the tier asks (receipts, invoices, audits… that it does not name);
- NAO-5 a return given to another funder can be reused (the return page offers it);
- NAO-6 anything asked item by item (receipts, invoices, timesheets) only on a sample;
- NAO-8 every item says what evidence, if any, stands behind it;
- NAO-R2 every change from the proposal is explained (agreeing it with the provider is confirmed);
- IVAR-1 every item says what is asked and how often;
- IVAR-3 the risk rating adds nothing at low or medium risk, and one item at most at high risk;
- IVAR-4 the award was decided by the published decision date;
- IVAR-8 the burden in proportion to the value: reports and items within what the tier asks;
- LBF-1 the award's reasons are recorded;
- LBF-2 the plan is set at the start (before the first period ends);
- LBF-3 the plan keeps the tier's routine contact, saying what relationship is wanted;
- LBF-4 nothing bespoke beyond the tier without a reason.
Measures (items with a unit) spell out a tier that asks for outcomes or measures, so they are not
counted as asking more of it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from commoncause.core.templatetags.govuk_format import format_money
from commoncause.funding.commissioning.tiers import MonitoringCheck, Tier, shipped_checks
from commoncause.funding.models import Award, Risk
from commoncause.funding.monitoring_proposal import (
    PlanItem,
    PlanValues,
    ProposedPlan,
    contact_item,
    monitoring_plan_propose,
    plan_changed,
)
from commoncause.funding.monitoring_schedule import ScheduledReturn, Term, long_date, returns_schedule

PASS, FAIL, CONFIRM = "pass", "fail", "confirm"
STATUS_WORDS = {PASS: "Passes", FAIL: "Fails", CONFIRM: "To confirm"}
# Evidence heavier than a statement: named only where the tier asks for it.
HEAVY = (
    "receipt", "invoice", "bank statement", "timesheet", "time sheet", "payslip", "ledger", "audit",
    "case file", "case record", "photo", "attendance register", "certificate", "evaluation",
)  # fmt: skip
ITEM_BY_ITEM = ("receipt", "invoice", "bank statement", "timesheet", "time sheet", "payslip", "case file")
JUDGEMENT = {
    "NAO-2": "Ask the provider when its own year and reports fall, and whether the returns can match them.",
    "NAO-3": "Consider whether any item could be reported only when something goes wrong.",
    "NAO-7": "Consider whether any item could come from elsewhere, such as a survey of the people served.",
    "NAO-R1": "Confirm the opportunity said, before bids, what monitoring its tier would ask.",
    "NAO-R3": "After each return, tell the provider what was done with it.",
    "IVAR-2": "Confirm each item informs a decision the council will make.",
    "IVAR-5": "Confirm feedback and reasons went to every bidder, and the round's success rate is published.",
    "IVAR-6": "Consider whether the funding can be unrestricted or flexible.",
    "IVAR-7": "Confirm each meeting and report has a purpose and leaves the provider time to do the work.",
    "LBF-5": "Give feedback on each return received.",
    "LBF-6": "Tell the provider what is done with the information.",
}


@dataclass(frozen=True)
class CheckResult:
    """One check of a plan: passes, fails or is for a person to confirm, and why."""

    id: str
    check: str
    source: str
    status: str
    reason: str

    @property
    def status_words(self) -> str:
        return STATUS_WORDS[self.status]

    def as_json(self) -> dict[str, str]:
        return {
            "id": self.id, "check": self.check, "source": self.source, "status": self.status,
            "reason": self.reason,
        }  # fmt: skip


@dataclass(frozen=True)
class Facts:
    """What the checks look at: the plan, its award, the tier's own plan and the plan proposed."""

    award: Award
    plan: PlanValues
    baseline: ProposedPlan  # the tier as it stands (medium risk)
    proposal: ProposedPlan  # at the plan's risk
    schedule: tuple[ScheduledReturn, ...]
    today: dt.date

    @property
    def tier(self) -> Tier:
        return self.baseline.tier

    @property
    def term(self) -> Term:
        return self.baseline.term

    def beyond(self, against: ProposedPlan) -> list[PlanItem]:
        """Items not in `against` (by what they ask), measures of a tier asking for outcomes excepted."""
        asked = {item.key for item in against.items}
        requirement = self.tier.requirement.casefold()
        spells_out = "outcome" in requirement or "measure" in requirement
        return [item for item in self.plan.items if item.key not in asked and not (item.unit and spells_out)]


def asks_for(word: str, text: str) -> bool:
    """Whether `text` asks for `word` ("receipts"), not ruling it out ("no receipts", "without receipts")."""
    return re.search(rf"(?<!no )(?<!not )(?<!without ){re.escape(word)}", text.casefold()) is not None


def _names(items: list[PlanItem]) -> str:
    return "; ".join(f"“{item.what}”" for item in items)


def _reports(count: int) -> str:
    return "one report" if count == 1 else f"{count} reports"


def _frequency(facts: Facts) -> tuple[str, str]:
    """NAO-1: no more reports than the tier asks."""
    planned, asked = len(facts.schedule), len(facts.baseline.schedule)
    said = f"tier {facts.tier.code} asks for {_reports(asked)}: “{facts.tier.frequency}”"
    if planned <= asked:
        return PASS, f"{_reports(planned).capitalize()} over the award's {facts.term.months} months; {said}."
    exception = facts.baseline.frequency.exception
    if exception is not None and planned <= len(returns_schedule(facts.term, exception)):
        return CONFIRM, (
            f"{_reports(planned).capitalize()}, where {said}. It allows more only if "
            f"{facts.baseline.frequency.condition}. Confirm that it is."
        )
    return FAIL, f"{_reports(planned).capitalize()} over the award, but {said}. Ask for reports less often."


def _heavier(item: PlanItem, facts: Facts) -> list[str]:
    same = [asked for asked in facts.proposal.items if asked.key == item.key]
    allowed = " ".join(asked.evidence for asked in same or facts.baseline.items).casefold()
    allowed += " " + facts.tier.requirement.casefold()
    return [word for word in HEAVY if asks_for(word, item.evidence) and not asks_for(word, allowed)]


def _evidence(facts: Facts) -> tuple[str, str]:
    """NAO-4: no evidence the tier does not need."""
    heavier = [(item, words) for item in facts.plan.items if (words := _heavier(item, facts))]
    if not heavier:
        return PASS, f"No item asks for heavier evidence than tier {facts.tier.code} does."
    named = "; ".join(f"“{item.what}” asks for {', '.join(words)}" for item, words in heavier)
    return FAIL, f"{named}: tier {facts.tier.code} does not need it. A statement would do."


def _reuse(facts: Facts) -> tuple[str, str]:
    """NAO-5: data given to another funder can be reused."""
    asks = "asks for it" if "reuse" in facts.tier.requirement.casefold() else "allows it"
    return PASS, (
        f"Each return can start from one the organisation gave for another award on this service; "
        f"tier {facts.tier.code} {asks}."
    )


def _sample(facts: Facts) -> tuple[str, str]:
    """NAO-6: item-by-item evidence only on a sample."""
    every = [
        item
        for item in facts.plan.items
        if any(asks_for(word, item.evidence) for word in ITEM_BY_ITEM)
        and "sample" not in item.evidence.casefold()
    ]
    if every:
        return FAIL, f"{_names(every)} asks for evidence of every item of spending or work: ask for a sample."
    return PASS, "Nothing is asked for item by item, except on a sample."


def _reliability(facts: Facts) -> tuple[str, str]:
    """NAO-8: every item says what evidence stands behind it."""
    silent = [item for item in facts.plan.items if not item.evidence]
    if silent:
        return FAIL, f"{_names(silent)} does not say what evidence, if any, backs it (write “none” if none)."
    return PASS, "Every item says what backs it, or that nothing is needed."


def _justified(facts: Facts) -> tuple[str, str]:
    """NAO-R2: every change explained; agreeing the plan with the provider is confirmed by a person."""
    if not plan_changed(facts.plan, facts.proposal):
        return CONFIRM, (
            f"Every request comes from tier {facts.tier.code} at {facts.plan.risk} risk. "
            "Confirm the provider has agreed the plan."
        )
    if not facts.plan.changed_reason:
        return FAIL, "The plan differs from the one proposed and does not say why."
    return CONFIRM, (
        f"The change from the proposal is explained: “{facts.plan.changed_reason[:200]}”. "
        "Confirm the provider has agreed it."
    )


def _clear(facts: Facts) -> tuple[str, str]:
    """IVAR-1: every item says what is asked and how often."""
    if not facts.plan.items:
        return FAIL, "The plan asks for nothing: say what is to be reported, even if only at the end."
    vague = [item for item in facts.plan.items if not item.what or not item.how_often]
    if vague:
        return FAIL, f"{len(vague)} item(s) do not say what is asked or how often."
    return (
        PASS,
        f"Each of the {len(facts.plan.items)} items says what is asked and how often; nothing else is.",
    )


def _risk(facts: Facts) -> tuple[str, str]:
    """IVAR-3: risk adds nothing at low or medium risk, one item at most at high risk."""
    added = facts.beyond(facts.baseline)
    allowed = 1 if facts.plan.risk == Risk.HIGH else 0
    rated = f"Risk rated {facts.plan.risk}"
    if len(added) > allowed:
        limit = "one item at most" if allowed else "nothing"
        return (
            FAIL,
            f"{rated}: it may add {limit} to tier {facts.tier.code}, but the plan adds {_names(added)}.",
        )
    if added:
        return PASS, f"{rated}: the plan adds one item to tier {facts.tier.code}, {_names(added)}."
    return PASS, f"{rated}: the plan asks for nothing beyond tier {facts.tier.code}."


def _timetable(facts: Facts) -> tuple[str, str]:
    """IVAR-4: decided by the published decision date."""
    by, on = facts.award.opportunity.decision_by, facts.award.award_date
    if by is None:
        return CONFIRM, "The opportunity published no decision date: confirm the timetable was kept."
    if on <= by:
        return PASS, f"Decided on {long_date(on)}, by the published date ({long_date(by)})."
    return (
        FAIL,
        f"Decided on {long_date(on)}, {(on - by).days} days after the published date ({long_date(by)}).",
    )


def _proportion(facts: Facts) -> tuple[str, str]:
    """IVAR-8: reports and items within what the tier (and risk) asks, for the award's value."""
    planned, asked = len(facts.schedule), len(facts.baseline.schedule)
    added = facts.beyond(facts.proposal)
    value = format_money(facts.award.amount)
    each = format_money(facts.award.amount / planned) if planned else value
    said = f"{_reports(planned)} (one for each {each}) and {len(facts.plan.items)} items for {value}"
    if planned <= asked and not added:
        return PASS, f"{said.capitalize()}: within tier {facts.tier.code} ({facts.tier.band})."
    more = [f"{_reports(planned)} where the tier asks {asked}"] if planned > asked else []
    more += [f"items beyond it: {_names(added)}"] if added else []
    status = _frequency(facts)[0] if not added else FAIL
    return status, f"{said.capitalize()}: more than tier {facts.tier.code} asks ({'; '.join(more)})."


def _why_awarded(facts: Facts) -> tuple[str, str]:
    """LBF-1: the award's reasons are recorded."""
    reasons = " ".join(facts.award.reasons.split())
    if not reasons:
        return FAIL, "The award records no reasons: say why it was made."
    return PASS, f"The award's reasons are recorded: “{reasons[:160]}{'…' if len(reasons) > 160 else ''}”"


def _at_the_start(facts: Facts) -> tuple[str, str]:
    """LBF-2: reporting agreed at the start."""
    if facts.today <= facts.term.starts:
        return PASS, f"Set before the award starts on {long_date(facts.term.starts)}."
    first = facts.schedule[0] if facts.schedule else None
    if first is not None and facts.today <= first.ends:
        return PASS, f"Set within the first period ({first.period}), before any return is due."
    return CONFIRM, "Set after the first period ended: confirm the reporting was agreed at the start."


def _relationship(facts: Facts) -> tuple[str, str]:
    """LBF-3: the plan says what contact the funder wants."""
    contact = contact_item(facts.tier)
    if contact is None:
        return PASS, f"No routine contact: tier {facts.tier.code} asks for none."
    if any(item.key == contact.key for item in facts.plan.items):
        return PASS, f"The plan keeps the tier's contact: {contact.what.lower()}."
    return CONFIRM, f"Tier {facts.tier.code} expects {contact.what.lower()}: confirm what contact is wanted."


def _bespoke(facts: Facts) -> tuple[str, str]:
    """LBF-4: nothing beyond the tier without a reason."""
    added = facts.beyond(facts.proposal)
    if not added:
        return (
            PASS,
            f"Nothing is asked beyond what tier {facts.tier.code} at {facts.plan.risk} risk proposes.",
        )
    if not facts.plan.changed_reason:
        return FAIL, f"{_names(added)} is asked beyond the tier, with no reason given."
    return (
        CONFIRM,
        f"{_names(added)} is asked beyond the tier, for the reason given: confirm it will be used.",
    )


DECIDED: dict[str, Callable[[Facts], tuple[str, str]]] = {
    "NAO-1": _frequency, "NAO-4": _evidence, "NAO-5": _reuse, "NAO-6": _sample, "NAO-8": _reliability,
    "NAO-R2": _justified, "IVAR-1": _clear, "IVAR-3": _risk, "IVAR-4": _timetable, "IVAR-8": _proportion,
    "LBF-1": _why_awarded, "LBF-2": _at_the_start, "LBF-3": _relationship, "LBF-4": _bespoke,
}  # fmt: skip


def plan_facts(plan: PlanValues, award: Award, *, today: dt.date | None = None) -> Facts:
    """What the checks look at; `today` is when the plan is being set (today unless given)."""
    proposal = monitoring_plan_propose(award, plan.risk)
    return Facts(
        award=award,
        plan=plan,
        baseline=monitoring_plan_propose(award, Risk.MEDIUM),
        proposal=proposal,
        schedule=returns_schedule(proposal.term, plan.reports_per_year),
        today=today or timezone.localdate(),
    )


def _result(check: MonitoringCheck, facts: Facts) -> CheckResult:
    decide = DECIDED.get(check.id)
    if decide is None:
        prompt = JUDGEMENT.get(check.id, "A person's judgement.")
        return CheckResult(check.id, check.check, check.source, CONFIRM, prompt)
    status, reason = decide(facts)
    return CheckResult(check.id, check.check, check.source, status, reason)


def monitoring_plan_check(
    plan: PlanValues, award: Award, *, today: dt.date | None = None
) -> list[CheckResult]:
    """The plan held against every proportionate-monitoring check, in the checks file's order."""
    facts = plan_facts(plan, award, today=today)
    return [_result(check, facts) for check in shipped_checks()]
