"""The stored-markup walks of outcomes (`test_stored_xss.WALKS` takes them all): a council's framework
(outcomes and indicators), its values (proxy rates and alternative costs) and its scenarios, read back
from every page that shows them: the framework, the dashboard, the values, the scenarios' list, detail,
print view and comparison, the forms filled, and a return that asks for the framework's indicators.
Every record is Belfast City Council's, whose officer is the World's; its awards go to the World's charity,
under opportunities whose titles carry markup too (an officer types them), so the pages that list the
funding are checked as well."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from commoncause.accounts.tests.cast import council
from commoncause.funding.models import Award, MonitoringReturn, ReturnStatus
from commoncause.funding.monitoring import monitoring_plan_propose, monitoring_plan_save
from commoncause.funding.tests.monitoring_samples import award_made
from commoncause.outcomes.framework import indicator_save, outcome_save
from commoncause.outcomes.funded import council_funded, org_key
from commoncause.outcomes.models import AlternativeCost, Indicator, Outcome, ProxyRate, Scenario
from commoncause.outcomes.scenarios import scenario_save
from tests.security.hostile import HOSTILE, ORG, SHORT, SPACED, World

BELFAST = "belfast"  # the cast's council, as `?council=` and the forms name it
WARD = "N08000101"  # a ward code the register of places does not hold: it stands for itself
FITS = "<svg/onload="  # markup in the twelve characters a count may take


def _user(world: World, who: str) -> User:
    user = world.users[who]
    assert user is not None
    return user


def award_reported(title: str = f"Lunch clubs{SPACED}", *, areas: list[str] | None = None) -> Award:
    """An award of Belfast's to the World's charity, with a submitted return: spend, people reached,
    volunteers and their hours, so the dashboard values them and a cut weighs what is lost."""
    award = award_made(title=title)
    if areas:
        award.opportunity.areas = areas
        award.opportunity.save(update_fields=["areas"])
    MonitoringReturn.objects.create(
        award=award, period="April to June 2026", due=dt.date(2026, 7, 31), status=ReturnStatus.SUBMITTED,
        narrative="Forty people came each week.", spend=Decimal(5000), beneficiaries=40, volunteers=6,
        volunteer_hours=Decimal(120), submitted_at=timezone.now(),
    )  # fmt: skip
    return award


def _return_due(world: World, award: Award) -> MonitoringReturn:
    """The award's first return still to give, its plan as proposed."""
    proposal = monitoring_plan_propose(award, "medium")
    monitoring_plan_save(
        user=_user(world, "officer"), award=award, risk="medium",
        items=[item.as_json() for item in proposal.items], reports_per_year=proposal.reports_per_year,
    )  # fmt: skip
    found = MonitoringReturn.objects.filter(award=award, status=ReturnStatus.DUE).order_by("due").first()
    assert found is not None
    return found


def _outcome(world: World, title: str = "Carers get a break when they need one") -> Outcome:
    return outcome_save(user=_user(world, "officer"), council=council(), title=title)


def _indicator(world: World, outcome: Outcome, name: str = "Carers given a short break") -> Indicator:
    values = {"name": name, "unit": "people", "direction": "higher", "source": "Reported in returns"}
    return indicator_save(user=_user(world, "officer"), outcome=outcome, values=values)


def _framework_shown(world: World, text: str = HOSTILE) -> None:
    """The framework, and the dashboard's table of indicators, to the council's officer and to an
    administrator choosing the council."""
    world.see("officer", "/outcomes/framework/", text)
    world.see("officer", "/outcomes/", text)
    world.see("admin", f"/outcomes/framework/?council={BELFAST}", text)
    world.see("admin", f"/outcomes/?council={BELFAST}", text)


# --- the framework ---------------------------------------------------------------------------------------


def _outcome_values(text: str, **changed: str) -> dict[str, str]:
    return {"council": BELFAST, "title": text, "description": text, **changed}


