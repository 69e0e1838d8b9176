"""The health check's pages: setting up, opening, answering and closing a round; results with their
charts, tables and CSVs, suppressed alike; forms that name the field in error and keep what was typed;
who may see what; the action plan; the account page; the demo."""

import csv
import io
import re

import pytest
from django.test import Client

from commoncause.accounts.models import Council
from commoncause.accounts.tests.cast import council, person
from commoncause.relationships.health.demo import demo_health_check
from commoncause.relationships.health.models import HealthRound, RoundStatement
from commoncause.relationships.health.services import health_round_close
from commoncause.relationships.tests.health_samples import answer, officers, open_round, sector_members

pytestmark = pytest.mark.django_db
VALUES = re.compile(r'<desc class="value">([^<]*)</desc>')


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _closed_with_four_in_the_sector(officer) -> HealthRound:
    """LA1: five officers rate it 4 or 5; four members rate it 1 (their mean, 1.0, must never show)."""
    made = open_round(officer)
    for n, user in enumerate(officers(5)):
        answer(user, made, {"LA1": 4 + n % 2, "VCS1": 3, "E1": 3})
    for user in sector_members(4):
        answer(user, made, {"LA1": 1, "VCS1": 4, "E1": 3}, {"LA1": "Nobody asked us about the budget"})
    for user in sector_members(2, start=10):
        answer(user, made, {"LA1": None, "VCS1": 4, "E1": 3})  # five sector ratings of VCS1 and E1
    return health_round_close(user=officer, health_round=made)


def test_an_officer_sets_up_opens_answers_and_closes_a_round(officer):
    client = _signed_in(officer)
    assert client.get("/health-checks/").status_code == 200
    assert client.get("/health-checks/belfast/").status_code == 200
    made = client.post(
        "/health-checks/belfast/new/", {"name": "2026", "opens": "2026-04-01", "closes": "2026-05-31"}
    )
    found = HealthRound.objects.get()
    assert made["Location"] == f"/health-checks/rounds/{found.pk}/"
    page = client.get(made["Location"]).content.decode()
    assert "LA1" in page
    assert "Open for answers" in page
    chosen = client.post(
        f"/health-checks/rounds/{found.pk}/statements/", {"statements": ["health:LA1", "barriers:E2"]}
    )
    assert chosen.status_code == 302
    assert [s.code for s in found.statements.all()] == ["LA1", "E2"]
    assert client.post(f"/health-checks/rounds/{found.pk}/status/", {"to": "open"}).status_code == 302
    assert client.get(f"/health-checks/rounds/{found.pk}/statements/").status_code == 302  # fixed now
    form = client.get(f"/health-checks/rounds/{found.pk}/answer/").content.decode()
    assert "You are answering for the council" in form
    ids = {s.code: s.pk for s in found.statements.all()}
    answers = {f"rating_{ids['LA1']}": "4", f"rating_{ids['E2']}": "dont_know", f"evidence_{ids['LA1']}": "x"}
    assert client.post(f"/health-checks/rounds/{found.pk}/answer/", answers)["Location"] == "/health-checks/"
    waiting = client.get(f"/health-checks/rounds/{found.pk}/results/").content.decode()
    assert "results show once the round is closed" in waiting
    closed = client.post(f"/health-checks/rounds/{found.pk}/status/", {"to": "closed"})
    assert closed["Location"] == f"/health-checks/rounds/{found.pk}/results/"
    results = client.get(closed["Location"]).content.decode()
    assert "fewer than 5 answers" in results


def test_forms_name_the_field_in_error_and_keep_what_was_typed(officer):
    client = _signed_in(officer)
    refused = client.post(
        "/health-checks/belfast/new/", {"name": "Spring check", "opens": "2026-05-01", "closes": "2026-04-01"}
    )
    assert refused.status_code == 400
    page = refused.content.decode()
    assert 'href="#id_closes"' in page
    assert "The closing date must be on or after the opening date." in page
    assert 'value="Spring check"' in page
    made = open_round(officer)
    ids = {s.code: s.pk for s in made.statements.all()}
    typed = {
        f"rating_{ids['LA1']}": "2",
        f"evidence_{ids['VCS1']}": "We met twice",
        f"rating_{ids['E1']}": "5",
    }
    refused = client.post(f"/health-checks/rounds/{made.pk}/answer/", typed)
    assert refused.status_code == 400
    page = refused.content.decode()
    assert f'href="#id_rating_{ids["VCS1"]}_0"' in page
    assert "Rate statement VCS1, from 1 to 5, or choose don&#x27;t know." in page
    assert "We met twice</textarea>" in page
    assert re.search(rf'id="id_rating_{ids["LA1"]}_1"[^>]*value="2" checked', page)
    refused = client.post(
        f"/health-checks/rounds/{made.pk}/actions/new/", {"title": "Meet quarterly", "status": "done"}
    )
    assert refused.status_code == 400
    assert 'href="#id_owner"' in refused.content.decode()
    assert 'value="Meet quarterly"' in refused.content.decode()


