"""Reads of the places app: areas, and an area's population and deprivation.

Deprivation is published for small areas only (England's LSOAs of 2011, Northern Ireland's SOAs). A ward
gets it rolled up from the LSOAs the LSOA → ward lookup puts in it, each weighted by its population (the
IoD 2019 population denominators) times its share in the ward, and a council from all its LSOAs: the
average rank and decile its residents live at, and the share of them living in England's most deprived
fifth of LSOAs. (Where a lookup gives only the ward holding most of an LSOA, with that share, the rest of
the LSOA's residents are left out of every ward: the ward's population is a little low.)
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from commoncause.places.models import Area, AreaLookup, AreaType, Deprivation, OrganisationPlace
from commoncause.register.models import Organisation

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
    weights = {code: share * (populations.get(code) or 0) for code, share in shares.items()}
    population = round(sum(weights.values())) if any(populations.values()) else None
    ranks = {row.code: row for row in Deprivation.objects.filter(index=IMD, code__in=shares)}
    weighted = [(weights[code], row) for code, row in ranks.items() if weights.get(code)]
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
