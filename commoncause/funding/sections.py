"""What funding adds to the register: the grants section of an organisation's page, the
`grants_received` field of its API record, and the "Funded by" search facet."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Schema

from commoncause.core.charts import csp_nonce
from commoncause.core.sections import Section
from commoncause.funding import selectors
from commoncause.funding.charts import grants_chart_svg, grants_summary
from commoncause.register.extensions import FacetSource, RecordField
from commoncause.register.models import Organisation

LATEST = 10  # grants listed on the page; the rest are a link away


def organisation_grants(request: HttpRequest, organisation: Organisation) -> dict[str, Any] | None:
    """The grants an organisation received (by funder and year, as a chart and a table) and made;
    nothing when it has neither."""
    received_summary = selectors.grants_received_summary(organisation)
    made_summary = selectors.grants_made_summary(organisation)
    if not received_summary["count"] and not made_summary["count"]:
        return None
    received = selectors.received_by_funder_and_year(organisation)
    return {
        "grants_received": received_summary,
        "grants_made": made_summary,
        "latest_received": selectors.grants_of(recipient=organisation)[:LATEST],
        "latest_made": selectors.grants_of(funder=organisation)[:LATEST],
        "latest": LATEST,
        "grants_key": organisation.pk,
        "received_by_funder": received,
        "grants_chart": grants_chart_svg(
            received,
            title=f"Grants received by {organisation.name}",
            name=organisation.name,
            nonce=csp_nonce(request),
        ),
        "grants_text": grants_summary(received, name=organisation.name),
    }


class GrantsReceivedOut(Schema):
    count: int
    total: Decimal  # in pounds (grants in other currencies are counted, not added)


GRANTS_SECTION = Section(
    name="grants",
    slot="after_activities",
    order=10,
    template="funding/_organisation_grants.html",
    context=organisation_grants,
)
GRANTS_RECEIVED_FIELD = RecordField(
    name="grants_received", schema=GrantsReceivedOut, resolve=selectors.grants_received_summary
)
# Each organisation's funders (from 360Giving grants), by their canonical org-id and name.
FUNDER_FACET = FacetSource(
    facet="funder",
    sql=(
        "SELECT DISTINCT CAST(g.recipient_id AS text), i.org_id, o.name FROM funding_grant g "
        "JOIN register_organisation o ON o.id = g.funder_id "
        "JOIN register_orgidentifier i ON i.organisation_id = g.funder_id AND i.is_primary "
        "WHERE {where}"
    ),
    organisation_column="g.recipient_id",
)
