"""Pages of a council's outcomes framework and its values: its officers read and change them (403 for
anyone else signed in). Thin: parse, call `framework` or `values_kept`, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.accounts.curation import DecisionError
from commoncause.accounts.models import Council
from commoncause.funding.models import Opportunity
from commoncause.outcomes import framework, values_kept
from commoncause.outcomes.access import councils_kept
from commoncause.outcomes.forms import AlternativeCostForm, IndicatorForm, OutcomeForm, ProxyRateForm
from commoncause.outcomes.models import AlternativeCost, Indicator, Outcome, ProxyRate
from commoncause.outcomes.value import living_wage_rates
from commoncause.outcomes.views import chosen_council, kept_councils


def _with_council(name: str, council: Council, anchor: str = "") -> str:
    return f"{reverse(name)}?council={council.slug}{anchor}"


def _failed(form: Any, problem: DecisionError) -> None:
    if problem.not_allowed:
        raise PermissionDenied(str(problem))
    form.add_error(problem.field if problem.field in form.fields else None, str(problem))


@access(SIGNED_IN, object_level=True)
def framework_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    council = chosen_council(request)
    if request.method == "POST":
        try:
            framework.framework_start(user=request.user, council=council)
        except framework.FrameworkError as problem:
            if problem.not_allowed:
                raise PermissionDenied(str(problem)) from None
            messages.error(request, str(problem))
        else:
            messages.success(
                request, "Your framework starts from the starter set. Change it to suit your council."
            )
        return redirect(_with_council("outcomes:framework", council))
    context = {
        "council": council,
        "councils": kept_councils(request),
        "outcomes": framework.framework_of(council),
        "starter": framework.starter_set(),
    }
    return render(request, "outcomes/framework.html", context)


def _kept_outcome(request: AuthenticatedHttpRequest, outcome_id: int) -> Outcome:
    outcome = get_object_or_404(Outcome.objects.select_related("council"), pk=outcome_id)
    if not councils_kept(request.user).filter(pk=outcome.council_id).exists():
        raise Http404("No such outcome.")
    return outcome


@access(SIGNED_IN, object_level=True)
def outcome_edit(request: AuthenticatedHttpRequest, outcome_id: int | None = None) -> HttpResponse:
    outcome = _kept_outcome(request, outcome_id) if outcome_id is not None else None
    council = outcome.council if outcome is not None else chosen_council(request)
    initial = {"title": outcome.title, "description": outcome.description} if outcome else {}
    form = OutcomeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and request.POST.get("action") == "delete" and outcome is not None:
        framework.outcome_delete(user=request.user, outcome=outcome)
        messages.success(request, f"“{outcome.title}” is no longer in the framework.")
        return redirect(_with_council("outcomes:framework", council))
    if request.method == "POST" and form.is_valid():
        try:
            saved = framework.outcome_save(
                user=request.user,
                council=council,
                outcome=outcome,
                title=form.cleaned_data.get("title") or "",
                description=form.cleaned_data.get("description") or "",
            )
        except framework.FrameworkError as problem:
            _failed(form, problem)
        else:
            messages.success(request, f"“{saved.title}” is saved.")
            return redirect(_with_council("outcomes:framework", council, f"#outcome-{saved.pk}"))
    context = {"council": council, "outcome": outcome, "form": form}
    return render(request, "outcomes/outcome_form.html", context, status=400 if form.errors else 200)


def _opportunity_choices(council: Council) -> list[tuple[str, str]]:
    found = Opportunity.objects.filter(council=council).order_by("-created_at")
    return [(str(row.pk), f"{row.title}{' (example)' if row.is_example else ''}") for row in found]


def _indicator_initial(indicator: Indicator) -> dict[str, Any]:
    return {
        "name": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "baseline": "" if indicator.baseline is None else f"{indicator.baseline.normalize():f}",
        "baseline_year": indicator.baseline_year or "",
        "target": "" if indicator.target is None else f"{indicator.target.normalize():f}",
        "target_year": indicator.target_year or "",
        "source": indicator.source,
        "by_ward": indicator.by_ward,
        "counts_outcomes": indicator.counts_outcomes,
        "themes": indicator.themes,
        "services": " ".join(indicator.services),
        "opportunities": [str(pk) for pk in indicator.opportunities.values_list("pk", flat=True)],
    }


@access(SIGNED_IN, object_level=True)
def indicator_edit(
    request: AuthenticatedHttpRequest, outcome_id: int | None = None, indicator_id: int | None = None
) -> HttpResponse:
    indicator = None
    if indicator_id is not None:
        indicator = get_object_or_404(Indicator.objects.select_related("outcome__council"), pk=indicator_id)
        outcome = _kept_outcome(request, indicator.outcome_id)
    elif outcome_id is not None:
        outcome = _kept_outcome(request, outcome_id)
    else:
        raise Http404("No such outcome.")
    council = outcome.council
    if request.method == "POST" and request.POST.get("action") == "delete" and indicator is not None:
        framework.indicator_delete(user=request.user, indicator=indicator)
        messages.success(request, f"“{indicator.name}” is no longer in the framework.")
        return redirect(_with_council("outcomes:framework", council))
    choices = _opportunity_choices(council)
    initial = _indicator_initial(indicator) if indicator is not None else {"direction": "higher"}
    form = IndicatorForm(
        request.POST if request.method == "POST" else None, initial=initial, opportunities=choices
    )
    if request.method == "POST" and form.is_valid():
        chosen = Opportunity.objects.filter(
            council=council, pk__in=form.cleaned_data.get("opportunities") or []
        )
        try:
            saved = framework.indicator_save(
                user=request.user,
                outcome=outcome,
                values=form.cleaned_data,
                opportunities=chosen,
                indicator=indicator,
            )
        except framework.FrameworkError as problem:
            _failed(form, problem)
        else:
            messages.success(request, f"“{saved.name}” is saved.")
            return redirect(_with_council("outcomes:framework", council, f"#outcome-{outcome.pk}"))
    context = {"council": council, "outcome": outcome, "indicator": indicator, "form": form}
    return render(request, "outcomes/indicator_form.html", context, status=400 if form.errors else 200)


@access(SIGNED_IN, object_level=True)
def values_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    council = chosen_council(request)
    indicators = Indicator.objects.filter(outcome__council=council).order_by("outcome__position", "position")
    choices = [(str(row.pk), row.name) for row in indicators]
    posted = request.POST if request.method == "POST" else None
    which = request.POST.get("form", "") if posted else ""
    rate_form = ProxyRateForm(posted if which == "rate" else None, prefix="rate")
    cost_form = AlternativeCostForm(posted if which == "cost" else None, prefix="cost", indicators=choices)
    if which in ("rate", "cost"):
        form: Any = rate_form if which == "rate" else cost_form
        if form.is_valid():
            try:
                if which == "rate":
                    values_kept.proxy_rate_add(user=request.user, council=council, values=form.cleaned_data)
                else:
                    key = str(form.cleaned_data.get("indicator") or "")
                    chosen = indicators.filter(pk=int(key)).first() if key.isdigit() else None
                    values_kept.alternative_cost_add(
                        user=request.user, council=council, values=form.cleaned_data, indicator=chosen
                    )
            except values_kept.ValuesError as problem:
                _failed(form, problem)
            else:
                messages.success(request, "Saved.")
                return redirect(_with_council("outcomes:values", council, f"#{which}s"))
    context = {
        "council": council,
        "councils": kept_councils(request),
        "rates": ProxyRate.objects.filter(council=council),
        "living_wage": living_wage_rates(),
        "costs": AlternativeCost.objects.filter(council=council).select_related("indicator"),
        "rate_form": rate_form,
        "cost_form": cost_form,
    }
    failed = bool(rate_form.errors or cost_form.errors)
    return render(request, "outcomes/values.html", context, status=400 if failed else 200)


@require_POST
@access(SIGNED_IN, object_level=True)
def value_remove(request: AuthenticatedHttpRequest, kind: str, value_id: int) -> HttpResponse:
    model: type[ProxyRate] | type[AlternativeCost] = ProxyRate if kind == "rates" else AlternativeCost
    found = model.objects.filter(pk=value_id, council__in=councils_kept(request.user)).first()
    if found is None or kind not in ("rates", "costs"):
        raise Http404("No such value.")
    values_kept.value_remove(user=request.user, found=found)
    messages.success(request, f"“{found.name}” is removed.")
    return redirect(_with_council("outcomes:values", found.council, f"#{kind}"))