def walk_outcome_new(world: World) -> None:
    world.post("officer", "/outcomes/framework/new/", _outcome_values(HOSTILE, title=HOSTILE * 3), expect=400)
    world.see_response()  # the title is too long: everything typed is kept
    world.post("officer", "/outcomes/framework/new/", _outcome_values(HOSTILE))
    outcome = Outcome.objects.get(title=HOSTILE)
    world.see("officer", f"/outcomes/framework/{outcome.pk}/")  # the form, filled
    _indicator(world, outcome)  # an outcome shows on the dashboard with its indicators
    _framework_shown(world)
    world.see("officer", f"/outcomes/framework/{outcome.pk}/indicators/new/")  # the outcome, named
    world.see("curator", "/accounts/audit/")


def walk_outcome_edit(world: World) -> None:
    outcome = _outcome(world)
    _indicator(world, outcome)
    page = f"/outcomes/framework/{outcome.pk}/"
    world.post("officer", page, _outcome_values(HOSTILE, title=""), expect=400)
    world.see_response()  # the title is needed: the description typed is kept
    world.post("officer", page, _outcome_values(HOSTILE))
    world.see("officer", page)
    _framework_shown(world)


def _indicator_values(text: str, **changed: Any) -> dict[str, Any]:
    return {
        "name": text, "unit": "people", "direction": "higher", "baseline": "120", "baseline_year": "2024",
        "target": "300", "target_year": "2027", "source": text, "counts_outcomes": "on", "services": "",
        **changed,
    }  # fmt: skip


def _indicator_asked(world: World, award: Award) -> None:
    """The award's return asks for the indicator, by name: its organisation's member gives a value, and
    the council sees it reported on the dashboard, with what it cost for each outcome."""
    due = _return_due(world, award)
    page = f"/awards/{award.pk}/returns/{due.pk}/"
    world.see("member", page)  # the form, asking for the indicator
    given = {"narrative": "Twelve carers had a break.", "spend": "1200", "beneficiaries": "12",
             "indicator_0_name": HOSTILE, "indicator_0_value": "12", "action": "submit"}  # fmt: skip
    world.post("member", page, given)
    assert MonitoringReturn.objects.get(pk=due.pk).status == ReturnStatus.SUBMITTED
    world.see("officer", page)
    world.see("officer", "/outcomes/")


def walk_indicator_new(world: World) -> None:
    award = award_reported()
    outcome = _outcome(world)
    page = f"/outcomes/framework/{outcome.pk}/indicators/new/"
    linked = {"opportunities": [str(award.opportunity_id)]}
    world.post("officer", page, _indicator_values(HOSTILE, baseline="many", **linked), expect=400)
    world.see_response()  # the baseline is not a number: everything typed is kept
    world.post("officer", page, _indicator_values(HOSTILE, **linked))
    indicator = Indicator.objects.get(name=HOSTILE)
    world.see("officer", f"/outcomes/indicators/{indicator.pk}/")  # the form, filled
    world.see("officer", f"/outcomes/indicators/{indicator.pk}/", SPACED)  # the opportunity, to link
    _framework_shown(world)
    world.see("officer", "/outcomes/values/")  # an alternative cost's indicator is chosen from the framework
    _indicator_asked(world, award)


def walk_indicator_edit(world: World) -> None:
    award = award_reported()
    indicator = _indicator(world, _outcome(world))
    page = f"/outcomes/indicators/{indicator.pk}/"
    linked = {"opportunities": [str(award.opportunity_id)]}
    world.post("officer", page, _indicator_values(HOSTILE, target="50", **linked), expect=400)
    world.see_response()  # the target is below the baseline, and higher is better: everything typed kept
    world.post("officer", page, _indicator_values(HOSTILE, **linked))
    world.see("officer", page)
    _framework_shown(world)
    _indicator_asked(world, award)


# --- values -------------------------------------------------------------------------------------------


def _rate_values(text: str, **changed: str) -> dict[str, str]:
    values = {"name": text, "per_hour": "12.21", "source": text, "year": "2025", **changed}
    return {"council": BELFAST, "form": "rate", **{f"rate-{name}": value for name, value in values.items()}}


