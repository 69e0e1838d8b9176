"""Contracts as Open Contracting data: an OCDS 1.1 release package with one release per published
contract opportunity, at its stage.

- `ocid` is the publisher's ocid prefix and the opportunity's id; the release's `tag` names what it holds:
  `tender` while it is open or being assessed, then `award` once awarded, then `contract` once an
  award's term is agreed (its start date set); a withdrawn opportunity is a `tenderCancellation`.
- `parties` hold the council (buyer and procuring entity) and each supplier, by org-id: the identifier's
  scheme is the org-id's prefix (GB-CHC, GB-NIC, GB-COH, …) and its id the number.
- Bids are seen only by their bidders and the council's officers (see `funding/access.py`), so the
  release says how many tenders came in (`numberOfTenderers`, once bidding has closed) and names only
  the organisations awarded a contract, never an unsuccessful bidder.
- An example (the demonstration's) says so in its titles and description and in `isExample`.

Lots follow the OCDS Lots extension, which the package names in `extensions`. Every package is checked
against the shipped schema before it is handed out (`ocds_schema`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from commoncause.accounts.curation import DecisionError
from commoncause.accounts.models import Council
from commoncause.funding.models import (
    Award,
    AwardStatus,
    BidStatus,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
)
from commoncause.funding.opendata.ocds_schema import LOTS_EXTENSION, VERSION, package_problems
from commoncause.funding.opendata.publisher import (
    EXAMPLE_NOTE,
    LICENCE,
    date_time,
    json_number,
    now_text,
    ocds_prefix,
    publisher_name,
    site_url,
)
from commoncause.register.models import Organisation, OrgIdentifier
from commoncause.sources.orgids import split_org_id

SHOWN = 10  # problems named in a refusal
TENDER_STATUS = {
    OpportunityStatus.OPEN: "active",
    OpportunityStatus.CLOSED: "active",  # bidding is over; the tender is being assessed
    OpportunityStatus.AWARDED: "complete",
    OpportunityStatus.WITHDRAWN: "cancelled",
}
TENDERED = (BidStatus.SUBMITTED, BidStatus.SUCCESSFUL, BidStatus.UNSUCCESSFUL)


def contracts_published(*, council: Council | None = None, examples: bool = True) -> QuerySet[Opportunity]:
    """The contract opportunities published (every one but the drafts), with what their releases read."""
    awards = Award.objects.select_related("organisation", "bid__lot").prefetch_related(
        "organisation__identifiers"
    )
    if not examples:
        awards = awards.filter(is_example=False)
    found = (
        Opportunity.objects.filter(kind=OpportunityKind.CONTRACT)
        .exclude(status=OpportunityStatus.DRAFT)
        .select_related("council")
        .prefetch_related("lots", Prefetch("awards", queryset=awards.order_by("award_date", "id")))
        .order_by("created_at", "id")
    )
    if council is not None:
        found = found.filter(council=council)
    return found.filter(is_example=False) if not examples else found


def ocds_package(
    opportunities: Iterable[Opportunity], *, council: Council | None = None, address: str | None = None
) -> dict[str, Any]:
    """The release package of these opportunities; refused (DecisionError) when it breaks the schema or
    there is no release."""
    site = (address or site_url()).rstrip("/")
    releases = [opportunity_release(opportunity) for opportunity in opportunities]
    if not releases:
        raise DecisionError("No contract has been published yet: there is nothing to export.")
    package = {
        "uri": f"{site}{reverse('funding:export_ocds')}",
        "version": VERSION,
        "extensions": [LOTS_EXTENSION],
        "publishedDate": now_text(),
        "publisher": _publisher(council, site),
        "license": LICENCE,
        "releases": releases,
    }
    if problems := package_problems(package):
        more = f" (and {len(problems) - SHOWN} more)" if len(problems) > SHOWN else ""
        raise DecisionError("The export breaks the OCDS schema: " + "; ".join(problems[:SHOWN]) + more)
    return package


def _publisher(council: Council | None, site: str) -> dict[str, Any]:
    publisher: dict[str, Any] = {"name": publisher_name(council), "uri": site}
    if council is not None and council.org_id:
        publisher["scheme"], publisher["uid"] = _scheme_and_id(council.org_id)
    return publisher


def opportunity_release(opportunity: Opportunity) -> dict[str, Any]:
    """One contract opportunity as an OCDS release, at its stage."""
    ocid = f"{ocds_prefix()}-{opportunity.pk}"
    awards = list(opportunity.awards.all())
    contracted = [award for award in awards if award.starts is not None]
    tags = release_tags(opportunity, awarded=bool(awards), contracted=bool(contracted))
    changed = max([opportunity.updated_at, *(award.updated_at for award in awards)])
    buyer = _buyer(opportunity.council)
    release: dict[str, Any] = {
        "ocid": ocid,
        "id": f"{ocid}-{tags[-1]}-{changed:%Y%m%dT%H%M%S}",
        "date": changed.isoformat(),
        "tag": tags,
        "initiationType": "tender",
        "language": "en",
        "parties": [buyer, *_suppliers(awards)],
        "buyer": _reference(buyer),
        "tender": _tender(opportunity, buyer, status=tender_status(opportunity, awarded=bool(awards))),
    }
    if awards:
        release["awards"] = [_award(award) for award in awards]
    if contracted:
        release["contracts"] = [_contract(award) for award in contracted]
    if opportunity.is_example or any(award.is_example for award in awards):
        release["isExample"] = True
    return release


def release_tags(opportunity: Opportunity, *, awarded: bool, contracted: bool) -> list[str]:
    """What the release holds, the stage it has reached last."""
    if opportunity.status == OpportunityStatus.WITHDRAWN:
        return ["tenderCancellation"]
    return ["tender"] + (["award"] if awarded else []) + (["contract"] if contracted else [])


def _example(text: str, is_example: bool) -> str:
    return f"Example: {text}" if is_example else text


def _tender(opportunity: Opportunity, buyer: dict[str, Any], *, status: str) -> dict[str, Any]:
    description = opportunity.summary.strip() or opportunity.title
    tender: dict[str, Any] = {
        "id": str(opportunity.pk),
        "title": _example(opportunity.title, opportunity.is_example),
        "description": f"{description} {EXAMPLE_NOTE}" if opportunity.is_example else description,
        "status": status,
        "procuringEntity": _reference(buyer),
        "value": _value(opportunity.value),
        "procurementMethod": "open",  # published to every organisation before bids are made
        "procurementMethodDetails": opportunity.get_route_display(),
        "procurementMethodRationale": opportunity.route_reason,
        "mainProcurementCategory": "services",
    }
    if opportunity.eligibility.strip():
        tender["eligibilityCriteria"] = opportunity.eligibility.strip()
    if criteria := _criteria(opportunity.criteria):
        tender["awardCriteria"], tender["awardCriteriaDetails"] = "ratedCriteria", criteria
    for name, period in (
        ("tenderPeriod", _period(opportunity.opens, opportunity.closes)),
        ("awardPeriod", _period(None, opportunity.decision_by)),
        ("contractPeriod", _period(opportunity.starts, _term_end(opportunity))),
    ):
        if period:
            tender[name] = period
    if opportunity.status not in {OpportunityStatus.OPEN, OpportunityStatus.WITHDRAWN}:
        tender["numberOfTenderers"] = opportunity.bids.filter(status__in=TENDERED).count()
    if lots := list(opportunity.lots.all()):
        tender["lots"] = [
            _lot(lot.number, lot.title, lot.description, lot.value, tender["status"]) for lot in lots
        ]
    return tender


def tender_status(opportunity: Opportunity, *, awarded: bool) -> str:
    if opportunity.status == OpportunityStatus.AWARDED and not awarded:
        return "unsuccessful"  # decided, and nothing awarded
    return TENDER_STATUS.get(OpportunityStatus(opportunity.status), "active")


def _lot(number: int, title: str, description: str, value: Any, status: str) -> dict[str, Any]:
    lot: dict[str, Any] = {"id": str(number), "title": title, "value": _value(value), "status": status}
    if description.strip():
        lot["description"] = description.strip()
    return lot


def _criteria(criteria: Any) -> str:
    """The published criteria and their weights: "Quality of service 60%; Price 40%"."""
    if not isinstance(criteria, list):
        return ""
    named = [item for item in criteria if isinstance(item, dict) and item.get("name")]
    return "; ".join(f"{item['name']} {item.get('weight', '?')}%" for item in named)


def _award(award: Award) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": str(award.pk),
        "title": _example(_award_title(award), award.is_example or award.opportunity.is_example),
        "description": award.reasons,
        "status": "active",
        "date": date_time(award.award_date),
        "value": _value(award.amount),
        "suppliers": [_reference(_party(award.organisation, []))],
    }
    if period := _period(award.starts, award.ends):
        entry["contractPeriod"] = period
    if award.bid.lot is not None:
        entry["relatedLots"] = [str(award.bid.lot.number)]
    return entry


def _contract(award: Award) -> dict[str, Any]:
    return {
        "id": str(award.pk),
        "awardID": str(award.pk),
        "title": _example(_award_title(award), award.is_example or award.opportunity.is_example),
        "status": contract_status(award, timezone.localdate()),
        "period": _period(award.starts, award.ends),
        "value": _value(award.amount),
    }


def contract_status(award: Award, today: dt.date) -> str:
    """Pending before its term starts, active during it, terminated once it has ended (or was ended)."""
    if award.status == AwardStatus.ENDED or (award.ends is not None and award.ends < today):
        return "terminated"
    return "pending" if award.starts is None or award.starts > today else "active"


def _award_title(award: Award) -> str:
    lot = award.bid.lot
    return f"{award.opportunity.title}: {lot.title}" if lot is not None else award.opportunity.title


def _value(amount: Any) -> dict[str, Any]:
    return {"amount": json_number(amount), "currency": "GBP"}


def _period(starts: dt.date | None, ends: dt.date | None) -> dict[str, str]:
    period = {}
    if starts is not None:
        period["startDate"] = date_time(starts)
    if ends is not None:
        period["endDate"] = date_time(ends)
    return period


def _term_end(opportunity: Opportunity) -> dt.date | None:
    """The last day of the term an opportunity offers, from its start and length in months."""
    if opportunity.starts is None:
        return None
    return months_later(opportunity.starts, opportunity.duration_months) - dt.timedelta(days=1)


def months_later(day: dt.date, months: int) -> dt.date:
    """The same day `months` months on, or the month's last day when it has fewer days (31 January and
    one month: 28 February)."""
    counted = day.month - 1 + months
    year, month = day.year + counted // 12, counted % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _scheme_and_id(org_id: str) -> tuple[str, str]:
    try:
        return split_org_id(org_id)
    except ValueError:
        return "", org_id


def _buyer(council: Council) -> dict[str, Any]:
    """The council, by its org-id (or an id of the publisher's making when it has none)."""
    org_id = council.org_id.strip()
    party: dict[str, Any] = {
        "id": org_id or f"{ocds_prefix()}-council-{council.slug}",
        "name": council.name,
        "roles": ["buyer", "procuringEntity"],
    }
    if org_id:
        scheme, number = _scheme_and_id(org_id)
        party["identifier"] = {"scheme": scheme, "id": number, "legalName": council.name}
    return party


def _suppliers(awards: list[Award]) -> list[dict[str, Any]]:
    """Each organisation awarded a contract, once, as a supplier (and so a tenderer)."""
    parties: dict[Any, dict[str, Any]] = {}
    for award in awards:
        parties.setdefault(award.organisation_id, _party(award.organisation, ["supplier", "tenderer"]))
    return list(parties.values())


def _party(organisation: Organisation, roles: list[str]) -> dict[str, Any]:
    """An organisation by its primary org-id, its other org-ids beside it."""
    identifiers: list[OrgIdentifier] = sorted(
        organisation.identifiers.all(), key=lambda held: (not held.is_primary, held.org_id)
    )
    party: dict[str, Any] = {"id": identifiers[0].org_id if identifiers else str(organisation.pk)}
    party["name"] = organisation.name
    if identifiers:
        party["identifier"] = _identifier(identifiers[0], organisation.name)
    if len(identifiers) > 1:
        party["additionalIdentifiers"] = [_identifier(held, organisation.name) for held in identifiers[1:]]
    if organisation.postcode:
        party["address"] = {"postalCode": organisation.postcode, "countryName": "United Kingdom"}
    if roles:
        party["roles"] = roles
    return party


def _identifier(held: OrgIdentifier, name: str) -> dict[str, str]:
    return {"scheme": held.scheme, "id": held.value, "legalName": name}


def _reference(party: dict[str, Any]) -> dict[str, Any]:
    return {"id": party["id"], "name": party["name"]}


def ocds_write(out: Path, *, council: Council | None = None, examples: bool = True) -> int:
    """Write the release package to `out` (a .json file); how many releases it holds."""
    if out.suffix.lower() != ".json":
        raise DecisionError(f"Give a file ending in .json, not {out.name}.", field="out")
    package = ocds_package(contracts_published(council=council, examples=examples), council=council)
    out.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(package["releases"])
