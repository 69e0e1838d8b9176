"""A grant round's award as a 360Giving grant: the grant's JSON (`award_grant`), and the grant published
(`award_grant_publish`) so it shows with the recipient's other grants and in the 360Giving export.

Only a grant round's awards are grants; a contract's award is published as Open Contracting data
(`ocds.py`). The grant's id is the publisher's 360Giving prefix and the award's id; its funder is the
council by its own org-id (`Council.org_id`, such as GB-LAE-WSM); its recipient is the organisation by
its primary org-id in the register. An example award says so in its title, its description and a
classification, so the file marks it wherever it goes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.contrib.auth.models import User
from django.db import transaction

from commoncause.accounts.curation import DecisionError
from commoncause.accounts.services import audit_record
from commoncause.funding.models import Award, Grant, OpportunityKind
from commoncause.funding.opendata.publisher import (
    EXAMPLE_NOTE,
    SERVICE,
    grants_id_prefix,
    json_number,
)
from commoncause.funding.threesixty.parties import Parties, party_keys
from commoncause.linkage.canonical import canonical_identifiers_refresh
from commoncause.places.models import Area, AreaType
from commoncause.register.models import Organisation
from commoncause.register.services import search_index_refresh
from commoncause.sources.values import prose

SOURCE_FILE = "Common Cause"  # the `source_file` of the grants the service publishes itself
# The 360Giving geoCodeType of a GSS code, by its first three characters (the ONS entity).
GEO_CODE_TYPES = {
    "E05": "WD", "W05": "WD", "S13": "WD", "N08": "WD", "E06": "UA", "E07": "NMD", "E08": "MD",
    "E09": "LONB", "E10": "CTY",
}  # fmt: skip
EXAMPLE_CLASSIFICATION = {
    "vocabulary": SERVICE,
    "code": "example",
    "title": "Example data",
    "description": EXAMPLE_NOTE,
}


def award_grant(award: Award) -> dict[str, Any]:
    """The 360Giving grant of a grant round's award (valid against the standard's schema)."""
    opportunity = award.opportunity
    if opportunity.kind != OpportunityKind.GRANT:
        raise DecisionError(
            f"{opportunity.title} is a contract: its awards are published as contracts, not grants",
            field="opportunity",
        )
    title, description = _title(award), opportunity.summary.strip() or opportunity.title
    example = is_example(award)
    grant: dict[str, Any] = {
        "id": f"{grants_id_prefix()}-{award.pk}",
        "title": f"Example: {title}" if example else title,
        "description": f"{description} {EXAMPLE_NOTE}" if example else description,
        "currency": "GBP",
        "amountAwarded": json_number(award.amount),
        "awardDate": award.award_date.isoformat(),
        "recipientOrganization": [_recipient(award.organisation)],
        "fundingOrganization": [_funder(award)],
        "grantProgramme": [{"code": str(opportunity.pk), "title": opportunity.title}],
        "fromOpenCall": "Yes",  # opportunities are published to everyone before bids are made
        "dateModified": award.updated_at.isoformat(),
    }
    if planned := _planned_dates(award):
        grant["plannedDates"] = [planned]
    if locations := _beneficiary_locations(award):
        grant["beneficiaryLocation"] = locations
    if example:
        grant["classifications"] = [dict(EXAMPLE_CLASSIFICATION)]
    return grant


def award_grant_publish(award: Award, *, actor: User | None = None) -> Grant:
    """Write (or rewrite) the award of a grant round as a published 360Giving grant, linked from the
    award (`award.grant`), so it shows with the recipient's other grants and in the export."""
    data = award_grant(award)
    with transaction.atomic():
        funder, touched = _funder_organisation(data["fundingOrganization"][0])
        grant = award.grant or Grant.objects.filter(grant_id=data["id"]).first()
        before = _audited(grant) if grant is not None else {}
        if grant is None:
            grant = Grant(grant_id=data["id"])
        grant.grant_id = data["id"]
        for name, value in _grant_fields(data, award, funder).items():
            setattr(grant, name, value)
        grant.save()
        award.grant = grant
        award.save(update_fields=["grant"])
        audit_record(
            actor=actor,
            action="update" if before else "create",
            target=grant,
            before=before,
            after=_audited(grant),
            note=f"The award {award.pk} published as a 360Giving grant",
        )
        canonical_identifiers_refresh(touched)
        search_index_refresh(organisation_ids=sorted({award.organisation_id, funder, *touched}))
    return grant


def is_example(award: Award) -> bool:
    """An award of the demonstration's: marked so, or made on an example opportunity."""
    return award.is_example or award.opportunity.is_example


def _audited(grant: Grant) -> dict[str, Any]:
    return {
        "grant_id": grant.grant_id,
        "amount_awarded": str(grant.amount_awarded),
        "award_date": str(grant.award_date),
        "recipient_org_id": grant.recipient_org_id,
        "funder_org_id": grant.funder_org_id,
        "is_example": grant.is_example,
    }


