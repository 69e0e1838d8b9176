"""What the organisation page shows, read from the register as plain data.

Regulator links, classifications in words, one row of figures per financial year and the record's
sources; the view only renders this.
"""

import datetime as dt
from dataclasses import dataclass

from commoncause.register.charts import YearFigures
from commoncause.register.classification import SCHEME_LABELS
from commoncause.register.models import ClassificationCode, Organisation

# Each register's public page for one of its organisations; {value} is the number in the org-id.
REGULATOR_PAGES: dict[str, tuple[str, str]] = {
    "GB-CHC": (
        "Charity Commission for England and Wales",
        "https://register-of-charities.charitycommission.gov.uk/charity-search/-/charity-details/{value}",
    ),
    "GB-NIC": (
        "Charity Commission for Northern Ireland",
        "https://www.charitycommissionni.org.uk/charity-details/?regId={value}",
    ),
    "GB-COH": (
        "Companies House",
        "https://find-and-update.company-information.service.gov.uk/company/{value}",
    ),
    "GB-SC": (
        "Scottish Charity Regulator",
        "https://www.oscr.org.uk/about-charities/search-the-register/charity-details?number={value}",
    ),
}
KIND_HEADINGS = {"what": "What it does", "who": "Who it helps", "how": "How it works"}
LINK_KINDS = {"company": "Company", "charity": "Charity", "linked": "Linked charity"}
# Sources whose financial figures are preferred when two sources give the same year.
SOURCE_PREFERENCE = ("ccew", "ccni", "oscr", "companies", "csv")


@dataclass(frozen=True)
class Identifier:
    org_id: str
    register: str
    url: str


@dataclass(frozen=True)
class ClassificationGroup:
    heading: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class LinkedRecord:
    relationship: str
    name: str
    org_id: str


def regulator_link(org_id: str) -> Identifier:
    """The org-id with the name of its register and the address of its public page ('' if none)."""
    for prefix, (register_name, url) in REGULATOR_PAGES.items():
        if org_id.startswith(prefix + "-"):
            value = org_id[len(prefix) + 1 :]
            return Identifier(org_id, register_name, url.format(value=value))
    return Identifier(org_id, "", "")


def organisation_identifiers(organisation: Organisation) -> tuple[Identifier, ...]:
    return tuple(regulator_link(ident.org_id) for ident in organisation.identifiers.all())


def organisation_classifications(organisation: Organisation) -> tuple[ClassificationGroup, ...]:
    """Classifications in words: the regulator's What / Who / How, then other schemes such as UK-CAT."""
    pairs = {(c.scheme, c.code) for c in organisation.classifications.all()}
    if not pairs:
        return ()
    codes = ClassificationCode.objects.filter(
        scheme__in={scheme for scheme, _ in pairs}, code__in={code for _, code in pairs}
    )
    known = {(c.scheme, c.code): c for c in codes}
    groups: dict[str, list[str]] = {heading: [] for heading in KIND_HEADINGS.values()}
    for scheme, code in sorted(pairs):
        entry = known.get((scheme, code))
        label = entry.label if entry else code
        if scheme == "ccew" and entry and entry.kind in KIND_HEADINGS:
            heading = KIND_HEADINGS[entry.kind]
        else:
            heading = SCHEME_LABELS.get(scheme, scheme)
        groups.setdefault(heading, []).append(label)
    return tuple(
        ClassificationGroup(heading, tuple(sorted(set(labels))))
        for heading, labels in groups.items()
        if labels
    )


