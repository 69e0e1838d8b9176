"""Child rows of written records: one source's names, classifications, areas, years, trustees, links.

A changed record replaces everything its source said about the organisation (the rows
`lifecycle.REPLACED_WITH_RECORD` names, and its links); other sources' rows stay as they are.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from commoncause.register.models import (
    AreaOfOperation,
    Classification,
    FinancialYear,
    OrganisationalTrustee,
    OrganisationLink,
    OrgIdentifier,
    OtherName,
)
from commoncause.sources.bulk import insert_rows
from commoncause.sources.lifecycle import REPLACED_WITH_RECORD
from commoncause.sources.records import OrgRecord

BULK = 1000


Written = Sequence[tuple[OrgRecord, uuid.UUID]]


def children_replace(*, source: str, written: Written, existing: set[uuid.UUID]) -> None:
    """Delete the source's child rows of the `existing` organisations and write the records' rows.

    (Organisations created in this batch have no rows to delete.)
    """
    organisation_ids = existing.intersection(organisation_id for _, organisation_id in written)
    if organisation_ids:
        for model in REPLACED_WITH_RECORD:
            model._default_manager.filter(organisation_id__in=organisation_ids, source=source).delete()
        OrganisationLink.objects.filter(from_organisation_id__in=organisation_ids, source=source).delete()
    insert_rows(OtherName, ("organisation_id", "name", "name_type", "source"), _other_names(source, written))
    insert_rows(
        Classification, ("organisation_id", "scheme", "code", "source"), _classifications(source, written)
    )
    insert_rows(
        AreaOfOperation,
        ("organisation_id", "area_type", "name", "parent_type", "parent_name", "gss_code", "source"),
        _areas(source, written),
    )
    insert_rows(
        FinancialYear,
        ("organisation_id", "source", "period_start", "period_end", "income", "spending", "breakdown"),
        _financial_years(source, written),
    )
    insert_rows(
        OrganisationalTrustee, ("organisation_id", "name", "is_chair", "source"), _trustees(source, written)
    )
    OrganisationLink.objects.bulk_create(_links(source, written), batch_size=BULK, ignore_conflicts=True)


def _other_names(source: str, written: Written) -> list[tuple[Any, ...]]:
    rows: dict[tuple[uuid.UUID, str], tuple[Any, ...]] = {}
    for record, organisation_id in written:
        for name, name_type in record.other_names:
            key = (organisation_id, name.casefold())
            rows.setdefault(key, (organisation_id, name[:500], name_type[:60], source))
    return list(rows.values())


def _classifications(source: str, written: Written) -> list[tuple[Any, ...]]:
    rows = dict.fromkeys(
        (organisation_id, scheme, code, source)
        for record, organisation_id in written
        for scheme, code in record.classifications
    )
    return list(rows)


def _areas(source: str, written: Written) -> list[tuple[Any, ...]]:
    return [
        (organisation_id, a.area_type, a.name, a.parent_type, a.parent_name, a.gss_code, source)
        for record, organisation_id in written
        for a in record.areas
    ]


def _financial_years(source: str, written: Written) -> list[tuple[Any, ...]]:
    rows: dict[tuple[uuid.UUID, dt.date], tuple[Any, ...]] = {}
    for record, organisation_id in written:
        for y in record.financial_years:
            rows[(organisation_id, y.period_end)] = (
                organisation_id, source, y.period_start, y.period_end, y.income, y.spending, y.breakdown,
            )  # fmt: skip
    return list(rows.values())


def _trustees(source: str, written: Written) -> list[tuple[Any, ...]]:
    return [
        (organisation_id, name[:500], is_chair, source)
        for record, organisation_id in written
        for name, is_chair in record.organisational_trustees
    ]


def _links(source: str, written: Written) -> list[OrganisationLink]:
    wanted = [
        (organisation_id, org_id, kind)
        for record, organisation_id in written
        for org_id, kind in record.links
    ]
    if not wanted:
        return []
    owner = dict(
        OrgIdentifier.objects.filter(org_id__in={org_id for _, org_id, _ in wanted}).values_list(
            "org_id", "organisation_id"
        )
    )
    return [
        OrganisationLink(
            from_organisation_id=organisation_id, to_organisation_id=owner[org_id], kind=kind, source=source
        )
        for organisation_id, org_id, kind in wanted
        if org_id in owner and owner[org_id] != organisation_id
    ]