def _title(award: Award) -> str:
    lot = award.bid.lot
    return f"{award.opportunity.title}: {lot.title}" if lot is not None else award.opportunity.title


def _recipient(organisation: Organisation) -> dict[str, Any]:
    """The recipient by its primary org-id, with the charity and company numbers the schema has room for."""
    identifiers = list(organisation.identifiers.order_by("-is_primary", "org_id"))
    if not identifiers:
        raise DecisionError(
            f"{organisation.name} has no org-id in the register, so its grant cannot be published",
            field="organisation",
        )
    party: dict[str, Any] = {"id": identifiers[0].org_id, "name": organisation.name}
    for identifier in identifiers:
        if identifier.scheme in {"GB-CHC", "GB-SC"}:
            party.setdefault("charityNumber", identifier.value)
        elif identifier.scheme == "GB-NIC":
            party.setdefault("charityNumber", f"NIC{identifier.value}")  # as the NI register prints it
        elif identifier.scheme == "GB-COH":
            party.setdefault("companyNumber", identifier.value)
    if organisation.postcode:
        party["postalCode"] = organisation.postcode
    return party


def _funder(award: Award) -> dict[str, Any]:
    council = award.opportunity.council
    if not council.org_id.strip():
        raise DecisionError(
            f"{council.name} has no org-id (the council's org_id field, such as GB-LAE-WSM), so its "
            "grants cannot be published as 360Giving data",
            field="org_id",
        )
    return {"id": council.org_id.strip(), "name": council.name}


def _planned_dates(award: Award) -> dict[str, Any]:
    """When the funded work runs: its start, end and length in months, as far as they are known."""
    starts = award.starts or award.opportunity.starts
    planned: dict[str, Any] = {}
    if starts is not None:
        planned["startDate"] = starts.isoformat()
    if award.ends is not None:
        planned["endDate"] = award.ends.isoformat()
    months = months_between(starts, award.ends) if starts and award.ends else None
    if months is None and starts is not None:
        months = award.opportunity.duration_months
    if months:
        planned["duration"] = months
    return planned


def months_between(starts: dt.date, ends: dt.date) -> int | None:
    """The whole months from the first day to the last, both included (1 April 2025 to 31 March 2028 is 36);
    None when the end comes first."""
    after = ends + dt.timedelta(days=1)
    months = (after.year - starts.year) * 12 + after.month - starts.month - (after.day < starts.day)
    return months if months >= 0 and after > starts else None


def _beneficiary_locations(award: Award) -> list[dict[str, Any]]:
    """The wards the award serves: its lot's, or else the opportunity's."""
    lot = award.bid.lot
    codes = [str(code) for code in ((lot.areas if lot is not None else None) or award.opportunity.areas)]
    areas: dict[str, Area] = {}
    for area in Area.objects.filter(code__in=codes).defer("boundary").order_by("code", "vintage"):
        areas[area.code] = area  # the newest vintage last
    locations = []
    for code in codes:
        location: dict[str, Any] = {"geoCode": code, "countryCode": "GB"}
        known = areas.get(code)
        if known is not None:
            location["name"] = known.name
        kind = (
            "WD" if known is not None and known.area_type == AreaType.WARD else GEO_CODE_TYPES.get(code[:3])
        )
        if kind:
            location["geoCodeType"] = kind
        locations.append(location)
    return locations


def _funder_organisation(funder: dict[str, Any]) -> tuple[UUID, set[UUID]]:
    """The council as the register's organisation holding its org-id, found or made as the 360Giving
    importer finds or makes a funder; and the organisations whose identifiers changed."""
    parties = Parties()
    parties.prepare(party_keys(funder))
    organisation = parties.resolve(funder)
    parties.save()
    return organisation, set(parties.touched)


def _grant_fields(data: dict[str, Any], award: Award, funder: UUID) -> dict[str, Any]:
    """The grant's fields as the 360Giving importer sets them from a file, and whether it is an example."""
    recipient = data["recipientOrganization"][0]
    return {
        "title": prose(data["title"])[:500],
        "description": prose(data["description"]),
        "currency": data["currency"],
        "amount_awarded": award.amount,
        "award_date": award.award_date,
        "programme": data["grantProgramme"][0]["title"][:300],
        "funder_id": funder,
        "recipient_id": award.organisation_id,
        "funder_org_id": data["fundingOrganization"][0]["id"],
        "funder_name": prose(data["fundingOrganization"][0]["name"])[:500],
        "recipient_org_id": recipient["id"],
        "recipient_name": prose(recipient["name"])[:500],
        "data": data,
        "source_file": SOURCE_FILE,
        "is_example": is_example(award),
    }
