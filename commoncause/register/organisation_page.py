"""What the organisation page shows, read from the register as plain data.

Regulator links, classifications in words, one row of figures per financial year and the record's
sources; the view only renders this.
"""

import datetime as dt
from dataclasses import dataclass

from commoncause.register.charts import YearFigures
from commoncause.register.classification import SCHEME_LABELS
from commoncause.register.identifiers import regulator_page
from commoncause.register.models import ClassificationCode, Organisation

KIND_HEADINGS = {"what": "What it does", "who": "Who it helps", "how": "How it works"}
LINK_KINDS = {"company": "Company", "charity": "Charity", "linked": "Linked charity"}
# Sources whose financial figures are preferred when two sources give the same year.
SOURCE_PREFERENCE = ("ccew", "ccni", "oscr", "companies", "csv")


BREAKDOWN_LABELS: dict[str, str] = {
    "income_donations_and_legacies": "Income from donations and legacies",
    "income_charitable_activities": "Income from charitable activities",
    "income_other_trading_activities": "Income from other trading activities",
    "income_investments": "Income from investments",
    "income_other": "Other income",
    "income_total_income_and_endowments": "Total income and endowments",
    "income_from_government_contracts": "Income from government contracts",
    "income_from_government_grants": "Income from government grants",
    "expenditure_raising_funds": "Spending on raising funds",
    "expenditure_charitable_expenditure": "Spending on charitable activities",
    "expenditure_governance": "Spending on governance",
    "expenditure_other": "Other spending",
    "expenditure_total": "Total spending",
    "charitable_spending": "Charitable spending",
    "income_generation_and_governance": "Spending on income generation and governance",
    "assets_total_fixed": "Total fixed assets",
    "assets_net": "Total net assets and liabilities",
    "total_gross_income": "Total gross income",
    "total_gross_expenditure": "Total gross spending",
    "income_legacies": "Income from legacies",
    "income_endowments": "Income from endowments",
    "expenditure_grants_institution": "Grants to institutions",
    "expenditure_support_costs": "Support costs",
    "expenditure_depreciation": "Depreciation",
    "expenditure_investment_management": "Investment management costs",
    "reserves": "Reserves",
    "assets_own_use": "Assets for own use",
    "assets_long_term_investment": "Long-term investments",
    "assets_other_assets": "Other assets",
    "assets_total_liabilities": "Total liabilities",
    "assets_current_investment": "Current investments",
    "assets_total_assets_and_liabilities": "Total assets less liabilities",
    "assets_cash": "Cash",
    "creditors_one_year_total_current": "Creditors due within one year",
    "creditors_falling_due_after_one_year": "Creditors due after one year",
    "funds_endowment": "Endowment funds",
    "funds_unrestricted": "Unrestricted funds",
    "funds_restricted": "Restricted funds",
    "funds_total": "Total funds",
}


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
class Breakdown:
    """The detail a source gives for one financial year: (label, amount in pounds) pairs."""

    period_end: dt.date
    lines: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class LinkedRecord:
    relationship: str
    name: str
    org_id: str


def regulator_link(org_id: str) -> Identifier:
    """The org-id with the name of its register and the address of its public page ('' if none)."""
    register_name, url = regulator_page(org_id)
    return Identifier(org_id, register_name, url)


def organisation_identifiers(organisation: Organisation) -> tuple[Identifier, ...]:
    return tuple(regulator_link(ident.org_id) for ident in organisation.identifiers.all())


def organisation_classifications(organisation: Organisation) -> tuple[ClassificationGroup, ...]:
    """Classifications in words: the regulator's What / Who / How, then other schemes such as UK-CAT."""
    pairs = {(c.scheme, c.code) for c in organisation.classifications.all()}
    others = regulator_categories(organisation)
    if not pairs and not others:
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
    if others:
        groups["Also described by the regulator as"] = list(others)
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


def organisation_breakdown(organisation: Organisation) -> Breakdown | None:
    """The money lines the preferred source gives for the latest year that has any; None if none do."""
    rank = {source: i for i, source in enumerate(SOURCE_PREFERENCE)}
    years = [year for year in organisation.financial_years.all() if year.breakdown]
    if not years:
        return None
    latest = max(years, key=lambda year: (year.period_end, -rank.get(year.source, len(rank))))
    lines: dict[str, int] = {}
    for key, value in _money_items(latest.breakdown):
        lines.setdefault(BREAKDOWN_LABELS.get(key, key.replace("_", " ").capitalize()), round(value))
    return Breakdown(latest.period_end, tuple(lines.items())) if lines else None


def _money_items(breakdown: dict) -> list[tuple[str, float]]:
    """Non-zero amounts of money in a breakdown, one level of nesting deep (CCEW's part A and part B)."""
    items: list[tuple[str, float]] = []
    for key, value in breakdown.items():
        if isinstance(value, dict):
            items += _money_items({k: v for k, v in value.items() if not isinstance(v, dict)})
        elif _is_money(key, value):
            items.append((key, value))
    return items


def _is_money(key: str, value: object) -> bool:
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    return is_number and bool(value) and not key.startswith("count_")


def regulator_categories(organisation: Organisation) -> tuple[str, ...]:
    """A regulator's own category words that have no code in the classification we use."""
    words: list[str] = []
    for facts in organisation.extra.values():
        if isinstance(facts, dict):
            words += [str(word) for word in facts.get("unmapped_categories", ())]
    return tuple(dict.fromkeys(words))


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
class AreasFrom:
    """The areas one source says the organisation serves (the regulator's, or its own statement's)."""

    source: str
    names: tuple[str, ...]


# Who said an organisation serves an area, when it is not one of the register's sources.
AREA_SOURCES = {"statement": "the organisation's own statement, checked by a curator"}


def organisation_areas(organisation: Organisation) -> tuple[AreasFrom, ...]:
    """Where the organisation says it works, source by source (not where it is: that is its address)."""
    from commoncause.register.summary import SOURCE_LABELS

    names: dict[str, list[str]] = {}
    for area in organisation.areas.all():
        names.setdefault(area.source, [])
        if area.name not in names[area.source]:
            names[area.source].append(area.name)
    return tuple(
        AreasFrom(AREA_SOURCES.get(source) or SOURCE_LABELS.get(source, source), tuple(found))
        for source, found in sorted(names.items(), key=lambda item: (item[0] in AREA_SOURCES, item[0]))
    )


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
    breakdown: Breakdown | None
    linked_records: tuple[LinkedRecord, ...]
    areas: tuple[AreasFrom, ...]
    organisational_trustees: tuple[str, ...]
    sources: tuple[SourceEntry, ...]
    website_url: str
    known_only_from_grants: bool = False  # named only in funders' grants files, on no register


GRANTS_SOURCE = "360giving"


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
        breakdown=organisation_breakdown(organisation),
        linked_records=organisation_linked_records(organisation),
        areas=organisation_areas(organisation),
        organisational_trustees=tuple(t.name for t in organisation.organisational_trustees.all()),
        sources=organisation_sources(organisation),
        website_url=website_url(organisation.website),
        known_only_from_grants=_known_only_from_grants(organisation),
    )


def _known_only_from_grants(organisation: Organisation) -> bool:
    """Whether funders' grants files are all the register has on it (no register's record, no statement)."""
    sources = {record.source for record in organisation.source_records.all()}
    return sources == {GRANTS_SOURCE} and not organisation.legal_form
