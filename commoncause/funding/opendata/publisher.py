"""What both open-data exports share: the identifier prefixes, the licence, who publishes, how example
records are marked, and the date and number forms the standards ask for."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from commoncause.accounts.curation import DecisionError
from commoncause.accounts.models import Council

# The Open Government Licence: the licence UK public bodies publish their open data under.
LICENCE = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
SERVICE = "Common Cause"
EXAMPLE_NOTE = (
    "An example made for the demonstration of Common Cause, on a real organisation: "
    "not a real council's decision."
)


def grants_id_prefix() -> str:
    """The publisher's 360Giving prefix (`360G-…`), which a real publisher has from 360Giving."""
    return str(settings.GRANTS_ID_PREFIX)


def ocds_prefix() -> str:
    """The publisher's OCDS ocid prefix (`ocds-…`), which a real publisher registers with the OCDS
    helpdesk."""
    return str(settings.OCDS_PREFIX)


def site_url() -> str:
    """Where the service is reached, for links in files written outside a request."""
    return str(settings.SITE_URL).rstrip("/")


def council_by_slug(slug: str | None) -> Council | None:
    """The council with this slug (None when none is given); refused (DecisionError) when none has it."""
    if not slug or not slug.strip():
        return None
    council = Council.objects.filter(slug=slug.strip()).first()
    if council is None:
        known = ", ".join(Council.objects.values_list("slug", flat=True)) or "none"
        raise DecisionError(f"No council has the slug {slug.strip()!r} (known: {known}).", field="council")
    return council


def publisher_name(council: Council | None) -> str:
    return council.name if council is not None else SERVICE


def json_number(amount: Decimal) -> int | float:
    """An amount as a JSON number: whole pounds as an integer, otherwise pounds and pence."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def date_time(day: dt.date) -> str:
    """A day as the full date-time the standards ask for: its midnight, in the service's time zone."""
    midnight = dt.datetime.combine(day, dt.time(0))
    return timezone.make_aware(midnight).isoformat()


def now_text() -> str:
    return timezone.now().replace(microsecond=0).isoformat()