def test_results_charts_and_csvs_suppress_a_group_of_four_alike(officer):
    closed = _closed_with_four_in_the_sector(officer)
    client = _signed_in(officer)
    page = client.get(f"/health-checks/rounds/{closed.pk}/results/").content.decode()
    assert "fewer than 5 answers" in page
    assert "Nobody asked us about the budget" not in page  # evidence of a group of four
    council_themes = page[page.index('data-testid="figure-themes-council"') :]
    council_themes = council_themes[: council_themes.index("</section>")]
    assert "1.0" not in VALUES.findall(council_themes)  # no bar for the sector's view of LA1
    assert VALUES.findall(council_themes) == ["4.4"]
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(f"/health-checks/rounds/{closed.pk}/results/statements.csv").content.decode()
            )
        )
    )
    assert rows[0][:4] == ["Statement", "About", "Theme", "Council's view"]
    la1 = next(row for row in rows if row[0].startswith("LA1:"))
    assert la1[3:] == ["4.4", "5", "fewer than 5 answers", "fewer than 5", "not shown"]
    vcs1 = next(row for row in rows if row[0].startswith("VCS1:"))
    assert vcs1[3:] == ["3.0", "5", "4.0", "6", "-1.0"]  # the CSV's gap is a number, not text
    for table in ("themes-council", "themes-sector", "themes-partnership", "trend", "trend-themes"):
        download = client.get(f"/health-checks/rounds/{closed.pk}/results/{table}.csv")
        assert download.status_code == 200, table
        assert ",1.0," not in download.content.decode()
    assert client.get(f"/health-checks/rounds/{closed.pk}/results/nothing.csv").status_code == 404


def test_the_sectors_respondents_see_a_closed_rounds_results_and_nobody_else_does(officer):
    made = open_round(officer)
    (member,) = sector_members(1)
    client = _signed_in(member)
    assert (
        "results show once the round is closed"
        in client.get(f"/health-checks/rounds/{made.pk}/results/").content.decode()
    )
    assert client.get(f"/health-checks/rounds/{made.pk}/results/statements.csv").status_code == 404
    assert client.get(f"/health-checks/rounds/{made.pk}/").status_code == 403  # running it is the council's
    health_round_close(user=officer, health_round=made)
    assert (
        "The perception gap by statement"
        in client.get(f"/health-checks/rounds/{made.pk}/results/").content.decode()
    )
    assert client.get(f"/health-checks/rounds/{made.pk}/actions/").status_code == 200
    nosy = _signed_in(person("nosy@elsewhere.example"))
    for path in ("results/", "results/statements.csv", "actions/", "answer/", ""):
        assert nosy.get(f"/health-checks/rounds/{made.pk}/{path}").status_code == 403, path


def test_an_officer_of_another_council_is_refused_everywhere(officer):
    made = open_round(officer)
    elsewhere = Council.objects.create(name="Derry City and Strabane", slug="derry", area_codes=["N09000005"])
    (stranger,) = officers(1, of=elsewhere)
    client = _signed_in(stranger)
    rounds = f"/health-checks/rounds/{made.pk}"
    paths = ("/health-checks/belfast/", "/health-checks/belfast/new/", "/health-checks/belfast/statements/",
             f"{rounds}/", f"{rounds}/answer/", f"{rounds}/results/", f"{rounds}/actions/new/")  # fmt: skip
    for path in paths:
        assert client.get(path).status_code == 403, path
    assert client.post(f"/health-checks/rounds/{made.pk}/status/", {"to": "closed"}).status_code == 403
    assert client.get("/health-checks/rounds/999999/").status_code == 404
    assert client.get("/health-checks/no-such-council/").status_code == 404


