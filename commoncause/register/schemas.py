"""Shapes of the register's JSON API: search results and one organisation's public record.

Individual people are never named here: the register keeps trustee counts and organisational
trustees only, and contact details are the organisation's own published ones.
"""

import datetime as dt
from functools import cache
from typing import Any
from uuid import UUID

from ninja import Schema

from commoncause.register.extensions import record_fields
from commoncause.register.identifiers import regulator_page
from commoncause.register.income_bands import income_bands
from commoncause.register.models import ClassificationCode, Organisation, OrganisationStatus


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class OrganisationSummaryOut(Schema):
    id: UUID
    name: str
    org_ids: list[str]
    legal_form: str
    status: str
    latest_income: int | None
    latest_financial_year_end: dt.date | None  # the end of the year the latest income is for
    income_band: str
    postcode: str
    activities: str
    last_confirmed: dt.date | None
    freshness: str
    distance_km: float | None = None  # from the postcode searched near; null without one


class NearOut(Schema):
    """The point searched near: a whole postcode's, or the centre of the postcodes a partial one starts."""

    postcode: str
    latitude: float
    longitude: float
    postcodes: int  # how many postcodes the point is the centre of (1 for a whole postcode)
    radius_km: float


class OrganisationListOut(Schema):
    near: NearOut | None = None
    count: int
    page: int
    pages: int
    page_size: int
    corrected_q: str
    items: list[OrganisationSummaryOut]
    facets: dict[str, list[FacetValueOut]]


class IdentifierOut(Schema):
    org_id: str
    scheme: str
    is_primary: bool
    register_name: str
    url: str

    @staticmethod
    def resolve_register_name(obj) -> str:
        return regulator_page(obj.org_id)[0]

    @staticmethod
    def resolve_url(obj) -> str:
        return regulator_page(obj.org_id)[1]


class OtherNameOut(Schema):
    name: str
    name_type: str


class ClassificationOut(Schema):
    scheme: str
    code: str
    kind: str
    label: str


class AreaOut(Schema):
    name: str
    area_type: str
    gss_code: str


class FinancialYearOut(Schema):
    period_start: dt.date | None
    period_end: dt.date
    income: int | None
    spending: int | None
    source: str
    breakdown: dict


class ContactOut(Schema):
    address: str
    postcode: str
    email: str
    phone: str
    website: str


class LinkedRecordOut(Schema):
    relationship: str
    id: UUID
    name: str
    org_ids: list[str]


class SourceOut(Schema):
    source: str
    source_key: str
    file_name: str
    extract_date: dt.date | None
    last_confirmed: dt.date | None
    disappeared: bool

    @staticmethod
    def resolve_disappeared(obj) -> bool:
        return obj.disappeared_at is not None


class OrganisationBaseOut(Schema):
    """The register's own part of an organisation's public record (see `organisation_out`)."""

    id: UUID
    name: str
    org_ids: list[str]
    identifiers: list[IdentifierOut]
    other_names: list[OtherNameOut]
    legal_form: str
    status: str
    status_label: str
    status_detail: str
    date_registered: dt.date | None
    date_removed: dt.date | None
    removal_reason: str
    activities: str
    charitable_objects: str
    area_of_benefit: str
    classifications: list[ClassificationOut]
    areas: list[AreaOut]
    latest_income: int | None
    latest_spending: int | None
    latest_financial_year_end: dt.date | None
    income_band: str
    income_band_label: str
    employees: int | None
    volunteers: int | None
    trustee_count: int | None
    organisational_trustees: list[str]
    finances: list[FinancialYearOut]
    contact: ContactOut
    linked_records: list[LinkedRecordOut]
    sources: list[SourceOut]

    @staticmethod
    def resolve_org_ids(obj: Organisation) -> list[str]:
        return [ident.org_id for ident in obj.identifiers.all()]

    @staticmethod
    def resolve_status_label(obj: Organisation) -> str:
        return dict(OrganisationStatus.choices).get(obj.status, obj.status)

    @staticmethod
    def resolve_income_band_label(obj: Organisation) -> str:
        return next((band.label for band in income_bands() if band.code == obj.income_band), "")

    @staticmethod
    def resolve_classifications(obj: Organisation) -> list[dict]:
        return classifications_in_words(obj)

    @staticmethod
    def resolve_organisational_trustees(obj: Organisation) -> list[str]:
        return [trustee.name for trustee in obj.organisational_trustees.all()]

    @staticmethod
    def resolve_finances(obj: Organisation) -> list:
        return list(obj.financial_years.all())

    @staticmethod
    def resolve_contact(obj: Organisation) -> dict:
        fields = ("address", "postcode", "email", "phone", "website")
        return {field: getattr(obj, field) for field in fields}

    @staticmethod
    def resolve_linked_records(obj: Organisation) -> list[dict]:
        return linked_records(obj)

    @staticmethod
    def resolve_sources(obj: Organisation) -> list:
        return list(obj.source_records.all())


@cache
def organisation_out() -> type[Schema]:
    """An organisation's public record: the register's fields, then those other apps add
    (`register.extensions.record_field_add`, such as the grants it received).

    Built once, after every app is ready (the API's routes are read when the URLs are).
    """
    added = record_fields()
    namespace: dict[str, Any] = {
        "__annotations__": {field.name: field.schema for field in added},
        "__module__": __name__,
        "__doc__": None,  # no description, as before the record was put together here
    }
    for field in added:
        namespace[f"resolve_{field.name}"] = staticmethod(field.resolve)
    return type("OrganisationOut", (OrganisationBaseOut,), namespace)


def classifications_in_words(organisation: Organisation) -> list[dict]:
    """Each classification with its kind (what / who / how for the regulator's codes) and label."""
    rows = list(organisation.classifications.all())
    codes = ClassificationCode.objects.filter(
        scheme__in={c.scheme for c in rows}, code__in={c.code for c in rows}
    )
    known = {(code.scheme, code.code): code for code in codes}
    result = []
    for row in rows:
        code = known.get((row.scheme, row.code))
        kind, label = (code.kind, code.label) if code else ("", row.code)
        result.append({"scheme": row.scheme, "code": row.code, "kind": kind, "label": label})
    return result


def _linked(relationship: str, other: Organisation) -> dict:
    org_ids = [ident.org_id for ident in other.identifiers.all()]
    return {"relationship": relationship, "id": other.id, "name": other.name, "org_ids": org_ids}


def linked_records(organisation: Organisation) -> list[dict]:
    """The main charity, linked charities, and organisations linked by a company or charity number."""
    records = []
    if organisation.parent:
        records.append(_linked("main charity", organisation.parent))
    records += [_linked("linked charity", child) for child in organisation.linked.all()]
    records += [_linked(link.kind, link.to_organisation) for link in organisation.links_out.all()]
    records += [_linked(link.kind, link.from_organisation) for link in organisation.links_in.all()]
    return records