def _cost_values(text: str, indicator: Indicator, **changed: str) -> dict[str, str]:
    values = {
        "name": text, "cost_a_month": "1000", "alternative": text, "alternative_a_month": "45000",
        "months": "1", "indicator": str(indicator.pk), "source": text, "assumptions": text, **changed,
    }  # fmt: skip
    return {"council": BELFAST, "form": "cost", **{f"cost-{name}": value for name, value in values.items()}}


def _cut(
    world: World, award: Award, name: str = "End the lunch clubs' award", share: str = "100"
) -> Scenario:
    weighed = council_funded(council(), timezone.localdate())
    values = {"name": name, "kind": "cut", "decided_on": timezone.localdate(), "closure_share": "25",
              "cuts": {f"award:{award.pk}": share}}  # fmt: skip
    return scenario_save(user=_user(world, "officer"), council=council(), values=values, weighed=weighed)


def walk_values(world: World) -> None:
    award = award_reported()
    indicator = _indicator(world, _outcome(world))
    MonitoringReturn.objects.filter(award=award).update(indicators=[{"name": indicator.name, "value": "3"}])
    world.post("officer", "/outcomes/values/", _rate_values(HOSTILE, per_hour="2000"), expect=400)
    world.see_response()  # above £1,000 an hour is no proxy rate: the name and source typed are kept
    world.post("officer", "/outcomes/values/", _rate_values(HOSTILE))
    assert ProxyRate.objects.get().name == HOSTILE
    world.post("officer", "/outcomes/values/", _cost_values(HOSTILE, indicator, alternative_a_month="500"),
               expect=400)  # fmt: skip
    world.see_response()  # the alternative costs less than the service: everything typed is kept
    world.post("officer", "/outcomes/values/", _cost_values(HOSTILE, indicator))
    assert AlternativeCost.objects.get().assumptions == HOSTILE
    world.see("officer", "/outcomes/values/")
    world.see("admin", f"/outcomes/values/?council={BELFAST}")
    world.see("officer", "/outcomes/")  # the rate valuing the volunteer hours, and the cost avoided
    # A cut's volunteer hours lost are valued at the council's rate, named with its source.
    first, second = _cut(world, award), _cut(world, award, "Halve the lunch clubs' award", share="50")
    world.see("officer", f"/outcomes/scenarios/{first.pk}/")
    world.see("officer", f"/outcomes/scenarios/{first.pk}/?print=1")
    world.see("officer", f"/outcomes/scenarios/{second.pk}/")


# --- scenarios ----------------------------------------------------------------------------------------


def _line(award: Award) -> str:
    return f"line_award_{award.pk}"


def _scenario_values(text: str, **changed: str) -> dict[str, str]:
    return {"council": BELFAST, "kind": "cut", "name": text, "decided_on": timezone.localdate().isoformat(),
            "closure_share": "25", "notes": text, **changed}  # fmt: skip


def _scenarios_shown(world: World, found: Scenario, other: Scenario) -> None:
    """The scenario on its page, printed, listed, filled in its form and compared with another."""
    for page in (f"/outcomes/scenarios/{found.pk}/", f"/outcomes/scenarios/{found.pk}/?print=1",
                 f"/outcomes/scenarios/{found.pk}/edit/", "/outcomes/scenarios/"):  # fmt: skip
        world.see("officer", page)
    world.see("admin", f"/outcomes/scenarios/?council={BELFAST}")
    world.see("officer", f"/outcomes/scenarios/{other.pk}/")  # "compare with" names it
    world.see("officer", f"/outcomes/scenarios/compare/?council={BELFAST}")  # to choose from
    world.see("officer", f"/outcomes/scenarios/compare/?council={BELFAST}&s={found.pk}&s={other.pk}")
    world.see("officer", f"/outcomes/scenarios/{found.pk}/", SPACED)  # the funding it weighs, by title


