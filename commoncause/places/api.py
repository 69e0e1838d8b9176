"""Areas API: the current areas of a kind within a council, and an area with population and deprivation."""

from __future__ import annotations

from typing import Literal

from django.http import Http404, HttpRequest
from ninja import P, PathEx, QueryEx, Router, Schema

from commoncause.accounts.api_access import api_access
from commoncause.accounts.roles import PUBLIC
from commoncause.places.models import Area
from commoncause.places.selectors import area_by_code, area_profile, areas_current

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
