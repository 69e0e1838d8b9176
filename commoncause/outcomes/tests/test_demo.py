"""The demo council's example outcomes, over its example commissioning on real Westminster organisations:
a framework from the starter set linked to the example rounds, an alternative cost, two saved scenarios
(a cut and a merge), made once, marked as examples and audited, and what they show."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from commoncause.accounts.models import AuditEntry, Role, StaffRole
from commoncause.accounts.tests.cast import person
from commoncause.funding.commissioning_demo import demo_commissioning
from commoncause.funding.models import Award, MonitoringReturn, ReturnStatus
from commoncause.outcomes.demo import REPORTED, demo_outcomes
from commoncause.outcomes.models import AlternativeCost, Indicator, Outcome, Scenario, ScenarioKind
from commoncause.outcomes.scenarios import scenario_run
from commoncause.places.demo import demo_council
from commoncause.places.models import Area

pytestmark = pytest.mark.django_db


def _latest_year_hours(award: Award) -> Decimal:
    returns = list(MonitoringReturn.objects.filter(award=award, status=ReturnStatus.SUBMITTED))
    if not returns:
        return Decimal(0)
    last = max(found.due for found in returns)
    return sum(
        (
            found.volunteer_hours or Decimal(0)
            for found in returns
            if found.due > last - dt.timedelta(days=365)
        ),
        Decimal(0),
    )


def test_the_demo_gives_the_council_an_example_framework_values_and_scenarios_once(westminster: Area) -> None:
    assert demo_outcomes() == "No example outcomes: the example commissioning is not in."
    assert not Outcome.objects.exists()
    demo_commissioning()

    said = demo_outcomes()

    assert said.startswith("Example outcomes for Westminster: a framework of 6 outcomes")
    council = demo_council()
    outcomes = Outcome.objects.filter(council=council)
    assert outcomes.count() == 6
    assert set(outcomes.values_list("is_example", flat=True)) == {True}
    linked = Indicator.objects.filter(outcome__council=council, opportunities__isnull=False).distinct()
    assert sorted(linked.values_list("name", flat=True)) == sorted(REPORTED)
    for indicator in linked:
        assert set(indicator.opportunities.values_list("is_example", flat=True)) == {True}
    [cost] = AlternativeCost.objects.filter(council=council)
    assert cost.is_example
    assert cost.indicator is not None
    assert (cost.cost_a_month, cost.alternative_a_month) == (Decimal(1_000), Decimal(45_000))
    assert "not published unit costs" in cost.source
    kinds = sorted(Scenario.objects.filter(council=council).values_list("kind", "is_example"))
    assert kinds == [(ScenarioKind.CUT, True), (ScenarioKind.SHARE, True)]
    for scenario in Scenario.objects.all():
        assert AuditEntry.objects.filter(target_type="outcomes.scenario", target_id=str(scenario.pk),
                                         note="A demo example", actor=None).exists()  # fmt: skip
    assert AuditEntry.objects.filter(
        target_type="outcomes.framework", note__contains="A demo example"
    ).exists()
    before = (Outcome.objects.count(), Scenario.objects.count(), AlternativeCost.objects.count())
    assert demo_outcomes() == "Example outcomes: already there."
    assert (Outcome.objects.count(), Scenario.objects.count(), AlternativeCost.objects.count()) == before


def test_the_example_cut_loses_the_ended_awards_hours_and_their_wards_funded_cover(westminster: Area) -> None:
    demo_commissioning()
    demo_outcomes()
    cut = Scenario.objects.get(kind=ScenarioKind.CUT)
    today = timezone.localdate()
    ended = Award.objects.filter(pk__in=[row["key"].removeprefix("award:") for row in cut.cuts])
    assert ended.count() == 6  # both grant rounds' awards

    result = scenario_run(cut, today=today)

    impact = result.impact
    assert impact.saved_a_year > 0
    assert impact.volunteer_hours_lost == sum((_latest_year_hours(award) for award in ended), Decimal(0))
    assert impact.volunteer_hours_lost > 0
    lost = impact.wards_losing_only_provider + impact.wards_losing_funded_cover
    assert lost
    assert {loss.theme for loss in lost} == {"older"}
    assert impact.earliest_effect is not None
    assert impact.earliest_effect > today
    assert all(line.line.is_example for line in result.cuts)

    share = scenario_run(Scenario.objects.get(kind=ScenarioKind.SHARE), today=today)
    assert share.impact.beneficiaries_lost == 0
    assert share.impact.saved_a_year == sum((cut.line.amount_a_year for cut in share.cuts), Decimal(0)) / 10
    assert share.lead_name


def test_the_councils_pages_say_the_figures_are_examples(westminster: Area, client: Client) -> None:
    demo_commissioning()
    demo_outcomes()
    officer = person("officer@westminster.example")
    StaffRole.objects.create(user=officer, role=Role.OFFICER, council=demo_council())
    client.force_login(officer)

    dashboard = client.get("/outcomes/").content.decode()
    assert "from the demo's example awards and returns" in dashboard
    assert "People supported to keep living at home" in dashboard
    cut = Scenario.objects.get(kind=ScenarioKind.CUT)
    page = client.get(f"/outcomes/scenarios/{cut.pk}/").content.decode()
    assert "An example scenario over the demo's example awards" in page
    assert 'id="wards-losing"' in page
    listing = client.get("/outcomes/scenarios/").content.decode()
    assert listing.count('<strong class="govuk-tag govuk-tag--grey">Example</strong>') == 2
