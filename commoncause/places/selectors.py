"""Reads of the places app: areas, and an area's population and deprivation.

Deprivation is published for small areas only (England's LSOAs of 2011, Northern Ireland's SOAs). A ward
gets it rolled up from the LSOAs the LSOA → ward lookup puts in it, each weighted by its population (the
IoD 2019 population denominators) times its share in the ward, and a council from all its LSOAs: the
average rank and decile its residents live at, and the share of them living in England's most deprived
fifth of LSOAs. (Where a lookup gives only the ward holding most of an LSOA, with that share, the rest of
the LSOA's residents are left out of every ward: the ward's population is a little low.)
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace
from threading import Lock
from uuid import UUID

from django.db.models import Count, Max, Q, QuerySet

from commoncause.places.coverage import Coverage, OrganisationFacts, ServiceFacts, WardFacts, coverage_compute
from commoncause.places.models import Area, AreaLookup, AreaType, Deprivation, OrganisationPlace
from commoncause.places.service_counts import ServiceRow, service_count_source
from commoncause.places.themes import text_id, themes, themes_by_text_id
from commoncause.register.models import AreaOfOperation, Classification, Organisation, OrganisationStatus
from commoncause.register.search.index import index_state

IMD = "imd2019"
IMD_LSOA_VINTAGE = "2011"  # IMD 2019 is published for the LSOAs of 2011


@dataclass(frozen=True)
class DeprivationSummary:
    index: str
    lsoas: int  # small areas rolled up (1 for an LSOA itself)
    rank: float  # population-weighted average rank (1 is the most deprived)
    decile: float  # population-weighted average decile
    most_deprived_fifth: float  # share of residents in the two most deprived deciles


@dataclass(frozen=True)
class AreaProfile:
    area: Area
    population: int | None
    deprivation: DeprivationSummary | None


def areas_current(*, area_type: str | None = None, within: str | None = None) -> list[Area]:
    """Areas of the newest vintage loaded for their kind and council, by name; `within` a council's code."""
    found = Area.objects.all()
    if area_type:
        found = found.filter(area_type=area_type)
    if within:
        found = found.filter(parent_code=within)
    newest: dict[tuple[str, str], str] = {}
    for kind, parent, vintage in found.values_list("area_type", "parent_code", "vintage"):
        newest[kind, parent] = max(vintage, newest.get((kind, parent), ""))
    return [
        area
        for area in found.defer("boundary").order_by("name", "code")
        if newest[area.area_type, area.parent_code] == area.vintage
    ]


def area_by_code(code: str) -> Area | None:
    """The newest vintage of the area with this code."""
    return Area.objects.filter(code=code.strip().upper()).defer("boundary").order_by("-vintage").first()


def area_profile(area: Area) -> AreaProfile:
    """The area's population and deprivation (see the module's note)."""
    shares = _lsoa_shares(area)
    populations = dict(
        Area.objects.filter(code__in=shares, vintage=IMD_LSOA_VINTAGE, area_type=AreaType.LSOA).values_list(
            "code", "population"
        )
    )
    ranks = {row.code: row for row in Deprivation.objects.filter(index=IMD, code__in=shares)}
    return _profile(area, shares, populations, ranks)


def _lsoa_shares(area: Area) -> dict[str, float]:
    """The 2011 LSOAs that make up the area, with the share of each that lies in it."""
    if area.area_type == AreaType.LSOA:
        return {area.code: 1.0}
    if area.area_type == AreaType.WARD:
        return _ward_lsoas(area.code, area.vintage)
    if area.area_type == AreaType.LOCAL_AUTHORITY:  # every LSOA of the council, whole
        within = Area.objects.filter(area_type=AreaType.LSOA, vintage=IMD_LSOA_VINTAGE, parent_code=area.code)
        return dict.fromkeys(within.values_list("code", flat=True), 1.0)
    return {}


def _ward_lsoas(code: str, vintage: str) -> dict[str, float]:
    lookups: QuerySet[AreaLookup] = AreaLookup.objects.filter(
        to_code=code, to_vintage=vintage, from_vintage=IMD_LSOA_VINTAGE
    )
    return dict(lookups.values_list("from_code", "share"))


def organisation_is_in(organisation: Organisation, area_codes: list[str]) -> bool:
    """Whether the organisation is placed (by its postcode) in any of these councils or wards."""
    if not area_codes:
        return False
    place = OrganisationPlace.objects.filter(organisation=organisation)
    return place.filter(local_authority__in=area_codes).exists() or place.filter(ward__in=area_codes).exists()


