"""Pages of disinvestment scenarios: a council's officers list, make, change, compare side by side and
print them (403 for anyone else signed in, 404 for another council's). Thin: parse, call `scenarios`,
render."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.outcomes import scenarios
from commoncause.outcomes.access import councils_kept
from commoncause.outcomes.forms import ScenarioForm, line_field
from commoncause.outcomes.funded import council_funded
from commoncause.outcomes.models import Scenario, ScenarioKind
from commoncause.outcomes.views import chosen_council, kept_councils
from commoncause.places.themes import theme_by_code

MOST_COMPARED = 4


def _kept(request: AuthenticatedHttpRequest, scenario_id: int) -> Scenario:
    found = Scenario.objects.select_related("council").filter(pk=scenario_id).first()
    if found is None or not councils_kept(request.user).filter(pk=found.council_id).exists():
        raise Http404("No such scenario.")
    return found


@access(SIGNED_IN, object_level=True)
def scenario_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    council = chosen_council(request)
    context = {
        "council": council,
        "councils": kept_councils(request),
        "scenarios": scenarios.scenarios_of(council),
    }
    return render(request, "outcomes/scenario_list.html", context)


def _initial(found: Scenario | None, kind: str) -> dict[str, Any]:
    if found is None:
        return {
            "decided_on": timezone.localdate().isoformat(),
            "closure_share": "25",
            "years": "3",
            "one_off_cost": "0",
        }
    initial: dict[str, Any] = {
        "name": found.name,
        "decided_on": found.decided_on.isoformat(),
        "closure_share": f"{(found.closure_share * 100).normalize():f}",
        "notes": found.notes,
        "lead": found.lead,
        "years": str(found.years),
        "saving_share": "" if found.saving_share is None else f"{(found.saving_share * 100).normalize():f}",
        "one_off_cost": "" if found.one_off_cost is None else f"{found.one_off_cost.normalize():f}",
    }
    for row in found.cuts:
        share = f"{(Decimal(row['share']) * 100).normalize():f}"
        initial[line_field(row["key"])] = share if kind == ScenarioKind.CUT else True
    return initial


@access(SIGNED_IN, object_level=True)
def scenario_edit(request: AuthenticatedHttpRequest, scenario_id: int | None = None) -> HttpResponse:
    found = _kept(request, scenario_id) if scenario_id is not None else None
    council = found.council if found is not None else chosen_council(request)
    kind = found.kind if found is not None else request.GET.get("kind") or request.POST.get("kind") or "cut"
    if kind not in ScenarioKind.values:
        raise Http404("No such kind of scenario.")
    today = timezone.localdate()
    weighed = council_funded(council, today)
    posted = request.POST if request.method == "POST" else None
    form = ScenarioForm(posted, initial=_initial(found, kind), kind=kind, lines=weighed.lines)
    if posted is not None and form.is_valid():
        values = {**form.cleaned_data, "kind": kind, "cuts": form.chosen()}
        try:
            saved = scenarios.scenario_save(
                user=request.user, council=council, values=values, weighed=weighed, found=found
            )
        except scenarios.ScenarioSaveError as problem:
            if problem.not_allowed:
                raise PermissionDenied(str(problem)) from None
            form.add_error(problem.field if problem.field in form.fields else None, str(problem))
        else:
            messages.success(request, f"The scenario “{saved.name}” is saved.")
            return redirect("outcomes:scenario_detail", scenario_id=saved.pk)
    context = {"council": council, "found": found, "form": form, "kind": kind, "today": today}
    return render(request, "outcomes/scenario_form.html", context, status=400 if form.errors else 200)


def _shown(result: scenarios.ScenarioResult) -> dict[str, Any]:
    """The result with names for its keys, for the page."""
    names, wards = result.organisations, result.ward_names

    def losses(found: list[Any]) -> list[dict[str, Any]]:
        return [
            {
                "ward": wards.get(loss.ward, loss.ward),
                "theme": (theme.label if (theme := theme_by_code(loss.theme)) else loss.theme),
                "organisations": [names.get(key, key) for key in loss.organisations],
                "others": loss.others,
            }
            for loss in found
        ]

    impact = result.impact
    return {
        "result": result,
        "impact": impact,
        "lost": losses(impact.wards_losing_only_provider),
        "funded_lost": losses(impact.wards_losing_funded_cover),
        "at_risk": losses(impact.wards_at_risk),
        "closure": [(names.get(fall.organisation, fall.organisation), fall) for fall in impact.closure_risk],
        "unknown": [names.get(key, key) for key in impact.income_unknown],
        "examples": any(cut.line.is_example for cut in result.cuts),
    }


@access(SIGNED_IN, object_level=True)
def scenario_detail(request: AuthenticatedHttpRequest, scenario_id: int) -> HttpResponse:
    found = _kept(request, scenario_id)
    result = scenarios.scenario_run(found, today=timezone.localdate())
    others = Scenario.objects.filter(council=found.council).exclude(pk=found.pk).order_by("-updated_at")
    context = {"council": found.council, "found": found, "others": others, **_shown(result)}
    context["printing"] = request.GET.get("print") == "1"
    return render(request, "outcomes/scenario_detail.html", context)


@require_POST
@access(SIGNED_IN, object_level=True)
def scenario_delete(request: AuthenticatedHttpRequest, scenario_id: int) -> HttpResponse:
    found = _kept(request, scenario_id)
    scenarios.scenario_delete(user=request.user, found=found)
    messages.success(request, f"The scenario “{found.name}” is deleted.")
    return redirect(f"{reverse('outcomes:scenario_list')}?council={found.council.slug}")


@access(SIGNED_IN, object_level=True)
def scenario_compare(request: AuthenticatedHttpRequest) -> HttpResponse:
    council = chosen_council(request)
    keys = [key for key in request.GET.getlist("s") if key.isdigit()][:MOST_COMPARED]
    chosen = list(Scenario.objects.filter(council=council, pk__in=keys).order_by("kind", "name"))
    if request.GET.getlist("s") and len(chosen) < 2:
        messages.error(request, "Choose two or more of your council's scenarios to compare.")
    weighed = council_funded(council, timezone.localdate()) if chosen else None
    shown = [
        _shown(scenarios.scenario_run(found, today=timezone.localdate(), weighed=weighed)) for found in chosen
    ]
    context = {
        "council": council,
        "councils": kept_councils(request),
        "shown": shown if len(chosen) >= 2 else [],
        "scenarios": scenarios.scenarios_of(council),
        "chosen": {found.pk for found in chosen},
        "printing": request.GET.get("print") == "1",
    }
    return render(request, "outcomes/scenario_compare.html", context)
