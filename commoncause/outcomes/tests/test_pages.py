"""Outcomes' pages as each person uses them: the council's dashboard (figures worked by hand, its CSV
tables, the council chosen), the framework's forms, disinvestment scenarios (cut, merge or share, change,
delete, compare), an organisation's dashboard, and the return page's outcomes questions. Refused values
answer 400 naming the field and keep what was typed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from commoncause.accounts.models import AuditEntry, Council
from commoncause.accounts.tests.cast import person, staff
from commoncause.funding.models import Award, AwardStatus, MonitoringReturn, ReturnStatus
from commoncause.funding.tests.monitoring_samples import (
    OTHER,
    member_of,
    officer_of,
    organisation,
    other_council,
)
from commoncause.outcomes.funded import org_key
from commoncause.outcomes.models import Indicator, Outcome, Scenario
from commoncause.outcomes.tests.page_samples import (
    ADMISSIONS,
    ADVICE,
    AT_HOME,
    CONTACT,
    LONELY,
    WARD_ONE,
    WARD_TWO,
    D,
    Funded,
    Page,
    award_in_wards,
    client_of,
    csv_lines,
    funded_council,
    return_given,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def funded() -> Funded:
    return funded_council()


# The council's dashboard ---------------------------------------------------------------------------


def test_an_officer_sees_the_councils_figures_as_worked_by_hand(funded: Funded) -> None:
    page = Page(client_of(funded.officer).get("/outcomes/").content)
    text = page.text
    assert "Awards 2, to 2 organisations" in text  # the care award with returns, the lunch club without
    assert "Funding a year (running awards) £35,000" in text  # £45,000 over 36 months, £20,000 over 12
    assert "Spent, as returns report it £9,000" in text
    assert page.figure("beneficiaries") == "70"
    assert "Cost per person reached £128.57" in text  # £9,000 over 70 people
    assert page.figure("volunteer-hours") == "150"
    # 100 hours due in May 2025 at £12.21 and 50 due in May 2026 at £12.71: £1,856.50, shown to the pound
    assert (
        "Value of volunteers' time £1,857 Each return's hours at the rate in force when it was due: " in text
    )
    assert (
        "National Living Wage (aged 21 and over), £12.21 an hour from 1 April 2025; £12.71 an hour from "
        "1 April 2026 (source: GOV.UK, National Minimum Wage and National Living Wage rates)."
    ) in text
    years = [
        row
        for table in page.tables()
        for row in table
        if row[0].endswith("to 2026") or row[0].endswith("to 2027")
    ]
    assert years == [
        ["2025 to 2026", "1", "£5,000", "40", "100", "£1,221"],
        ["2026 to 2027", "1", "£4,000", "30", "50", "£636"],
    ]
    wards = [row for table in page.tables() for row in table if row[0].startswith("E0500")]
    assert wards == [[WARD_ONE, "35"], [WARD_TWO, "15"]]
    indicators = {row[0]: row[1:] for table in page.tables() for row in table if "(" in row[0]}
    at_home = next(cells for name, cells in indicators.items() if AT_HOME in name)
    assert at_home[2:4] == ["20 (2 returns)", "£450"]  # £9,000 over 20 people supported
    admissions = next(cells for name, cells in indicators.items() if ADMISSIONS in name)
    assert admissions[2:4] == ["3 (2 returns)", "£3,000"]
    contact = next(cells for name, cells in indicators.items() if CONTACT in name)
    assert contact[2:4] == ["70 (2 returns)", ""]  # a percentage is the latest return's, not a sum
    lonely = next(cells for name, cells in indicators.items() if LONELY in name)
    assert lonely[2] == "Not reported yet"
    assert page.by_id("source").text() == (
        "Source: Belfast City Council's awards' monitoring returns: 2 returns submitted by 1 of 2 awards, "
        "due 31 May 2025 to 31 May 2026, as at 5 June 2026."
    )
    assert "example" not in text.casefold()


def test_the_dashboard_warns_of_example_figures_only_when_example_awards_are_among_them(
    funded: Funded,
) -> None:
    client = client_of(funded.officer)
    assert "demo's example awards" not in Page(client.get("/outcomes/").content).text
    example = award_in_wards(
        org_id=ADVICE,
        areas=[WARD_ONE],
        who=["poverty"],
        amount=12_000,
        title="Example advice",
        is_example=True,
    )
    return_given(
        example, due=D(2026, 9, 30), people=5, volunteers=1, hours=10, spend=1_000, submitted=D(2026, 10, 1)
    )
    text = Page(client.get("/outcomes/").content).text
    assert "Awards 3, to 3 organisations (1 example)" in text
    assert "Some of these figures come from the demo's example awards and returns" in text
    assert "3 returns submitted by 2 of 3 awards" in text


def test_each_table_downloads_as_csv_with_the_same_figures(funded: Funded) -> None:
    client = client_of(funded.officer)
    years = client.get("/outcomes/?council=belfast&format=csv&table=years")
    assert years["Content-Type"] == "text/csv; charset=utf-8"
    assert years["Content-Disposition"] == 'attachment; filename="belfast-outcomes-years.csv"'
    assert years["X-Source"].startswith("Belfast City Council's awards' monitoring returns: 2 returns")
    assert csv_lines(years.content) == [
        "financial_year,returns,spend_gbp,people_reached,volunteers_most,volunteer_hours,volunteer_value_gbp,"
        "proxy_rates",
        "2025 to 2026,1,5000.00,40,10,100,1221.00,National Living Wage (aged 21 and over) from 1 April 2025",
        "2026 to 2027,1,4000.00,30,6,50,635.50,National Living Wage (aged 21 and over) from 1 April 2026",
        "All years,2,9000.00,70,10,150,1856.50,National Living Wage (aged 21 and over) from 1 April 2025; "
        "National Living Wage (aged 21 and over) from 1 April 2026",
    ]
    indicators = csv_lines(client.get("/outcomes/?format=csv&table=indicators").content)
    assert indicators[0].startswith("outcome,indicator,unit,direction,baseline,")
    assert (
        f"Older people live independently for longer,{AT_HOME},People,Higher is better,,,,,20,2,450.00,"
        in (indicators[1])
    )
    assert f",{ADMISSIONS},People,Higher is better,,,,,3,2,3000.00," in indicators[2]
    assert f"{CONTACT},Per cent,Higher is better,,,,,70,2,," in indicators[3]
    assert len(indicators) == 1 + 13  # the starter set's indicators
    wards = csv_lines(client.get("/outcomes/?format=csv&table=wards").content)
    assert wards == [
        "ward_code,ward,people_reached",
        f"{WARD_ONE},{WARD_ONE},35",
        f"{WARD_TWO},{WARD_TWO},15",
    ]
    assert client.get("/outcomes/?format=csv&table=awards").status_code == 404


def test_an_administrator_chooses_the_council_and_an_officer_sees_only_their_own(funded: Funded) -> None:
    derry = other_council()
    award_in_wards(
        funder=derry, org_id=OTHER, areas=[WARD_ONE], who=["disabled"], amount=30_000, title="Derry"
    )
    admin = client_of(staff("admin@service.example", "admin"))
    first = Page(admin.get("/outcomes/").content)
    assert first.value("council") == "belfast"  # the first by name, with a choice of the others
    assert "Belfast City Council Outcomes and value" in first.text
    chosen = Page(admin.get("/outcomes/?council=derry-strabane").content)
    assert chosen.value("council") == "derry-strabane"
    assert "Derry City and Strabane District Council Outcomes and value" in chosen.text
    assert "Awards 1, to 1 organisation " in chosen.text
    assert "No returns submitted yet." in chosen.text
    # an officer asking for another council's is shown their own, with no choice offered
    own = Page(client_of(funded.officer).get("/outcomes/?council=derry-strabane").content)
    assert "Belfast City Council Outcomes and value" in own.text
    assert "Derry" not in own.text


def test_only_council_officers_see_the_dashboard(funded: Funded) -> None:
    assert client_of(funded.member).get("/outcomes/").status_code == 403
    assert client_of(None).get("/outcomes/").status_code == 302


# The framework -------------------------------------------------------------------------------------


@pytest.fixture
def derry_officer() -> tuple[Council, User]:
    """An officer of a council with no framework yet."""
    derry = other_council()
    return derry, officer_of(derry, "officer@derry.example")


def test_a_council_without_a_framework_is_shown_the_starter_set_and_starts_from_it(
    derry_officer: tuple[Council, User],
) -> None:
    derry, officer = derry_officer
    client = client_of(officer)
    page = Page(client.get("/outcomes/framework/").content)
    assert "has no outcomes framework yet" in page.text
    assert "The starter set" in page.text
    assert "Older people live independently for longer: People supported to keep living at home;" in page.text
    response = client.post("/outcomes/framework/", {"council": derry.slug})
    assert response.status_code == 302
    titles = list(Outcome.objects.filter(council=derry).values_list("title", flat=True))
    assert len(titles) == 6
    assert Indicator.objects.filter(outcome__council=derry).count() == 13
    entry = AuditEntry.objects.get(target_type="outcomes.framework", target_id=str(derry.pk))
    assert (entry.action, entry.actor, entry.after["outcomes"]) == ("create", officer, titles)
    started = Page(client.get(response["Location"]).content)
    assert "Your framework starts from the starter set." in started.text
    assert "Add an outcome" in started.text
    again = client.post("/outcomes/framework/", {"council": derry.slug}, follow=True)
    assert "This council already has a framework" in Page(again.content).text
    assert Outcome.objects.filter(council=derry).count() == 6


def test_an_officer_adds_and_changes_an_outcome_each_audited(funded: Funded) -> None:
    client = client_of(funded.officer)
    added = client.post(
        "/outcomes/framework/new/",
        {"council": "belfast", "title": "Carers get a break", "description": "Time off for carers."},
    )
    outcome = Outcome.objects.get(title="Carers get a break")
    assert added["Location"] == f"/outcomes/framework/?council=belfast#outcome-{outcome.pk}"
    assert outcome.position == 7
    changed = client.post(f"/outcomes/framework/{outcome.pk}/", {"title": "Carers get a proper break"})
    assert changed.status_code == 302
    outcome.refresh_from_db()
    assert outcome.title == "Carers get a proper break"
    actions = AuditEntry.objects.filter(target_type="outcomes.outcome", target_id=str(outcome.pk))
    assert sorted(actions.values_list("action", flat=True)) == ["create", "update"]
    assert actions.get(action="update").before["title"] == "Carers get a break"
    assert "Carers get a proper break" in Page(client.get("/outcomes/framework/").content).text


def test_an_outcome_already_in_the_framework_is_refused_keeping_what_was_typed(funded: Funded) -> None:
    response = client_of(funded.officer).post(
        "/outcomes/framework/new/",
        {"title": "older people live independently for LONGER", "description": "Kept words"},
    )
    page = Page(response.content)
    assert response.status_code == 400
    assert page.errors() == ["#id_title The framework already has an outcome with this title."]
    assert page.value("title") == "older people live independently for LONGER"
    assert page.value("description") == "Kept words"
    assert Outcome.objects.filter(council=funded.council).count() == 6


def _indicator_post(**values: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Carers with a break each month", "unit": "percent", "direction": "higher", "baseline": "40",
        "baseline_year": "2025", "target": "60", "target_year": "2028", "source": "Carers' survey",
    }  # fmt: skip
    data.update(values)
    return data


def test_an_officer_adds_an_indicator_linked_to_an_opportunity_with_themes_and_services(
    funded: Funded,
) -> None:
    client = client_of(funded.officer)
    outcome = Outcome.objects.get(council=funded.council, position=1)
    opportunity = funded.care.opportunity
    form = Page(client.get(f"/outcomes/framework/{outcome.pk}/indicators/new/").content)
    assert "Staying well at home" in form.text  # the council's opportunities, to link
    response = client.post(
        f"/outcomes/framework/{outcome.pk}/indicators/new/",
        _indicator_post(
            opportunities=[str(opportunity.pk)], themes=["families", "care"], services="sc102, he101",
            by_ward="on", counts_outcomes="on",
        ),
    )  # fmt: skip
    assert response.status_code == 302
    indicator = Indicator.objects.get(name="Carers with a break each month")
    assert (indicator.unit, indicator.baseline, indicator.baseline_year) == ("percent", Decimal(40), 2025)
    assert (indicator.target, indicator.target_year, indicator.by_ward) == (Decimal(60), 2028, True)
    assert (indicator.themes, indicator.services) == (["families", "care"], ["SC102", "HE101"])
    assert list(indicator.opportunities.all()) == [opportunity]
    entry = AuditEntry.objects.get(target_type="outcomes.indicator", target_id=str(indicator.pk))
    assert entry.after["opportunities"] == [str(opportunity.pk)]
    row = next(
        row for table in Page(client.get("/outcomes/framework/").content).tables() for row in table
        if row[0].startswith("Carers with a break")
    )  # fmt: skip
    assert row == [
        "Carers with a break each month (per cent; higher is better; by ward)", "40 in 2025", "60 by 2028",
        "Carers' survey", "Staying well at home",
    ]  # fmt: skip
    shown = Page(client.get(f"/outcomes/indicators/{indicator.pk}/").content)
    assert (shown.value("name"), shown.value("unit"), shown.value("services")) == (
        "Carers with a break each month", "percent", "SC102 HE101",
    )  # fmt: skip
    assert shown.checked("themes") == ["families", "care"]
    assert shown.checked("opportunities") == [str(opportunity.pk)]
    changed = client.post(
        f"/outcomes/indicators/{indicator.pk}/", _indicator_post(target="75", themes=["care"])
    )
    assert changed.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.target, indicator.themes, list(indicator.opportunities.all())) == (
        Decimal(75),
        ["care"],
        [],
    )
    assert AuditEntry.objects.filter(target_id=str(indicator.pk), action="update").count() == 1


@pytest.mark.parametrize(
    ("typed", "error", "kept"),
    [
        ({"target": "150"}, "#id_target The target cannot be above 100 for per cent.", ("target", "150")),
        ({"baseline_year": ""}, "#id_baseline_year Give the year the baseline is for.", ("baseline", "40")),
        (
            {"name": "people supported to keep LIVING at home"},
            "#id_name The framework already has an indicator with this name.",
            ("name", "people supported to keep LIVING at home"),
        ),
        (
            {"target": "30"},
            "#id_target The target should be above the baseline, as higher is better.",
            ("target", "30"),
        ),
    ],
)
def test_an_impossible_indicator_is_refused_by_its_field_keeping_what_was_typed(
    funded: Funded, typed: dict[str, str], error: str, kept: tuple[str, str]
) -> None:
    outcome = Outcome.objects.get(council=funded.council, position=1)
    response = client_of(funded.officer).post(
        f"/outcomes/framework/{outcome.pk}/indicators/new/", _indicator_post(themes=["care"], **typed)
    )
    page = Page(response.content)
    assert response.status_code == 400
    assert page.errors() == [error]
    assert page.value(kept[0]) == kept[1]
    assert page.value("source") == "Carers' survey"
    assert page.checked("themes") == ["care"]
    assert Indicator.objects.filter(outcome__council=funded.council).count() == 13


def test_deleting_an_indicator_or_an_outcome_takes_it_out_audited(funded: Funded) -> None:
    client = client_of(funded.officer)
    indicator = Indicator.objects.get(outcome__council=funded.council, name=LONELY)
    gone = client.post(f"/outcomes/indicators/{indicator.pk}/", {"action": "delete"})
    assert gone["Location"] == "/outcomes/framework/?council=belfast"
    assert not Indicator.objects.filter(pk=indicator.pk).exists()
    assert AuditEntry.objects.get(target_type="outcomes.indicator", action="delete").before["name"] == LONELY
    outcome = Outcome.objects.get(council=funded.council, position=1)
    assert client.post(f"/outcomes/framework/{outcome.pk}/", {"action": "delete"}).status_code == 302
    assert not Outcome.objects.filter(pk=outcome.pk).exists()
    assert not Indicator.objects.filter(name=AT_HOME).exists()
    entry = AuditEntry.objects.get(target_type="outcomes.outcome", action="delete")
    assert entry.before["indicators"] == [AT_HOME, ADMISSIONS, CONTACT]
    page = Page(client.get("/outcomes/framework/").content)
    assert "“Older people live independently for longer” is no longer in the framework." in page.text
    assert not page.root.all(id=f"outcome-{outcome.pk}")
    assert [card.attrs["id"] for card in page.root.all("div", **{"class": "govuk-summary-card"})][0] == (
        f"outcome-{Outcome.objects.get(council=funded.council, position=2).pk}"
    )


def test_another_councils_framework_is_not_found_and_a_member_is_refused(
    funded: Funded, derry_officer: tuple[Council, User]
) -> None:
    _, elsewhere = derry_officer
    outcome = Outcome.objects.get(council=funded.council, position=1)
    indicator = outcome.indicators.first()
    assert indicator is not None
    client = client_of(elsewhere)
    assert client.get(f"/outcomes/framework/{outcome.pk}/").status_code == 404
    assert client.post(f"/outcomes/indicators/{indicator.pk}/", {"action": "delete"}).status_code == 404
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    assert client_of(funded.member).get("/outcomes/framework/").status_code == 403


# Scenarios -----------------------------------------------------------------------------------------


@pytest.fixture
def weighed(funded: Funded) -> Funded:
    """The lunch club's first return (12 people, 80 hours, in the second ward), an advice award with no
    returns yet, and an award that has ended (so is not weighed)."""
    return_given(
        funded.company, due=D(2026, 10, 31), people=12, volunteers=4, hours=80, spend=9_000,
        submitted=D(2026, 11, 2), wards={WARD_TWO: 12},
    )  # fmt: skip
    award_in_wards(
        org_id=ADVICE, areas=["E05000003"], who=["poverty"], amount=12_000, starts=D(2026, 4, 1),
        ends=D(2027, 4, 1), duration_months=12, title="Advice in the community",
    )  # fmt: skip
    ended = award_in_wards(
        org_id=ADVICE, areas=[WARD_ONE], who=["poverty"], amount=5_000, title="Ended long ago"
    )
    ended.status = AwardStatus.ENDED
    ended.save()
    return funded


def _line(award: Award) -> str:
    return f"line_award_{award.pk}"


def _cut(funded: Funded, **values: str) -> dict[str, str]:
    data = {
        "kind": "cut", "council": "belfast", "name": "End the care award", "decided_on": "2026-12-10",
        "closure_share": "10", "notes": "First thoughts.", _line(funded.care): "100",
        _line(funded.company): "40",
    }  # fmt: skip
    data.update(values)
    return data


def _share(funded: Funded, **values: str) -> dict[str, str]:
    data = {
        "kind": "share", "name": "Bring them together", "decided_on": "2026-12-10", "closure_share": "25",
        _line(funded.care): "on", _line(funded.company): "on", "lead": org_key(funded.care.organisation_id),
        "saving_share": "10", "one_off_cost": "3000", "years": "3",
    }  # fmt: skip
    data.update(values)
    return data


def test_the_new_scenario_form_lists_the_running_awards_with_a_years_people_and_hours(
    weighed: Funded,
) -> None:
    page = Page(client_of(weighed.officer).get("/outcomes/scenarios/new/?kind=cut").content)
    rows = sorted(row[:4] for table in page.tables() for row in table[1:])
    # the care award's latest year is its return due in May 2026 (the one a year before falls outside)
    assert rows == [
        ["Advice NI Advice in the community", "£12,000", "Not reported", "Not reported"],
        ["Cancer Lifeline Staying well at home", "£15,000", "30", "50"],
        ["Strabane Ethnic Community Association Lunch club and company", "£20,000", "12", "80"],
    ]
    assert page.value("closure_share") == "25"
    assert page.value(_line(weighed.care)) == ""
    share = Page(client_of(weighed.officer).get("/outcomes/scenarios/new/?kind=share").content)
    assert "Weigh merging or sharing services" in share.text
    assert [option.text() for option in share.root.all("option")] == [
        "Choose the lead", "Advice NI", "Cancer Lifeline", "Strabane Ethnic Community Association",
    ]  # fmt: skip


def test_a_cut_saved_shows_what_it_would_lose(weighed: Funded) -> None:
    client = client_of(weighed.officer)
    response = client.post("/outcomes/scenarios/new/", _cut(weighed))
    found = Scenario.objects.get()
    assert response["Location"] == f"/outcomes/scenarios/{found.pk}/"
    assert found.cuts == [
        {"key": f"award:{weighed.care.pk}", "share": "1"},
        {"key": f"award:{weighed.company.pk}", "share": "0.4"},
    ]
    assert AuditEntry.objects.get(target_type="outcomes.scenario").after["name"] == "End the care award"
    page = Page(client.get(response["Location"]).content)
    assert page.figure("saved") == "£23,000"  # £15,000 ended, 40% of £20,000
    assert page.figure("beneficiaries-lost") == "35"  # 30, and 40% of 12 (4.8): 34.8
    assert page.figure("hours-lost") == (  # 50, and 40% of 80: 82 hours at the wage from April 2026
        "82, worth £1,042 at £12.71 an hour (National Living Wage (aged 21 and over); GOV.UK, National "
        "Minimum Wage and National Living Wage rates)"
    )
    assert page.figure("wards-lost") == "2"
    assert page.table("wards-losing")[1:] == [
        [WARD_ONE, "Social care", "Cancer Lifeline", "No provider known"],
        [WARD_ONE, "Older people", "Cancer Lifeline", "No provider known"],
        [
            WARD_TWO,
            "Older people",
            "Strabane Ethnic Community Association (reduced)",
            "At risk its only providers are reduced",
        ],
    ]
    # the lunch club loses £8,000 of a latest income of £63,065: 13%, past the 10% chosen
    assert (
        "Organisations at risk of closing 1 (losing more than 10% of their latest yearly income)" in page.text
    )
    closure = next(table for table in page.tables() if table[0][0] == "Organisation")
    assert closure[1:] == [["Strabane Ethnic Community Association", "£8,000", "£63,065", "13%"]]
    assert (
        "Earliest it can take effect 10 March 2027, three months after the decision on 10 December 2026"
        in (page.text)
    )
    chosen = next(table for table in page.tables() if table[0][-1] == "Notice")
    assert [row[2:] for row in chosen[1:]] == [
        ["100%", "30", "50", "3 months' written notice; it can be ended from 10 March 2027 at the earliest."],
        [
            "40%",
            "12",
            "80",
            "3 months' written notice; it can be reduced from 10 March 2027 at the earliest.",
        ],
    ]
    assert "Notes First thoughts." in page.text


def test_a_merge_or_share_shows_its_saving_after_the_one_off_cost_and_its_payback(weighed: Funded) -> None:
    client = client_of(weighed.officer)
    response = client.post("/outcomes/scenarios/new/", _share(weighed))
    assert response.status_code == 302
    found = Scenario.objects.get()
    assert (found.kind, found.lead, found.saving_share, found.one_off_cost, found.years) == (
        "share", org_key(weighed.care.organisation_id), Decimal("0.1"), Decimal(3000), 3,
    )  # fmt: skip
    page = Page(client.get(response["Location"]).content)
    assert page.figure("saved") == "£3,500"  # 10% of £35,000 a year
    # £3,500 a year for 3 years less £3,000; £3,000 is 10.3 months' saving, so paid back in the 11th
    assert (
        "Over 3 years, after the one-off cost £7,500 (a one-off £3,000, paid back in 11 months)" in page.text
    )
    assert (
        "through Cancer Lifeline as the single point of entry; volunteer time worth £1,652 a year kept"
        in (page.text)
    )  # 130 hours a year at £12.71
    assert "Wards and themes kept covered 3" in page.text
    assert not page.root.all(id="wards-losing")


@pytest.mark.parametrize(
    ("kind", "typed", "error", "kept"),
    [
        (
            "cut",
            {"line": ""},
            "#funding Enter the share to cut of at least one award or grant.",
            ("name", "End the care award"),
        ),
        (
            "cut",
            {"line": "120"},
            "#funding The cut to Cancer Lifeline's Staying well at home must be more than 0% and at most "
            "100%.",
            ("line", "120"),
        ),
        (
            "cut",
            {"closure_share": "0"},
            "#id_closure_share The share of income must be more than 0% and at most 100%.",
            ("closure_share", "0"),
        ),
        (
            "share",
            {"lead": "advice"},
            "#id_lead Choose the lead from the organisations whose services merge.",
            ("saving_share", "10"),
        ),
        ("share", {"years": "11"}, "#id_years Weigh the option over 1 to 10 years.", ("years", "11")),
    ],
)
def test_an_impossible_scenario_is_refused_naming_the_field_keeping_what_was_typed(
    weighed: Funded, kind: str, typed: dict[str, str], error: str, kept: tuple[str, str]
) -> None:
    values = dict(typed)
    if "line" in values:
        values = {_line(weighed.care): values.pop("line"), _line(weighed.company): ""}
    if values.get("lead") == "advice":
        values["lead"] = org_key(organisation(ADVICE).pk)
    data = _cut(weighed, **values) if kind == "cut" else _share(weighed, **values)
    response = client_of(weighed.officer).post("/outcomes/scenarios/new/", data)
    page = Page(response.content)
    assert response.status_code == 400
    assert page.errors() == [error]
    name = _line(weighed.care) if kept[0] == "line" else kept[0]
    assert page.value(name) == kept[1]
    assert page.value("decided_on") == "2026-12-10"
    assert not Scenario.objects.exists()


def test_a_scenario_is_changed_and_deleted_by_post_each_audited(weighed: Funded) -> None:
    client = client_of(weighed.officer)
    client.post("/outcomes/scenarios/new/", _cut(weighed))
    found = Scenario.objects.get()
    form = Page(client.get(f"/outcomes/scenarios/{found.pk}/edit/").content)
    assert "Change “End the care award”" in form.text
    assert (form.value("name"), form.value("closure_share"), form.value(_line(weighed.company))) == (
        "End the care award", "10", "40",
    )  # fmt: skip
    changed = client.post(
        f"/outcomes/scenarios/{found.pk}/edit/",
        _cut(weighed, name="Reduce both", **{_line(weighed.care): "50", _line(weighed.company): "40"}),
    )
    assert changed["Location"] == f"/outcomes/scenarios/{found.pk}/"
    found.refresh_from_db()
    assert (found.name, found.cuts[0]["share"]) == ("Reduce both", "0.5")
    page = Page(client.get(changed["Location"]).content)
    assert page.figure("saved") == "£15,500"  # half of £15,000, 40% of £20,000
    assert page.figure("wards-lost") == "0"  # both reduced, none ended: every ward at risk, none lost
    assert [row[3] for row in page.table("wards-losing")[1:]] == [
        "At risk its only providers are reduced"
    ] * 3
    assert client.get(f"/outcomes/scenarios/{found.pk}/delete/").status_code == 405
    deleted = client.post(f"/outcomes/scenarios/{found.pk}/delete/")
    assert deleted["Location"] == "/outcomes/scenarios/?council=belfast"
    assert not Scenario.objects.exists()
    audited = AuditEntry.objects.filter(target_type="outcomes.scenario", target_id=str(found.pk))
    assert sorted(audited.values_list("action", flat=True)) == ["create", "delete", "update"]


def test_scenarios_are_compared_side_by_side(weighed: Funded) -> None:
    client = client_of(weighed.officer)
    client.post("/outcomes/scenarios/new/", _cut(weighed))
    client.post("/outcomes/scenarios/new/", _share(weighed))
    cut, share = Scenario.objects.get(kind="cut"), Scenario.objects.get(kind="share")
    listed = Page(client.get("/outcomes/scenarios/").content)
    assert [box.attrs["value"] for box in listed.root.all("input", name="s")] == [str(share.pk), str(cut.pk)]
    page = Page(client.get(f"/outcomes/scenarios/compare/?s={cut.pk}&s={share.pk}").content)
    table = {row[0]: row[1:] for row in page.table("comparison")}
    assert table["Figure"] == [
        "End the care award Cut or reduce funding",
        "Bring them together Merge or share services, keeping coverage",
    ]  # fmt: skip
    assert table["Saved a year"] == ["£23,000", "£3,500"]
    assert table["Saved over the years weighed, after it"] == ["£23,000 a year", "£7,500 over 3 years"]
    assert table["People losing their service, a year"] == ["35", "0"]
    assert table["Volunteer hours lost, a year"] == ["82", "0"]
    assert table["Wards losing their only provider of a theme"] == [
        f"2 {WARD_ONE}: Social care {WARD_ONE}: Older people", "0",
    ]  # fmt: skip
    assert table["Wards and themes kept covered by a merged service"] == ["0", "3"]
    assert table["Organisations at risk of closing"] == ["1 Strabane Ethnic Community Association (13%)", "0"]
    assert page.checked("s") == [str(share.pk), str(cut.pk)]
    one = Page(client.get(f"/outcomes/scenarios/compare/?s={cut.pk}").content)
    assert not one.root.all(id="comparison")
    assert "Choose two or more of your council's scenarios to compare." in one.text
    assert not Page(client.get("/outcomes/scenarios/compare/").content).root.all(id="comparison")


def test_another_councils_scenario_is_not_found_and_a_member_is_refused(weighed: Funded) -> None:
    client_of(weighed.officer).post("/outcomes/scenarios/new/", _cut(weighed))
    found = Scenario.objects.get()
    elsewhere = client_of(officer_of(other_council(), "officer@derry.example"))
    assert elsewhere.get(f"/outcomes/scenarios/{found.pk}/").status_code == 404
    assert elsewhere.post(f"/outcomes/scenarios/{found.pk}/delete/").status_code == 404
    compared = Page(elsewhere.get(f"/outcomes/scenarios/compare/?s={found.pk}&s={found.pk}").content)
    assert "End the care award" not in compared.text
    assert Scenario.objects.exists()
    assert client_of(weighed.member).get("/outcomes/scenarios/new/").status_code == 403


# An organisation's dashboard -----------------------------------------------------------------------


def test_an_organisations_members_and_its_funders_officers_see_its_dashboard(funded: Funded) -> None:
    url = "/organisations/GB-NIC-100002/outcomes/"
    page = Page(client_of(funded.member).get(url).content)
    assert "Cancer Lifeline What your awards achieve" in page.text
    assert "Awards 1, to 1 organisation" in page.text
    assert page.figure("beneficiaries") == "70"
    assert page.figure("volunteer-hours") == "150"
    assert "Value of volunteers' time £1,857" in page.text
    assert page.by_id("source").text() == (
        "Source: Cancer Lifeline's monitoring returns: 2 returns submitted by 1 of 1 awards, due 31 May 2025 "
        "to 31 May 2026, as at 5 June 2026."
    )
    awards = next(table for table in page.tables() if table[0][0] == "Award")
    assert awards[1:] == [["Staying well at home", "£15,000", "2", "Returns for Staying well at home"]]
    years = client_of(funded.member).get(f"{url}?format=csv&table=years")
    assert csv_lines(years.content)[-1].startswith("All years,2,9000.00,70,10,150,1856.50,")
    assert client_of(funded.member).get(f"{url}?format=csv&table=indicators").status_code == 404
    assert client_of(funded.officer).get(url).status_code == 200
    elsewhere = member_of(person("member@disability-action.example"), OTHER)
    assert client_of(elsewhere).get(url).status_code == 404
    assert client_of(officer_of(other_council(), "officer@derry.example")).get(url).status_code == 404
    assert client_of(funded.member).get("/organisations/GB-NIC-100004/outcomes/").status_code == 404


# The return page's outcomes questions --------------------------------------------------------------


@pytest.fixture
def due(funded: Funded) -> MonitoringReturn:
    """A return of the care award still to give, whose opportunity two of the framework's indicators
    are linked to (a count of people and a percentage)."""
    for name in (AT_HOME, CONTACT):
        Indicator.objects.get(outcome__council=funded.council, name=name).opportunities.add(
            funded.care.opportunity
        )
    return MonitoringReturn.objects.create(award=funded.care, period="Year to May 2027", due=D(2027, 5, 31))


def _return_post(**values: str) -> dict[str, str]:
    data = {
        "action": "submit", "narrative": "Visited 10 people at home each week.", "spend": "3000",
        "beneficiaries": "10", f"ward_{WARD_ONE}": "6", f"ward_{WARD_TWO}": "4", "volunteers": "3",
        "volunteer_hours": "45.5", "indicator_0_name": AT_HOME, "indicator_0_value": "9",
        "indicator_0_unit": "people", "indicator_1_name": CONTACT, "indicator_1_value": "72.5",
        "indicator_1_unit": "%",
    }  # fmt: skip
    data.update(values)
    return data


def test_a_return_asks_for_the_linked_indicators_the_wards_and_the_volunteers(
    funded: Funded, due: MonitoringReturn
) -> None:
    page = Page(client_of(funded.member).get(f"/awards/{funded.care.pk}/returns/{due.pk}/").content)
    assert (page.value("indicator_0_name"), page.value("indicator_0_unit")) == (AT_HOME, "people")
    assert (page.value("indicator_1_name"), page.value("indicator_1_unit")) == (CONTACT, "%")
    assert page.value("indicator_2_name") == ""  # unlinked indicators are not asked for
    assert ADMISSIONS not in page.text
    wards = page.by_id("ward_beneficiaries")
    assert [box.attrs["name"] for box in wards.all("input")] == [f"ward_{WARD_ONE}", f"ward_{WARD_TWO}"]
    assert "People reached, by ward" in wards.text()
    assert page.root.all("input", name="volunteers")
    assert page.root.all("input", name="volunteer_hours")


@pytest.mark.parametrize(
    ("typed", "error", "kept"),
    [
        (
            {"volunteers": "2", "volunteer_hours": "20000"},
            "#id_volunteer_hours 20,000 hours is more than 2 volunteers could give in a period of about 52 "
            "weeks (17,532 hours, every hour of every day).",
            ("volunteer_hours", "20000"),
        ),
        (
            {f"ward_{WARD_TWO}": "5"},
            f"#id_ward_{WARD_ONE} The people reached by ward add up to 11, more than the 10 reached in all. "
            "A person counts in one ward only.",
            (f"ward_{WARD_TWO}", "5"),
        ),
        (
            {"indicator_1_value": "120"},
            f"#indicators Indicator 2 ({CONTACT}): 120% is above the highest it can be, 100.",
            ("indicator_1_value", "120"),
        ),
        (
            {"indicator_0_value": "-1"},
            f"#indicators Indicator 1 ({AT_HOME}): -1 people is below the lowest it can be, 0.",
            ("indicator_0_value", "-1"),
        ),
    ],
)
def test_an_impossible_return_is_refused_naming_the_field_keeping_what_was_typed(
    funded: Funded, due: MonitoringReturn, typed: dict[str, str], error: str, kept: tuple[str, str]
) -> None:
    response = client_of(funded.member).post(
        f"/awards/{funded.care.pk}/returns/{due.pk}/", _return_post(**typed)
    )
    page = Page(response.content)
    assert response.status_code == 400
    assert page.errors() == [error]
    assert page.value(kept[0]) == kept[1]
    assert page.value("narrative") == "Visited 10 people at home each week."
    due.refresh_from_db()
    assert due.status == ReturnStatus.DUE


def test_a_returns_outcomes_values_are_saved_shown_and_counted_on_the_dashboard(
    funded: Funded, due: MonitoringReturn
) -> None:
    url = f"/awards/{funded.care.pk}/returns/{due.pk}/"
    assert client_of(funded.member).post(url, _return_post()).status_code == 302
    due.refresh_from_db()
    assert (due.status, due.volunteers, due.volunteer_hours) == (ReturnStatus.SUBMITTED, 3, Decimal("45.5"))
    assert due.ward_beneficiaries == {WARD_ONE: 6, WARD_TWO: 4}
    assert [(row["name"], row["value"]) for row in due.indicators] == [(AT_HOME, "9"), (CONTACT, "72.5")]
    page = Page(client_of(funded.officer).get(url).content)
    assert "Volunteers 3, giving 45.5 hours" in page.text
    assert f"People reached, by ward {WARD_ONE}: 6 {WARD_TWO}: 4" in page.text
    assert [AT_HOME, "9", "people"] in page.tables()[0]
    assert [CONTACT, "72.5", "%"] in page.tables()[0]
    dashboard = Page(client_of(funded.officer).get("/outcomes/").content)
    assert dashboard.figure("beneficiaries") == "80"
    assert dashboard.figure("volunteer-hours") == "195.5"
