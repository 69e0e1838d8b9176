"""The register's organisations as the matcher sees them (`engine.corpus.OrgDoc`), read in bulk.

Each live organisation (not linked into another, not removed or dissolved) with:
- its names, what it does (activities and objects) and its services' names and descriptions;
- its org-ids, the primary first;
- its classifications: UK-CAT tags as tags, and every classification's themes;
- where it works: its place (ward and council), its areas of operation, its services' places and
  areas (GSS codes);
- its latest yearly income and legal form;
- when a source last confirmed it;
- its track record: its services, and what the apps above add (`track.track_sources`: funding adds
  the grants it received).
Read a table at a time, keyed by organisation: a national register is a few queries, not one per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.db.models import Max

from commoncause.matching.engine.corpus import OrgDoc
from commoncause.matching.track import track_records
from commoncause.places.models import OrganisationPlace
from commoncause.places.themes import themes_of_codes
from commoncause.register.models import (
    AreaOfOperation,
    Classification,
    Organisation,
    OrganisationStatus,
    OrgIdentifier,
    OtherName,
    SourceRecord,
)
from commoncause.services.models import Service, ServiceArea, ServiceAtLocation

GONE = (OrganisationStatus.REMOVED, OrganisationStatus.DISSOLVED)


def _grouped(rows: Iterable[tuple[Any, ...]]) -> defaultdict[Any, list[Any]]:
    found: defaultdict[Any, list[Any]] = defaultdict(list)
    for owner, *rest in rows:
        found[owner].append(rest[0] if len(rest) == 1 else tuple(rest))
    return found


def organisation_docs() -> list[OrgDoc]:
    """Every live organisation of the register as an `OrgDoc`, in a stable order (by id)."""
    live = Organisation.objects.listed().exclude(status__in=GONE)
    rows = list(
        live.order_by("pk").values_list(
            "pk", "name", "activities", "charitable_objects", "legal_form", "latest_income"
        )
    )
    names = _grouped(OtherName.objects.values_list("organisation_id", "name"))
    org_ids = _grouped(
        OrgIdentifier.objects.order_by("-is_primary", "org_id").values_list("organisation_id", "org_id")
    )
    classified = _grouped(Classification.objects.values_list("organisation_id", "scheme", "code"))
    areas = _areas()
    confirmed = dict(
        SourceRecord.objects.values("organisation_id")
        .annotate(newest=Max("last_confirmed"))
        .values_list("organisation_id", "newest")
    )
    services = _grouped(
        Service.objects.exclude(organisation=None).values_list("organisation_id", "name", "description")
    )
    tracks = track_records()
    docs = []
    for pk, name, activities, objects, legal_form, income in rows:
        own_services = services.get(pk, [])
        service_text = " ".join(f"{title} {about}" for title, about in own_services)
        codes = classified.get(pk, [])
        track = tracks.get(pk)
        docs.append(
            OrgDoc(
                key=pk,
                name=name,
                text=" ".join([*names.get(pk, []), activities, objects, service_text]),
                org_ids=tuple(org_ids.get(pk, [])),
                tags=frozenset(code for scheme, code in codes if scheme == "ukcat"),
                themes=frozenset(themes_of_codes(codes)),
                areas=frozenset(areas.get(pk, ())),
                income=float(income) if income is not None else None,
                legal_form=legal_form,
                facts_date=confirmed.get(pk),
                track=" ".join(filter(None, [service_text, track.text if track else ""])),
                grants=track.count if track else 0,
                services=len(own_services),
            )
        )
    return docs


def _areas() -> defaultdict[UUID, set[str]]:
    """The GSS codes of where each organisation works: its place, its areas of operation, its
    services' places and areas."""
    found: defaultdict[UUID, set[str]] = defaultdict(set)
    for owner, ward, council in OrganisationPlace.objects.values_list(
        "organisation_id", "ward", "local_authority"
    ):
        found[owner].update(code for code in (ward, council) if code)
    for owner, code in AreaOfOperation.objects.exclude(gss_code="").values_list(
        "organisation_id", "gss_code"
    ):
        found[owner].add(code)
    for owner, code in (
        ServiceArea.objects.exclude(gss_code="")
        .exclude(service__organisation=None)
        .values_list("service__organisation_id", "gss_code")
    ):
        found[owner].add(code)
    places = ServiceAtLocation.objects.exclude(service__organisation=None).values_list(
        "service__organisation_id", "location__ward_code", "location__council_code"
    )
    for owner, ward, council in places:
        found[owner].update(code for code in (ward, council) if code)
    return found