def organisation_finances(organisation: Organisation) -> tuple[YearFigures, ...]:
    """Income and spending per financial year end, oldest first, one row per year end."""
    rank = {source: i for i, source in enumerate(SOURCE_PREFERENCE)}
    chosen: dict[dt.date, tuple[int, YearFigures]] = {}
    for year in organisation.financial_years.all():
        preference = rank.get(year.source, len(rank))
        if year.period_end not in chosen or preference < chosen[year.period_end][0]:
            chosen[year.period_end] = (preference, YearFigures(year.period_end, year.income, year.spending))
    if not chosen and organisation.latest_financial_year_end and organisation.latest_income is not None:
        end = organisation.latest_financial_year_end
        chosen[end] = (0, YearFigures(end, organisation.latest_income, organisation.latest_spending))
    return tuple(figures for _, (_, figures) in sorted(chosen.items()))


def organisation_linked_records(organisation: Organisation) -> tuple[LinkedRecord, ...]:
    """Main and linked charities, and organisations linked through a company or charity number."""
    records: list[LinkedRecord] = []
    if organisation.parent:
        records.append(_linked("Main charity", organisation.parent))
    records.extend(_linked("Linked charity", child) for child in organisation.linked.all())
    for link in organisation.links_out.all():
        records.append(_linked(_link_label(link.kind), link.to_organisation))
    for link in organisation.links_in.all():
        records.append(_linked(_link_label(link.kind), link.from_organisation))
    seen: set[str] = set()
    unique = []
    for record in records:
        if record.org_id not in seen:
            seen.add(record.org_id)
            unique.append(record)
    return tuple(unique)


def _link_label(kind: str) -> str:
    return LINK_KINDS.get(kind, kind.replace("_", " ").capitalize())


def _linked(relationship: str, other: Organisation) -> LinkedRecord:
    identifiers = list(other.identifiers.all())
    org_id = identifiers[0].org_id if identifiers else str(other.id)
    return LinkedRecord(relationship, other.name, org_id)


@dataclass(frozen=True)
class SourceEntry:
    source: str
    file_name: str
    extract_date: dt.date | None
    last_confirmed: dt.date | None
    disappeared: bool


@dataclass(frozen=True)
class OrganisationPage:
    """Everything the organisation page shows besides the organisation's own fields."""

    organisation: Organisation
    identifiers: tuple[Identifier, ...]
    other_names: tuple[str, ...]
    classifications: tuple[ClassificationGroup, ...]
    finances: tuple[YearFigures, ...]
    linked_records: tuple[LinkedRecord, ...]
    areas: tuple[str, ...]
    organisational_trustees: tuple[str, ...]
    sources: tuple[SourceEntry, ...]
    website_url: str


def website_url(website: str) -> str:
    """A followable address for a published website: 'www.example.org' -> 'https://www.example.org'."""
    text = website.strip()
    if not text or " " in text:
        return ""
    if text.lower().startswith(("http://", "https://")):
        return text
    return f"https://{text}"


def organisation_sources(organisation: Organisation) -> tuple[SourceEntry, ...]:
    """Where the record came from: each source's file, extract date and when its facts were confirmed."""
    from commoncause.register.summary import SOURCE_LABELS

    return tuple(
        SourceEntry(
            source=SOURCE_LABELS.get(record.source, record.source),
            file_name=record.file_name,
            extract_date=record.extract_date,
            last_confirmed=record.last_confirmed,
            disappeared=record.disappeared_at is not None,
        )
        for record in sorted(organisation.source_records.all(), key=lambda r: (r.source, r.source_key))
    )


def organisation_page(organisation: Organisation) -> OrganisationPage:
    """Read everything the organisation page shows."""
    return OrganisationPage(
        organisation=organisation,
        identifiers=organisation_identifiers(organisation),
        other_names=tuple(dict.fromkeys(n.name for n in organisation.other_names.all())),
        classifications=organisation_classifications(organisation),
        finances=organisation_finances(organisation),
        linked_records=organisation_linked_records(organisation),
        areas=tuple(dict.fromkeys(area.name for area in organisation.areas.all())),
        organisational_trustees=tuple(t.name for t in organisation.organisational_trustees.all()),
        sources=organisation_sources(organisation),
        website_url=website_url(organisation.website),
    )
