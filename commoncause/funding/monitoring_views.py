"""Pages of monitoring: an award's plan and returns' schedule, one return, and a person's returns.
Thin: parse, check who may (funding.access), call `monitoring`, render.

Who may: the plan and its returns are seen by the recipient's members and the opportunity's keepers
(404 for anyone else); keepers change the plan (403 for members), members fill the returns (403 for
keepers, who read them once submitted).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.funding import monitoring
from commoncause.funding.access import may_keep_opportunity, may_see_monitoring, may_write_returns
from commoncause.funding.commissioning.tiers import tier_for
from commoncause.funding.models import Award, MonitoringPlan, MonitoringReturn, ReturnStatus, Risk
from commoncause.funding.monitoring_checks import STATUS_WORDS
from commoncause.funding.monitoring_forms import PlanForm, ReturnForm
from commoncause.funding.monitoring_proposal import PlanItem, plan_indicators
from commoncause.funding.monitoring_selectors import (
    award_for_monitoring,
    monitoring_plan_of,
    return_of,
    returns_for,
    returns_of,
    returns_to_reuse,
)
from commoncause.funding.return_reach import award_wards, framework_indicators

ROW_FIELDS = {"items", "indicators", "source"}


def _award_or_404(request: AuthenticatedHttpRequest, award_id: uuid.UUID) -> Award:
    award = award_for_monitoring(award_id)
    if award is None or not may_see_monitoring(request.user, award):
        raise Http404("No such award.")
    return award


def _checks_shown(checks: list[dict[str, str]]) -> dict[str, Any]:
    shown = [
        {**check, "status_words": STATUS_WORDS.get(check["status"], check["status"])} for check in checks
    ]
    counts = {status: sum(1 for check in checks if check["status"] == status) for status in STATUS_WORDS}
    return {"checks": shown, "check_counts": counts}


def _plan_context(award: Award, plan: MonitoringPlan | None, risk: str) -> dict[str, Any]:
    """The plan as saved or, when there is none or another risk is asked for, as proposed."""
    proposal = monitoring.monitoring_plan_propose(award, risk)
    showing_saved = plan is not None and plan.risk == risk
    if plan is not None and showing_saved:
        items = [PlanItem.of(item) for item in plan.items]
        checks = list(plan.checks)
    else:
        items = list(proposal.items)
        checks = [check.as_json() for check in monitoring.monitoring_plan_check(proposal.values, award)]
    return {
        "proposal": proposal, "showing_saved": showing_saved, "items": items, "risk": risk,
        **_checks_shown(checks),
    }  # fmt: skip


def _plan_form(request: AuthenticatedHttpRequest, award: Award, context: dict[str, Any]) -> PlanForm:
    plan, proposal = context["plan"], context["proposal"]
    saved = context["showing_saved"]
    initial = {
        "risk": context["risk"],
        "reports_per_year": f"{plan.reports_per_year if saved else proposal.reports_per_year}",
        "changed_reason": plan.changed_reason if saved else "",
    }
    items = [item.as_json() for item in context["items"]]
    return PlanForm(request.POST or None, initial=initial, items=items)


def _plan_save(request: AuthenticatedHttpRequest, award: Award, form: PlanForm) -> bool:
    try:
        monitoring.monitoring_plan_save(
            user=request.user, award=award, risk=form.cleaned_data["risk"], items=form.items(),
            reports_per_year=form.cleaned_data["reports_per_year"],
            changed_reason=form.cleaned_data.get("changed_reason") or "",
        )  # fmt: skip
    except monitoring.MonitoringError as problem:
        if problem.not_allowed:
            raise PermissionDenied(str(problem)) from None
        form.add_error(problem.field if problem.field in form.fields else None, str(problem))
        return False
    return True


@access(SIGNED_IN, object_level=True)
def award_monitoring(request: AuthenticatedHttpRequest, award_id: uuid.UUID) -> HttpResponse:
    award = _award_or_404(request, award_id)
    keeper = may_keep_opportunity(request.user, award.opportunity)
    if request.method == "POST" and not keeper:
        raise PermissionDenied("Only the opportunity's council officers set the monitoring plan.")
    plan = monitoring_plan_of(award)
    asked = request.POST.get("risk") if request.method == "POST" else request.GET.get("risk")
    risk = asked if keeper and asked in Risk.values else (plan.risk if plan else Risk.MEDIUM)
    context: dict[str, Any] = {
        "award": award, "plan": plan, "keeper": keeper, "tier": tier_for(award.amount),
        "returns": returns_of(award), "today": monitoring.today(), "risks": Risk.choices,
        **_plan_context(award, plan, str(risk)),
    }  # fmt: skip
    form = _plan_form(request, award, context) if keeper else None
    if form is not None and request.method == "POST" and form.is_valid() and _plan_save(request, award, form):
        messages.success(request, "The monitoring plan is saved, and its returns are scheduled.")
        return redirect("funding:award_monitoring", award_id=award.pk)
    context["form"] = form
    status = 400 if form is not None and form.errors else 200
    return render(request, "funding/monitoring/plan.html", context, status=status)


def _return_form(request: AuthenticatedHttpRequest, found: MonitoringReturn) -> ReturnForm:
    plan = monitoring_plan_of(found.award)
    listed = [dict(row) for row in found.indicators]
    given = {row["name"].casefold() for row in found.indicators}
    for row in [*framework_indicators(found.award), *plan_indicators(plan.items if plan else [])]:
        if row["name"].casefold() not in given:
            given.add(row["name"].casefold())
            listed.append({"name": row["name"], "value": "", "unit": row["unit"]})
    initial = {
        "narrative": found.narrative, "spend": "" if found.spend is None else f"{found.spend}",
        "beneficiaries": "" if found.beneficiaries is None else str(found.beneficiaries),
        "volunteers": "" if found.volunteers is None else str(found.volunteers),
        "volunteer_hours": "" if found.volunteer_hours is None else f"{found.volunteer_hours.normalize():f}",
        **{f"ward_{code}": str(count) for code, count in found.ward_beneficiaries.items()},
    }  # fmt: skip
    data = request.POST if request.method == "POST" and request.POST.get("action") != "reuse" else None
    return ReturnForm(data, initial=initial, indicators=listed, wards=award_wards(found.award))


def _return_save(request: AuthenticatedHttpRequest, found: MonitoringReturn, form: ReturnForm) -> bool:
    submit = request.POST.get("action") == "submit"
    try:
        monitoring.monitoring_return_save(
            user=request.user, monitoring_return=found, narrative=form.cleaned_data.get("narrative") or "",
            spend=form.cleaned_data.get("spend"), beneficiaries=form.cleaned_data.get("beneficiaries"),
            indicators=form.indicators(), submit=submit, volunteers=form.cleaned_data.get("volunteers"),
            volunteer_hours=form.cleaned_data.get("volunteer_hours"),
            ward_beneficiaries=form.ward_beneficiaries(),
        )  # fmt: skip
    except monitoring.MonitoringError as problem:
        if problem.not_allowed:
            raise PermissionDenied(str(problem)) from None
        field = problem.field if problem.field in form.fields else None
        if field is None and problem.field == "ward_beneficiaries" and form.ward_fields():
            field = form.ward_fields()[0].name
        form.add_error(field, str(problem))
        return False
    messages.success(
        request, f"Your return for {found.period} is {'submitted' if submit else 'saved as a draft'}."
    )
    return True


def _reuse(request: AuthenticatedHttpRequest, found: MonitoringReturn) -> str:
    """Start the return from another; the problem to show, or '' once done."""
    key = request.POST.get("source", "")
    source = MonitoringReturn.objects.filter(pk=int(key)).first() if key.isdigit() else None
    if source is None:
        return "Choose a return to start from."
    try:
        monitoring.monitoring_return_reuse(user=request.user, monitoring_return=found, source=source)
    except monitoring.MonitoringError as problem:
        if problem.not_allowed:
            raise PermissionDenied(str(problem)) from None
        return str(problem)
    messages.success(
        request, "Your return starts from the one you chose: check it and add this period's spend."
    )
    return ""


def _wards_reached(found: MonitoringReturn) -> list[tuple[str, int]]:
    if not found.ward_beneficiaries:
        return []
    names = award_wards(found.award)
    return [(names.get(code, code), count) for code, count in sorted(found.ward_beneficiaries.items())]


@access(SIGNED_IN, object_level=True)
def return_detail(request: AuthenticatedHttpRequest, award_id: uuid.UUID, return_id: int) -> HttpResponse:
    award = _award_or_404(request, award_id)
    found = return_of(award, return_id)
    if found is None:
        raise Http404("No such return.")
    writer = may_write_returns(request.user, award)
    if request.method == "POST" and not writer:
        raise PermissionDenied("Only the recipient organisation's members fill in its returns.")
    open_to_write = writer and found.status != ReturnStatus.SUBMITTED
    form = _return_form(request, found) if writer else None
    reuse_error = ""
    if request.method == "POST" and form is not None:
        if request.POST.get("action") == "reuse":
            reuse_error = _reuse(request, found)
            if not reuse_error:
                return redirect("funding:return_detail", award_id=award.pk, return_id=found.pk)
        elif form.is_valid() and _return_save(request, found, form):
            return redirect("funding:return_detail", award_id=award.pk, return_id=found.pk)
    context = {
        "award": award, "found": found, "writer": writer, "open_to_write": open_to_write,
        "form": form, "reuse_error": reuse_error,
        "reusable": returns_to_reuse(found) if open_to_write else [],
        "shown": writer or found.status == ReturnStatus.SUBMITTED, "today": monitoring.today(),
        "wards_reached": _wards_reached(found),
    }  # fmt: skip
    failed = bool(reuse_error) or (form is not None and bool(form.errors))
    return render(request, "funding/monitoring/return_detail.html", context, status=400 if failed else 200)


@access(SIGNED_IN, object_level=True)
def return_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {"returns": returns_for(request.user), "today": monitoring.today()}
    return render(request, "funding/monitoring/return_list.html", context)
