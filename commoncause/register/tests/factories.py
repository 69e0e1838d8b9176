"""Factories for the register's records: organisations, their org-ids, other names, areas and sources.

Defaults are plain and unique (a sequence of names, no postcode); a test names what it relies on.
`OrganisationFactory(org_ids=["GB-CHC-1017560", "GB-COH-01234567"])` gives it those identifiers, the
first one primary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import factory
from django.utils import timezone

from commoncause.register.models import (
    AreaOfOperation,
    FinancialYear,
    ImportRun,
    Organisation,
    OrganisationLink,
    OrgIdentifier,
    OtherName,
    SourceRecord,
)


def split(org_id: str) -> tuple[str, str]:
    """'GB-CHC-1017560' → ('GB-CHC', '1017560'); a funder's own '360G-ALWF-123' → ('360G-ALWF', '123')."""
    if org_id.upper().startswith("360G-"):
        scheme, _, value = org_id.rpartition("-")
        return scheme, value
    country, register, value = org_id.split("-", 2)
    return f"{country}-{register}", value


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Test Organisation {n}")

    @factory.post_generation
    def org_ids(
        organisation: Organisation, create: bool, extracted: Iterable[str] | None, **kwargs: Any
    ) -> None:
        for position, org_id in enumerate(extracted or ()):
            scheme, value = split(org_id)
            OrgIdentifier.objects.create(
                organisation=organisation, org_id=org_id, scheme=scheme, value=value, is_primary=position == 0
            )


class OrgIdentifierFactory(factory.django.DjangoModelFactory[OrgIdentifier]):
    class Meta:
        model = OrgIdentifier

    organisation = factory.SubFactory(OrganisationFactory)
    org_id = factory.Sequence(lambda n: f"GB-LOCAL-{n:010X}")
    scheme = factory.LazyAttribute(lambda identifier: split(identifier.org_id)[0])
    value = factory.LazyAttribute(lambda identifier: split(identifier.org_id)[1])
    is_primary = False


class OtherNameFactory(factory.django.DjangoModelFactory[OtherName]):
    class Meta:
        model = OtherName

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Other Name {n}")
    name_type = "working"
    source = "ccew"


class AreaOfOperationFactory(factory.django.DjangoModelFactory[AreaOfOperation]):
    class Meta:
        model = AreaOfOperation

    organisation = factory.SubFactory(OrganisationFactory)
    area_type = "Ward"
    name = factory.Sequence(lambda n: f"Ward {n}")
    gss_code = ""
    source = "test"


class FinancialYearFactory(factory.django.DjangoModelFactory[FinancialYear]):
    class Meta:
        model = FinancialYear

    organisation = factory.SubFactory(OrganisationFactory)
    source = "ccew"
    period_end = dt.date(2024, 3, 31)
    income = 10_000
    spending = 9_000


class OrganisationLinkFactory(factory.django.DjangoModelFactory[OrganisationLink]):
    class Meta:
        model = OrganisationLink

    from_organisation = factory.SubFactory(OrganisationFactory)
    to_organisation = factory.SubFactory(OrganisationFactory)
    kind = "company"
    source = "ccew"


class ImportRunFactory(factory.django.DjangoModelFactory[ImportRun]):
    class Meta:
        model = ImportRun

    kind = "csv"
    file_name = factory.Sequence(lambda n: f"list-{n}.csv")
    started_at = factory.LazyFunction(timezone.now)
    finished_at = factory.LazyFunction(timezone.now)


class SourceRecordFactory(factory.django.DjangoModelFactory[SourceRecord]):
    class Meta:
        model = SourceRecord

    organisation = factory.SubFactory(OrganisationFactory)
    source = "csv"
    source_key = factory.Sequence(lambda n: f"row-{n}")
    file_name = "list.csv"
    first_seen_run = factory.SubFactory(ImportRunFactory)
    last_seen_run = factory.SelfAttribute("first_seen_run")