def walk_scenario_new(world: World) -> None:
    lunch, befriending = award_reported(), award_reported(f"Befriending{SPACED}")
    world.see("officer", "/outcomes/scenarios/new/", SPACED)  # the funding to choose, by title
    world.see("member", f"/organisations/{ORG}/outcomes/", SPACED)  # the charity's awards, by title
    page = "/outcomes/scenarios/new/"
    world.post("officer", page, _scenario_values(HOSTILE, **{_line(lunch): HOSTILE[:6]}), expect=400)
    world.see_response()  # the cut is not a percentage: everything typed is kept
    world.post("officer", page, _scenario_values(HOSTILE, **{_line(lunch): "100"}))
    cut = Scenario.objects.get(kind="cut")
    lead = org_key(world.charity.pk)
    merged = {"kind": "share", _line(lunch): "on", _line(befriending): "on", "saving_share": "10",
              "one_off_cost": "12000", "years": "3"}  # fmt: skip
    world.post("officer", f"{page}?kind=share", _scenario_values(HOSTILE, **merged, lead=SHORT), expect=400)
    world.see_response()  # the lead is not one of the organisations merging: everything typed is kept
    world.post("officer", f"{page}?kind=share", _scenario_values(HOSTILE, **merged, lead=lead))
    share = Scenario.objects.get(kind="share")
    _scenarios_shown(world, cut, share)


def walk_scenario_edit(world: World) -> None:
    award = award_reported()
    found, other = _cut(world, award), _cut(world, award, "Halve the lunch clubs' award", share="50")
    page = f"/outcomes/scenarios/{found.pk}/edit/"
    line = _line(award)
    world.post("officer", page, _scenario_values(HOSTILE, closure_share="250", **{line: "100"}), expect=400)
    world.see_response()  # a share of income above 100%: everything typed is kept
    world.post("officer", page, _scenario_values(HOSTILE, **{line: "100"}))
    assert Scenario.objects.get(pk=found.pk).notes == HOSTILE
    _scenarios_shown(world, found, other)


# --- a return's reach, and the indicators it is asked for ---------------------------------------------


def walk_return_reach(world: World) -> None:
    """Volunteers, their hours and people reached by ward are numbers: markup typed in them is refused
    and shown back, escaped."""
    award = award_reported(areas=[WARD])
    due = _return_due(world, award)
    page = f"/awards/{award.pk}/returns/{due.pk}/"
    typed = {"narrative": "Forty came.", "beneficiaries": "40", "action": "save"}
    for field in ("volunteers", "volunteer_hours", f"ward_{WARD}"):
        for text in (SHORT, FITS):  # refused by the form as too long, and by the checks as no number
            world.post("member", page, {**typed, field: text}, expect=400)
            world.see_response(text)


OUTCOMES_WALKS: dict[str, Callable[[World], None]] = {
    "outcomes/framework/new/": walk_outcome_new,
    "outcomes/framework/<int:outcome_id>/": walk_outcome_edit,
    "outcomes/framework/<int:outcome_id>/indicators/new/": walk_indicator_new,
    "outcomes/indicators/<int:indicator_id>/": walk_indicator_edit,
    "outcomes/values/": walk_values,
    "outcomes/scenarios/new/": walk_scenario_new,
    "outcomes/scenarios/<int:scenario_id>/edit/": walk_scenario_edit,
}
# `chosen_council` reads `council=` from a form as well as the address, so each of these reads a POST.
OUTCOMES_STORES_NOTHING_SHOWN = {
    "outcomes/": "shows the council's dashboard; stores nothing",
    "outcomes/framework/": "no text: starts the framework from the starter set",
    "outcomes/values/<str:kind>/<int:value_id>/remove/": "no text: removes the value in the address",
    "outcomes/scenarios/": "lists the council's scenarios; stores nothing",
    "outcomes/scenarios/compare/": "shows the scenarios chosen; stores nothing",
    "outcomes/scenarios/<int:scenario_id>/delete/": "no text: deletes the scenario in the address",
}