def test_the_public_is_sent_to_sign_in(officer):
    made = open_round(officer)
    rounds = f"/health-checks/rounds/{made.pk}"
    paths = ("/health-checks/", "/health-checks/belfast/", f"{rounds}/answer/", f"{rounds}/results/",
             f"{rounds}/results/trend.csv")  # fmt: skip
    for path in paths:
        response = Client().get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/sign-in/"), path


def test_a_councils_statements_are_retired_and_added_from_their_page(officer):
    client = _signed_in(officer)
    page = client.get("/health-checks/belfast/statements/").content.decode()
    assert "Partnership health statements" in page
    assert "Compact self-assessment" in page
    client.post("/health-checks/belfast/statements/", {"statement": "compact:FC-5", "retire": "yes"})
    assert (
        'Offer again<span class="govuk-visually-hidden"> FC-5'
        in client.get("/health-checks/belfast/statements/").content.decode()
    )
    added = client.post(
        "/health-checks/belfast/statements/new/",
        {"text": "Officers answer within a week", "about": "council", "theme": "communication"},
    )
    assert added.status_code == 302
    assert "OWN1" in client.get("/health-checks/belfast/statements/").content.decode()


def test_an_action_is_added_from_a_weak_statement(officer):
    closed = _closed_with_four_in_the_sector(officer)
    client = _signed_in(officer)
    la1 = RoundStatement.objects.get(round=closed, code="LA1")
    form = client.get(f"/health-checks/rounds/{closed.pk}/actions/new/?statement={la1.pk}").content.decode()
    assert re.search(rf'value="{la1.pk}" checked', form)
    values = {"title": "Ask the forum before the budget", "owner": "Head of Finance", "due": "2026-10-01",
              "status": "not_started", "statements": [str(la1.pk)]}  # fmt: skip
    assert client.post(f"/health-checks/rounds/{closed.pk}/actions/new/", values).status_code == 302
    plan = client.get(f"/health-checks/rounds/{closed.pk}/actions/").content.decode()
    assert "Ask the forum before the budget" in plan
    assert "Head of Finance" in plan
    assert "1 October 2026" in plan
    results = client.get(f"/health-checks/rounds/{closed.pk}/results/").content.decode()
    assert "Ask the forum before the budget" in results


def test_the_account_page_lists_the_rounds_a_member_may_answer(officer):
    made = open_round(officer)
    (member,) = sector_members(1)
    page = _signed_in(member).get("/accounts/").content.decode()
    assert "Partnership health checks" in page
    assert f"/health-checks/rounds/{made.pk}/answer/" in page
    assert (
        "Partnership health checks"
        not in _signed_in(person("nosy@elsewhere.example")).get("/accounts/").content.decode()
    )


def test_the_demo_gives_westminster_a_closed_round_with_results_and_an_open_round():
    said = demo_health_check()
    assert "closed" in said
    assert "open" in said
    assert demo_health_check().endswith("already made.")
    westminster = Council.objects.get(name="Westminster City Council")
    closed, current = HealthRound.objects.filter(council=westminster).order_by("opens")
    assert (closed.status, current.status) == ("closed", "open")
    assert closed.is_example
    assert current.is_example
    (officer,) = officers(1, of=westminster)
    client = _signed_in(officer)
    page = client.get(f"/health-checks/rounds/{closed.pk}/results/").content.decode()
    assert "Example data" in page
    assert "7 of the council's officers; 11 from the voluntary and community sector" in page
    assert "fewer than 5 answers" in page  # VCS6 from the council's side, E4 from the sector's
    assert "Only one national body has been in touch" not in page  # evidence of a group of three
    assert "Our contract has not risen with inflation for three years." in page
    assert "Review contract prices against inflation" in page
    assert "Example data" in client.get(f"/health-checks/rounds/{current.pk}/answer/").content.decode()
    rounds = client.get("/health-checks/westminster-city-council/").content.decode()
    assert rounds.index(current.name) < rounds.index(closed.name)  # newest first
    assert council().name == "Belfast City Council"  # the cast's council is untouched


def test_those_who_run_health_checks_find_them_in_the_menu(officer, curator):
    def menu(user) -> str:
        page = _signed_in(user).get("/").content.decode()
        return page[page.index('id="navigation"') : page.index("</nav>")]

    assert 'href="/health-checks/"' in menu(officer)
    assert 'href="/health-checks/"' in menu(curator)
    (member,) = sector_members(1)
    assert "Health checks" not in menu(member)  # members find their rounds on their account page
