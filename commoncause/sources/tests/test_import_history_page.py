"""The import history: curators see every run and what it changed; others are sent to sign in or refused."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from commoncause.accounts.tests.cast import PASSWORD
from commoncause.register.models import ImportRun

pytestmark = pytest.mark.django_db

HISTORY = "/imports/"


@pytest.fixture
def ccni_run() -> ImportRun:
    started = timezone.make_aware(dt.datetime(2025, 6, 5, 14, 7, 0))
    return ImportRun.objects.create(
        kind="ccni",
        file_name="ccni-charitydetails-sample.csv",
        extract_date=dt.date(2025, 6, 1),
        started_at=started,
        finished_at=started + dt.timedelta(seconds=75),
        created=364,
        updated=0,
        unchanged=0,
        removed=0,
        rejected=1,
        rows_read=365,
    )


@pytest.fixture
def staff(curator):
    return curator


def test_history_is_at_the_imports_address():
    assert reverse("sources:import_run_list") == HISTORY


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(HISTORY)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/sign-in/?next=/imports/"


def test_signed_in_person_who_is_not_staff_is_refused(client, member):
    client.force_login(member)
    response = client.get(HISTORY)
    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()


def test_staff_see_each_run_with_what_it_changed(client, staff, ccni_run):
    client.force_login(staff)
    response = client.get(HISTORY)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Import history – Common Cause</title>" in html
    assert "ccni-charitydetails-sample.csv" in html
    assert "1 June 2025" in html
    assert "5 June 2025, 2:07pm" in html
    assert "took 1 minute 15 seconds" in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">364</td>' in html
    assert "1 import run</caption>" in html


def test_newest_run_is_listed_first(client, staff, ccni_run):
    later = ImportRun.objects.create(
        kind="csv",
        file_name="ukcat_sample_ccew_2000.csv",
        started_at=ccni_run.started_at + dt.timedelta(days=1),
    )
    client.force_login(staff)
    runs = list(client.get(HISTORY).context["runs"])
    assert runs == [later, ccni_run]
    assert "Not finished" in client.get(HISTORY).content.decode()


def test_staff_sign_in_and_land_on_the_history(client, staff, ccni_run):
    response = client.post(
        "/accounts/sign-in/",
        {"username": "Curator@CVS.example", "password": PASSWORD, "next": HISTORY},
    )
    assert response.status_code == 302
    assert response["Location"] == HISTORY
    assert client.get(HISTORY).status_code == 200


def test_wrong_password_shows_an_error_summary(client, staff):
    response = client.post("/accounts/sign-in/", {"username": "curator@cvs.example", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "<title>Error: Sign in – Common Cause</title>" in html


def test_sign_out_ends_the_session(client, staff):
    client.force_login(staff)
    response = client.post("/accounts/sign-out/")
    assert response.status_code == 302
    assert client.get(HISTORY).status_code == 302


def test_a_runs_notes_are_folded_away_under_it(client, staff, ccni_run):
    ccni_run.notes = "Read as Windows-1252.\n12 records linked to organisations already in the register."
    ccni_run.save()
    client.force_login(staff)
    html = client.get(HISTORY).content.decode()
    details = html[html.index('<details class="govuk-details') : html.index("</details>")]
    assert "Notes on this import" in details
    assert "Read as Windows-1252.<br>12 records linked" in details
