"""Records no source has confirmed for a year, or ever, are flagged in search and on the page."""

import datetime as dt

import pytest
from django.core.cache import caches

from commoncause.register.freshness import freshness_flag
from commoncause.register.models import SourceRecord

pytestmark = pytest.mark.django_db
ORG = "GB-NIC-100002"
TODAY = dt.date(2026, 11, 28)


def test_the_flag_by_age():
    assert freshness_flag(TODAY - dt.timedelta(days=30), today=TODAY) == ""
    assert freshness_flag(TODAY - dt.timedelta(days=365), today=TODAY) == ""
    assert freshness_flag(dt.date(2025, 3, 31), today=TODAY) == "Not confirmed since 31 March 2025"
    assert freshness_flag(None, today=TODAY) == "Not confirmed by any register"


def _search(client, q="cancer lifeline"):
    return next(
        i for i in client.get("/api/v1/organisations", {"q": q}).json()["items"] if ORG in i["org_ids"]
    )


def test_a_record_confirmed_by_todays_import_is_not_flagged_and_an_old_one_is(client, charity):
    assert _search(client)["freshness"] == ""
    assert 'data-testid="freshness"' not in client.get(f"/organisations/{ORG}/").content.decode()

    SourceRecord.objects.filter(organisation=charity).update(last_confirmed=dt.date(2024, 1, 31))
    caches["pages"].clear()  # written round the services (no audit entry), as if a year had passed
    hit = _search(client)
    assert hit["freshness"] == "Not confirmed since 31 January 2024"
    assert hit["last_confirmed"] == "2024-01-31"
    page = client.get(f"/organisations/{ORG}/").content.decode()
    assert "Not confirmed since 31 January 2024" in page
    search_page = client.get("/search/", {"q": "cancer lifeline"}).content.decode()
    assert "Not confirmed since 31 January 2024" in search_page


def test_an_organisation_known_from_no_register_is_flagged(client, charity):
    SourceRecord.objects.filter(organisation=charity).delete()
    assert _search(client)["freshness"] == "Not confirmed by any register"
