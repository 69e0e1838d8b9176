"""The areas a person can say an organisation serves, for the members' area picker (members/areas.py).

Two kinds of source, one catalogue:

- the shipped reference lists, read once: every UK council of today and the regions and nations they
  lie in (`data/geo/lookups/la_all_codes.csv`), and the wider areas the Charity Commission uses with
  their GSS codes (`data/reference/cc-aoo-gss-iso.csv`: metropolitan counties, the councils it still
  names);
- the `Area` table: the councils and wards loaded, each ward of its council's newest vintage.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Iterable
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db.models import Max, Q

from commoncause.members.areas import COUNTRY, LOCAL_AUTHORITY, REGION, WARD, AreaChoice
from commoncause.places.models import Area, AreaType

METROPOLITAN_COUNTY = "Metropolitan County"
_KINDS = (
    (re.compile(r"^(E0[6-9]|E10|W06|S12|N09)"), LOCAL_AUTHORITY),
    (re.compile(r"^E12"), REGION),
    (re.compile(r"^E11"), METROPOLITAN_COUNTY),
    (re.compile(r"^(E92|W92|S92|N92|K0[2-4])"), COUNTRY),
)
# The columns of la_all_codes.csv that name an area (code, name): councils, then what they lie in.
_COLUMNS = (("LADCD", "LADNM"), ("UTLACD", "UTLANM"), ("RGNCD", "RGNNM"), ("CTRYCD", "CTRYNM"),
            ("EWCD", "EWNM"), ("GBCD", "GBNM"), ("UKCD", "UKNM"))  # fmt: skip
_LOWER_WORDS = {"And": "and", "Of": "of", "The": "the", "Upon": "upon", "On": "on"}


def kind_of(code: str) -> str | None:
    return next((kind for pattern, kind in _KINDS if pattern.match(code)), None)


def _title(name: str) -> str:
    """'WINDSOR AND MAIDENHEAD' → 'Windsor and Maidenhead' (the Commission's lookup is in capitals)."""
    words = name.title().split()
    return " ".join([words[0], *(_LOWER_WORDS.get(word, word) for word in words[1:])]) if words else ""


def _rows(path: Path) -> Iterable[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


@cache  # shipped reference files, read once per process; they change only with a release
def reference_areas() -> dict[str, AreaChoice]:
    """Councils, regions and nations from the shipped lists, by GSS code (old codes too)."""
    return _reference()[0]


@cache
def pickable_codes() -> frozenset[str]:
    """The reference areas a person is offered: today's, not those a council's new code replaced
    (Northumberland's E06000048, North Yorkshire's county council E10000023)."""
    return _reference()[1]


@cache
def _reference() -> tuple[dict[str, AreaChoice], frozenset[str]]:
    data = Path(settings.DATA_DIR)
    found: dict[str, AreaChoice] = {}
    replaced: set[str] = set()
    for row in _rows(data / "geo" / "lookups" / "la_all_codes.csv"):
        if row["Current"].strip().upper() != "TRUE":
            replaced.add(row["LADCD"].strip())
        for code_column, name_column in _COLUMNS:
            code, name = row[code_column].strip(), row[name_column].strip()
            kind = kind_of(code)
            if code and name and kind and code not in found:
                found[code] = AreaChoice(code, name, kind)
    current_names = {(area.name.lower(), area.kind) for code, area in found.items() if code not in replaced}
    for row in _rows(data / "reference" / "cc-aoo-gss-iso.csv"):
        code, kind = row["GSS"].strip(), kind_of(row["GSS"].strip())
        if code and kind and code not in found:
            found[code] = AreaChoice(code, _title(row["aoosort"].strip() or row["aooname"].strip()), kind)
            if (found[code].name.lower(), kind) in current_names:
                replaced.add(code)
    return found, frozenset(found) - replaced


def _current_wards(wards: Iterable[Area]) -> list[Area]:
    """Of these wards, those of their council's newest vintage."""
    wards = list(wards)
    newest = dict(
        Area.objects.filter(area_type=AreaType.WARD, parent_code__in={ward.parent_code for ward in wards})
        .values("parent_code")
        .annotate(newest=Max("vintage"))
        .values_list("parent_code", "newest")
    )
    return [ward for ward in wards if newest.get(ward.parent_code) == ward.vintage]


class PlacesAreaCatalogue:
    """The catalogue members/areas.py asks for (see the module's note)."""

    def _choices(self, areas: Iterable[Area]) -> list[AreaChoice]:
        areas = list(areas)
        councils = self._council_names({area.parent_code for area in areas if area.parent_code})
        return [
            AreaChoice(area.code, area.name, WARD, councils.get(area.parent_code, area.parent_code))
            if area.area_type == AreaType.WARD
            else AreaChoice(area.code, area.name, LOCAL_AUTHORITY)
            for area in areas
        ]

    def _council_names(self, codes: Collection[str]) -> dict[str, str]:
        reference = reference_areas()
        names = {code: reference[code].name for code in codes if code in reference}
        missing = [code for code in codes if code not in names]
        loaded = Area.objects.filter(area_type=AreaType.LOCAL_AUTHORITY, code__in=missing)
        names.update(loaded.order_by("vintage").values_list("code", "name"))
        return names

    def _loaded(self, condition: Q) -> list[AreaChoice]:
        kinds = (AreaType.WARD, AreaType.LOCAL_AUTHORITY)
        found = (
            Area.objects.filter(condition, area_type__in=kinds).defer("boundary").order_by("code", "vintage")
        )
        newest = {area.code: area for area in found[:1000]}  # one row a code: its newest vintage
        wards = _current_wards(area for area in newest.values() if area.area_type == AreaType.WARD)
        councils = [area for area in newest.values() if area.area_type == AreaType.LOCAL_AUTHORITY]
        return self._choices([*councils, *wards])

    def by_codes(self, codes: Collection[str]) -> dict[str, AreaChoice]:
        reference = reference_areas()
        found = {code: reference[code] for code in codes if code in reference}
        missing = [code for code in codes if code not in found]
        if missing:
            rows = Area.objects.filter(
                code__in=missing, area_type__in=(AreaType.WARD, AreaType.LOCAL_AUTHORITY)
            )
            newest = {area.code: area for area in rows.defer("boundary").order_by("vintage")}
            found.update((choice.code, choice) for choice in self._choices(newest.values()))
        return found

    def named(self, name: str) -> list[AreaChoice]:
        wanted = " ".join(name.split()).lower()
        found = {area.code: area for area in _pickable() if area.name.lower() == wanted}
        for choice in self._loaded(Q(name__iexact=" ".join(name.split()))):
            found.setdefault(choice.code, choice)
        return sorted(found.values(), key=_order)

    def suggest(self, text: str, *, limit: int) -> list[AreaChoice]:
        wanted = text.lower()
        found = {
            area.code: area
            for area in _pickable()
            if wanted in area.name.lower() or area.code.lower().startswith(wanted)
        }
        for choice in self._loaded(Q(name__icontains=text) | Q(code__istartswith=text)):
            found.setdefault(choice.code, choice)
        return sorted(found.values(), key=lambda area: _likeliest(area, wanted))[:limit]


def _pickable() -> list[AreaChoice]:
    reference, pickable = reference_areas(), pickable_codes()
    return [reference[code] for code in sorted(pickable)]


_KIND_ORDER = {COUNTRY: 0, REGION: 1, METROPOLITAN_COUNTY: 2, LOCAL_AUTHORITY: 3, WARD: 4}


def _order(area: AreaChoice) -> tuple[int, str, str]:
    return (_KIND_ORDER.get(area.kind, 5), area.name, area.code)


def _likeliest(area: AreaChoice, wanted: str) -> tuple[int, int, str, str]:
    """The name itself first, then names starting with the text, then the rest; wider areas first."""
    name = area.name.lower()
    closeness = 0 if name == wanted or area.code.lower() == wanted else 1 if name.startswith(wanted) else 2
    return (closeness, _KIND_ORDER.get(area.kind, 5), area.name, area.code)
