"""Fixtures for the reconciliation service's tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from pytest_django.fixtures import Settings

from commoncause.reconcile import index_cache
from commoncause.register.models import Organisation
from commoncause.register.tests.factories import AreaOfOperationFactory, OrganisationFactory


@pytest.fixture
def small_register(db: None, settings: Settings) -> Iterator[dict[str, Organisation]]:
    """A few real bodies, as the Northern Ireland register, the charity–company lookup, the Charity
    Commission and a funder's file give them, plus a group on no register; the service's index is
    rebuilt whenever they change."""
    settings.RECONCILE_REFRESH_SECONDS = 0
    index_cache.forget()
    lifeline = OrganisationFactory.create(
        name="Cancer Lifeline",
        postcode="BT14 7PJ",
        website="www.cancerlifeline.info",
        legal_form="Company",
        status="registered",
        date_registered=dt.date(2013, 12, 13),
        latest_income=462154,
        latest_spending=469480,
        org_ids=["GB-NIC-100002", "GB-COH-NI055010"],
    )
    AreaOfOperationFactory.create(organisation=lifeline, name="Ardoyne", gss_code="N08000203")
    AreaOfOperationFactory.create(organisation=lifeline, name="Oldpark")  # a ward with no code
    AreaOfOperationFactory.create(organisation=lifeline, area_type="Country", name="Northern Ireland")
    yield {
        "lifeline": lifeline,
        "orchestra": OrganisationFactory.create(
            name="The Ulster Youth Orchestra",
            postcode="BT1 1FF",
            status="registered",
            org_ids=["GB-NIC-101104", "GB-COH-NI051710"],
        ),
        "clean_break": OrganisationFactory.create(
            name="Clean Break",
            postcode="NW5 2LB",
            website="http://www.cleanbreak.org.uk",
            status="registered",
            latest_income=0,
            org_ids=["GB-CHC-1017560"],
        ),
        "removed": OrganisationFactory.create(
            name="Clooney Soccer School", postcode="BT47 2ED", status="removed", org_ids=["GB-NIC-100007"]
        ),
        "group": OrganisationFactory.create(
            name="Larch Street Lunch Club",
            postcode="BT1 5GS",
            legal_form="Unregistered community group",
            org_ids=["GB-LOCAL-3F2A1B0C9D"],
        ),
        "unnumbered": OrganisationFactory.create(name="Lifeline Lunch Club"),
    }
    index_cache.forget()
