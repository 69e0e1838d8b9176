"""Area codes given to search: which are known, and what an old one stands for today.

The area facet holds the areas organisations say they work in (a GSS code, or a name when there is
none) and, from the places app, the council and current ward each is placed in. Ward codes change when
wards are redrawn, so a code from an older list (Telford and Wrekin's wards of 2019) stands for the
current wards it overlaps; the places app says which (`extensions.place_source().area_meaning`).
"""

from __future__ import annotations

from django.db.models import Q

from commoncause.register.extensions import AreaMeaning, place_source
from commoncause.register.models import AreaOfOperation
from commoncause.register.search.types import SearchParameterError

MAX_AREA_LENGTH = 200


def _meaning(value: str) -> AreaMeaning | None:
    source = place_source()
    return source.area_meaning(value) if source is not None else None


def _said(value: str) -> bool:
    """Whether an organisation says it works in an area of this code or name."""
    return AreaOfOperation.objects.filter(Q(gss_code=value.upper()) | Q(name__iexact=value)).exists()


def areas_check(values: tuple[str, ...], parameter: str = "area") -> None:
    """Refuse an area that is neither known (to the register or the places app) nor mappable."""
    for value in values:
        if len(value) > MAX_AREA_LENGTH or not (_said(value) or _meaning(value) is not None):
            raise SearchParameterError(
                parameter,
                f"'{value[:40]}' is not the code or name of an area we know, nor an old ward's code",
            )


def ward_check(value: str) -> None:
    """Refuse a ward to narrow to that is not a current ward the places app knows."""
    meaning = _meaning(value) if len(value) <= MAX_AREA_LENGTH else None
    if meaning is None or meaning.codes:
        raise SearchParameterError("ward", f"'{value[:40]}' is not the code of a current ward")


def area_meanings(values: tuple[str, ...]) -> dict[str, AreaMeaning]:
    """The values that stand for other, current areas (old wards' codes), with what they stand for."""
    meanings = {value: _meaning(value) for value in values}
    return {value: meaning for value, meaning in meanings.items() if meaning is not None and meaning.codes}