def ward_profiles(wards: list[Area]) -> dict[str, AreaProfile]:
    """`area_profile` of many wards at once (three queries, whatever their number)."""
    shares: dict[str, dict[str, float]] = {ward.code: {} for ward in wards}
    vintages = {ward.code: ward.vintage for ward in wards}
    lookups = AreaLookup.objects.filter(to_code__in=list(shares), from_vintage=IMD_LSOA_VINTAGE)
    for lsoa, ward, vintage, share in lookups.values_list("from_code", "to_code", "to_vintage", "share"):
        if vintages.get(ward) == vintage:
            shares[ward][lsoa] = share
    lsoas = {lsoa for found in shares.values() for lsoa in found}
    populations = dict(
        Area.objects.filter(code__in=lsoas, vintage=IMD_LSOA_VINTAGE, area_type=AreaType.LSOA).values_list(
            "code", "population"
        )
    )
    ranks = {row.code: row for row in Deprivation.objects.filter(index=IMD, code__in=lsoas)}
    return {ward.code: _profile(ward, shares[ward.code], populations, ranks) for ward in wards}


def _profile(
    area: Area, shares: dict[str, float], populations: dict[str, int | None], ranks: dict[str, Deprivation]
) -> AreaProfile:
    weights = {code: share * (populations.get(code) or 0) for code, share in shares.items()}
    population = round(sum(weights.values())) if any(populations.get(code) for code in shares) else None
    weighted = [(weights[code], ranks[code]) for code in shares if code in ranks and weights.get(code)]
    total = sum(weight for weight, _ in weighted)
    deprivation = (
        DeprivationSummary(
            index=IMD,
            lsoas=len(weighted),
            rank=sum(weight * row.rank for weight, row in weighted) / total,
            decile=sum(weight * row.decile for weight, row in weighted) / total,
            most_deprived_fifth=sum(weight for weight, row in weighted if row.decile <= 2) / total,
        )
        if total
        else None
    )
    return AreaProfile(area=area, population=population, deprivation=deprivation)


# GSS entity codes of wards (electoral divisions): England, Wales, Scotland, Northern Ireland.
WARD_ENTITIES = ("E05", "W05", "S13", "N08")
# An old ward counts as served in a current ward it overlaps by at least this share.
SERVED_OVERLAP = 0.1
GONE = (OrganisationStatus.REMOVED, OrganisationStatus.DISSOLVED)


def council_of(code: str) -> Area | None:
    """The council (local authority) with this code, or None for any other code."""
    area = area_by_code(code)
    return area if area is not None and area.area_type == AreaType.LOCAL_AUTHORITY else None


def _ward_facts(ward: Area, profile: AreaProfile) -> WardFacts:
    summary = profile.deprivation
    return WardFacts(
        code=ward.code,
        name=ward.name,
        population=profile.population,
        decile=summary.decile if summary else None,
        most_deprived_fifth=summary.most_deprived_fifth if summary else None,
    )


# The last councils' coverage this process worked out, by council and the state of the data it was read
# from: the search index's version, which moves whenever an organisation's record changes (an import, a
# placement, an approved statement), and the newest change to an area (wards, LSOAs and their people).
_MEMO: OrderedDict[tuple[str, tuple[object, ...]], Coverage] = OrderedDict()
_MEMO_SIZE = 16
_MEMO_LOCK = Lock()


def _data_stamp() -> tuple[object, ...]:
    areas = Area.objects.aggregate(changed=Max("updated_at"), count=Count("id"))
    lookups = AreaLookup.objects.aggregate(last=Max("id"), count=Count("id"))
    deprivation = Deprivation.objects.aggregate(last=Max("id"), count=Count("id"))
    newest = [model.objects.aggregate(last=Max("id"))["last"] for model in (AreaOfOperation, Classification)]
    services = service_count_source().stamp()
    return (index_state(), *areas.values(), *lookups.values(), *deprivation.values(), *newest, services)


def coverage_forget() -> None:
    """Forget the coverage kept (for a change made straight to the database, not through the services
    that refresh the search index)."""
    with _MEMO_LOCK:
        _MEMO.clear()


def council_coverage(council: Area) -> Coverage:
    """The council's current wards by theme (see `coverage`): organisations based in each, and those
    that say they serve it; live organisations only (not removed, dissolved or linked into another).
    Worked out once for each state of the data, then kept (see `_MEMO`)."""
    key = (council.code, _data_stamp())
    with _MEMO_LOCK:
        if key in _MEMO:
            _MEMO.move_to_end(key)
            return _MEMO[key]
    found = _council_coverage_read(council)
    with _MEMO_LOCK:
        _MEMO[key] = found
        while len(_MEMO) > _MEMO_SIZE:
            _MEMO.popitem(last=False)
    return found


