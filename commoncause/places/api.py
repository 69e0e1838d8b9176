"""Areas API: the current areas of a kind within a council, and an area with population and deprivation."""

from __future__ import annotations

from typing import Literal

from django.http import Http404, HttpRequest
from ninja import P, PathEx, QueryEx, Router, Schema

from commoncause.accounts.api_access import api_access
from commoncause.accounts.roles import PUBLIC
from commoncause.places.coverage import Finding, WardCoverage, find_duplication, find_gaps
from commoncause.places.models import Area, AreaType
from commoncause.places.selectors import (
    area_by_code,
    area_profile,
    areas_current,
    council_coverage,
    council_of,
)

router = Router()
AreaKind = Literal["local_authority", "ward", "lsoa", "soa"]
AreaCode = PathEx[str, P(min_length=1, max_length=12, pattern=r"^[A-Za-z0-9]+$", examples=["E05013792"])]


class AreaOut(Schema):
    code: str
    name: str
    type: str
    vintage: str
    parent: str | None  # the council's code


class AreaListOut(Schema):
    count: int
    items: list[AreaOut]


class DeprivationOut(Schema):
    index: str  # imd2019
    lsoas: int  # the small areas it is rolled up from
    rank: float  # population-weighted average rank, 1 the most deprived
    decile: float  # population-weighted average decile, 1 the most deprived tenth
    most_deprived_fifth: float  # share of residents in the two most deprived deciles


class AreaDetailOut(AreaOut):
    population: int | None
    deprivation: DeprivationOut | None


def _area(area: Area) -> dict[str, object]:
    return {
        "code": area.code,
        "name": area.name,
        "type": area.area_type,
        "vintage": area.vintage,
        "parent": area.parent_code or None,
    }


@router.get(
    "", response=AreaListOut, summary="Current areas of a kind, within a council", auth=api_access(PUBLIC)
)
def areas_list(
    request: HttpRequest,
    type: AreaKind | None = None,  # noqa: A002 (the parameter's published name)
    within: QueryEx[str, P(max_length=12, pattern=r"^[A-Za-z0-9]*$")] = "",
) -> dict[str, object]:
    """The areas of the newest vintage loaded, such as a council's wards: `type=ward&within=E09000033`."""
    found = areas_current(area_type=type, within=within.strip().upper() or None)
    return {"count": len(found), "items": [_area(area) for area in found]}


@router.get(
    "/{code}",
    response=AreaDetailOut,
    summary="An area, with population and deprivation",
    auth=api_access(PUBLIC),
)
def area_detail(request: HttpRequest, code: AreaCode) -> dict[str, object]:
    """The newest vintage of the area with this GSS code. Deprivation (IMD 2019) is rolled up from the
    LSOAs within it, weighted by population; `null` where none is loaded."""
    area = area_by_code(code)
    if area is None:
        raise Http404(f"No area has the code {code[:12]}.")
    profile = area_profile(area)
    deprivation = profile.deprivation
    return {
        **_area(area),
        "population": profile.population,
        "deprivation": None
        if deprivation is None
        else {
            "index": deprivation.index,
            "lsoas": deprivation.lsoas,
            "rank": round(deprivation.rank, 1),
            "decile": round(deprivation.decile, 2),
            "most_deprived_fifth": round(deprivation.most_deprived_fifth, 3),
        },
    }


class ThemeOut(Schema):
    code: str
    label: str
    kind: str  # who (the people it helps) or what (what it works on)


class ThemeCountOut(Schema):
    theme: str
    based: int  # organisations whose address is in the ward
    serving: int  # organisations that say they serve the ward
    services: int  # services of the theme with a place in the ward or serving it


class WardCoverageOut(Schema):
    code: str
    name: str
    population: int | None
    deprivation_decile: float | None  # residents' average IMD 2019 decile, 1 the most deprived
    most_deprived_fifth: float | None
    organisations_based: int
    organisations_serving: int
    organisations_per_1000: float | None  # based there, per 1,000 residents
    services: int  # services with a place in the ward or serving it
    themes: list[ThemeCountOut]


class FindingOut(Schema):
    ward: str
    ward_name: str
    theme: str
    based: int
    serving: int
    elsewhere: int  # organisations of the theme in the council's other wards (gaps)
    reason: str


class CoverageOut(Schema):
    area: AreaOut
    council: AreaOut
    organisations: int  # based in or serving at least one of the wards
    organisations_in_no_ward: int  # placed in the council by address, but in none of its wards
    services: int  # with a place in at least one of the wards, or serving one
    themes: list[ThemeOut]
    wards: list[WardCoverageOut]
    gaps: list[FindingOut]
    duplication: list[FindingOut]


def _finding(found: Finding) -> dict[str, object]:
    return {
        "ward": found.ward.code, "ward_name": found.ward.name, "theme": found.theme.code,
        "based": found.based, "serving": found.serving, "elsewhere": found.elsewhere, "reason": found.reason,
    }  # fmt: skip


def _ward_row(row: WardCoverage) -> dict[str, object]:
    ward = row.ward
    return {
        "code": ward.code,
        "name": ward.name,
        "population": ward.population,
        "deprivation_decile": None if ward.decile is None else round(ward.decile, 2),
        "most_deprived_fifth": None
        if ward.most_deprived_fifth is None
        else round(ward.most_deprived_fifth, 3),
        "organisations_based": row.based,
        "organisations_serving": row.serving,
        "organisations_per_1000": None if row.per_thousand is None else round(row.per_thousand, 3),
        "services": row.services,
        "themes": [
            {
                "theme": code,
                "based": len(cell.based),
                "serving": len(cell.serving),
                "services": len(cell.services),
            }
            for code, cell in row.cells.items()
        ],
    }


@router.get(
    "/{code}/coverage",
    response=CoverageOut,
    summary="A council's or a ward's organisations by theme, with deprivation, gaps and duplication",
    auth=api_access(PUBLIC),
)
def area_coverage(request: HttpRequest, code: AreaCode) -> dict[str, object]:
    """For a council, each of its current wards; for a ward, that ward alone. Per ward and theme: the
    organisations **based** there (their address) and those **serving** it (the areas they say they work
    in: the ward, an old ward overlapping it, or the whole council), with its population and deprivation;
    then the gaps (deprived wards with no organisation for a theme found elsewhere in the council) and
    the duplication (five or more organisations based in a ward on one theme), each with its reason."""
    area = area_by_code(code)
    if area is None:
        raise Http404(f"No area has the code {code[:12]}.")
    council = council_of(area.parent_code) if area.area_type == AreaType.WARD else council_of(area.code)
    if council is None:
        raise Http404(f"Coverage is counted for councils and their wards; {area.code} is neither.")
    found = council_coverage(council)
    gaps, duplication = find_gaps(found), find_duplication(found)
    rows = found.wards
    if area.area_type == AreaType.WARD:
        rows = tuple(row for row in rows if row.ward.code == area.code)
        gaps = [gap for gap in gaps if gap.ward.code == area.code]
        duplication = [item for item in duplication if item.ward.code == area.code]
    return {
        "area": _area(area),
        "council": _area(council),
        "organisations": found.organisations,
        "organisations_in_no_ward": found.in_no_ward,
        "services": found.services,
        "themes": [{"code": theme.code, "label": theme.label, "kind": theme.kind} for theme in found.themes],
        "wards": [_ward_row(row) for row in rows],
        "gaps": [_finding(gap) for gap in gaps],
        "duplication": [_finding(item) for item in duplication],
    }