def _council_coverage_read(council: Area) -> Coverage:
    wards = areas_current(area_type=AreaType.WARD, within=council.code)
    profiles = ward_profiles(wards)
    facts = [_ward_facts(ward, profiles[ward.code]) for ward in wards]
    codes = {ward.code for ward in wards}
    # joined, not a subquery of every live organisation: the database starts from the council's few rows
    live = Q(organisation__merged_into__isnull=True) & ~Q(organisation__status__in=GONE)
    places = OrganisationPlace.objects.filter(live, local_authority=council.code)
    based = dict(places.annotate(text=text_id()).values_list("text", "ward"))
    forward: dict[str, set[str]] = {}
    overlaps = AreaLookup.objects.filter(to_code__in=codes, share__gte=SERVED_OVERLAP).exclude(
        from_vintage=IMD_LSOA_VINTAGE
    )
    for old, new in overlaps.values_list("from_code", "to_code"):
        if old.startswith(WARD_ENTITIES) and old not in codes:
            forward.setdefault(old, set()).add(new)
    served: dict[str, set[str]] = {}
    declared = (
        AreaOfOperation.objects.filter(live, gss_code__in=[council.code, *codes, *forward])
        .annotate(text=text_id())
        .values_list("text", "gss_code")
    )

    def wards_of(gss: str) -> set[str]:
        """The council's wards an area code stands for: all, one, or those an old ward overlaps."""
        return codes if gss == council.code else {gss} if gss in codes else forward.get(gss, set())

    for organisation_id, gss in declared:
        served.setdefault(organisation_id, set()).update(wards_of(gss))
    services = service_count_source().services_in(council.code, [council.code, *codes, *forward])
    covered: dict[str, set[str]] = {}
    for service in services:
        covered[service.id] = {ward for gss in service.areas for ward in wards_of(gss)}
        # A service's service areas are areas its organisation serves.
        if service.organisation and covered[service.id]:
            served.setdefault(service.organisation, set()).update(covered[service.id])
    everyone = set(based) | set(served)
    themes_of = themes_by_text_id(
        everyone | {service.organisation for service in services if service.organisation}
    )
    organisations = (
        OrganisationFacts(
            id=organisation_id,
            themes=frozenset(themes_of.get(organisation_id, ())),
            based_in=based.get(organisation_id, ""),
            serves=frozenset(served.get(organisation_id, ())),
        )
        for organisation_id in everyone
    )
    service_facts = [_service_facts(service, covered[service.id], themes_of) for service in services]
    found = coverage_compute(facts, organisations, themes(), service_facts)
    # In the council but in none of its wards: Northern Ireland's organisations, placed by their town
    # (no open lookup holds BT postcodes), and any whose postcode lies outside the wards loaded.
    return replace(found, in_no_ward=sum(ward not in codes for ward in based.values()))


def _service_facts(service: ServiceRow, covered: set[str], themes_of: dict[str, set[str]]) -> ServiceFacts:
    """A service's facts for coverage: its own categories, or else its organisation's themes."""
    own = service.themes or frozenset(themes_of.get(service.organisation, ()))
    return ServiceFacts(id=service.id, themes=own, located_in=service.wards, serves=frozenset(covered))


@dataclass(frozen=True)
class OrganisationRow:
    id: UUID
    name: str
    org_id: str  # its primary org-id ('' for none)
    ward: str  # the code of the ward its address is in ('' if not placed in one)
    latest_income: int | None


def organisation_rows(ids: list[str]) -> list[OrganisationRow]:
    """The organisations with these ids, by name: what a list of them shows."""
    found = Organisation.objects.filter(pk__in=ids).prefetch_related("identifiers")
    wards = dict(
        OrganisationPlace.objects.filter(organisation_id__in=ids).values_list("organisation_id", "ward")
    )
    return [
        OrganisationRow(
            id=organisation.pk,
            name=organisation.name,
            org_id=next((i.org_id for i in organisation.identifiers.all()), ""),
            ward=wards.get(organisation.pk, ""),
            latest_income=organisation.latest_income,
        )
        for organisation in found.order_by("name", "pk")
    ]


def councils_with_wards() -> list[Area]:
    """The councils whose wards are loaded, by name."""
    parents = set(Area.objects.filter(area_type=AreaType.WARD).values_list("parent_code", flat=True))
    return [area for area in areas_current(area_type=AreaType.LOCAL_AUTHORITY) if area.code in parents]


def wards_with_boundaries(council_code: str) -> list[Area]:
    """The council's current wards with their boundaries (for its map)."""
    codes = [ward.pk for ward in areas_current(area_type=AreaType.WARD, within=council_code)]
    return list(Area.objects.filter(pk__in=codes).order_by("name", "code"))
