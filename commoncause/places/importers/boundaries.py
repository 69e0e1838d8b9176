"""`import_source wards|lsoa <file or folder>`: area boundaries (GeoJSON), and lookups between areas (CSV).

Boundary files name their properties after their vintage (`WD25CD`/`WD25NM` for May 2025 wards,
`WD19CD`, `LSOA11CD`, `LAD20CD`, Northern Ireland's `SOA_CODE`), and every new release brings new
names, so none is listed here. Each property is recognised by what it holds instead:

- the area's code is the property whose value is a GSS code of the kind imported (a ward is E05, W05,
  S13 or N08; an LSOA E01 or W01; a Northern Ireland SOA like 95GG01S1);
- its name is the property named like the code with `NM` for `CD` (or `NAME` for `CODE`), else the
  one property that holds a name rather than a code;
- the local authority it lies in is a property holding a local authority's code (E06–E09, W06, S12,
  N09), the newest vintage first;
- the vintage is the year in the code's property name (`WD25CD` is 2025), else a year in the file's name.

Features are read one at a time (ijson), so a national file needs no more memory than its largest area.
Geometries must be in longitude and latitude (WGS 84, as the ONS's GeoJSON downloads are); a file in
British National Grid metres is refused with a note of how to export it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ijson  # type: ignore[import-untyped]  # ships no types
from shapely.errors import GEOSException
from shapely.geometry import shape

from commoncause.places.models import Area, AreaLookup, AreaType
from commoncause.sources.base import ImportContext, ImportProblem
from commoncause.sources.reading import read_csv_file, source_files

# The GSS entity codes of each kind of area, and the pattern of a code of that kind.
CODE_PATTERNS = {
    AreaType.WARD: re.compile(r"^(E05|W05|S13|N08)\d{6}$"),
    AreaType.LSOA: re.compile(r"^(E01|W01)\d{6}$"),
    AreaType.SOA: re.compile(r"^95[A-Z]{2}\d{2}[A-Z]\d$"),  # 95GG01S1, 95II07W1
}
LOCAL_AUTHORITY = re.compile(r"^(E06|E07|E08|E09|W06|S12|N09)\d{6}$")
_VINTAGE_IN_NAME = re.compile(r"^[A-Z]+(\d{2})(CD|CODE)$", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(19[89]\d|20[0-9]\d)(?!\d)")
SOA_VINTAGE = "2001"  # Northern Ireland's super output areas are those of the 2001 census, never redrawn
UK_LON, UK_LAT = (-9.0, 2.5), (49.0, 61.5)  # a little beyond the UK's extremes, Shetland included


@dataclass(frozen=True)
class Layout:
    """Which property of a file's features holds what."""

    code: str
    name: str | None
    parent: str | None
    vintage: str


def import_wards(path: Path, ctx: ImportContext) -> None:
    """Ward boundaries (GeoJSON)."""
    for file in source_files(path, (".geojson", ".json")):
        _import_boundaries(file, ctx, (AreaType.WARD,))


def import_lsoa(path: Path, ctx: ImportContext) -> None:
    """LSOA (and Northern Ireland SOA) boundaries (GeoJSON), or LSOA → ward lookups (CSV)."""
    for file in source_files(path, (".geojson", ".json", ".csv")):
        if file.suffix.lower() == ".csv":
            _import_lsoa_lookup(file, ctx)
        else:
            _import_boundaries(file, ctx, (AreaType.LSOA, AreaType.SOA))


def _import_boundaries(file: Path, ctx: ImportContext, kinds: tuple[AreaType, ...]) -> None:
    existing = {
        (a.code, a.vintage): a for a in Area.objects.filter(area_type__in=kinds, source_file=file.name)
    }
    layout: Layout | None = None
    kind = kinds[0]
    authorities: dict[str, str] = {}
    for number, feature in _features(file):
        properties = feature.get("properties") or {}
        if layout is None:
            kind, layout = _layout(properties, kinds, file.name, number)
        ctx.counts.rows_read += 1
        code = str(properties.get(layout.code) or "").strip()
        if not CODE_PATTERNS[kind].match(code):
            raise ImportProblem(f"{code!r} is not the code of a {kind.label.lower()}", file=file.name,
                                row=number, field=layout.code)  # fmt: skip
        name = str(properties.get(layout.name) or "").strip() if layout.name else ""
        parent = str(properties.get(layout.parent) or "").strip() if layout.parent else ""
        geometry = feature.get("geometry")
        bounds = _bounds(geometry, file.name, number)
        values = {
            "area_type": kind.value,
            "name": name or code,
            "parent_code": parent,
            "boundary": geometry,
            "min_lon": bounds[0],
            "min_lat": bounds[1],
            "max_lon": bounds[2],
            "max_lat": bounds[3],
            "source_file": file.name,
        }
        _upsert(code, layout.vintage, values, existing, ctx)
        if parent and layout.parent:
            authorities.setdefault(parent, _authority_name(properties, layout.parent))
    if layout is None:
        raise ImportProblem("the file holds no features", file=file.name)
    for code, name in authorities.items():
        Area.objects.get_or_create(
            code=code,
            vintage=layout.vintage,
            defaults={"area_type": AreaType.LOCAL_AUTHORITY, "name": name or code, "source_file": file.name},
        )
    ctx.notes.append(
        f"{file.name}: {kind.label.lower()}s of {layout.vintage}, code in '{layout.code}', name in "
        f"'{layout.name or '(none)'}', local authority in '{layout.parent or '(none)'}'."
    )


def _features(file: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(feature number from 1, feature) for each feature of a GeoJSON FeatureCollection."""
    try:
        with file.open("rb") as handle:
            for number, feature in enumerate(ijson.items(handle, "features.item", use_float=True), start=1):
                if not isinstance(feature, dict):
                    raise ImportProblem("a feature is not a JSON object", file=file.name, row=number)
                yield number, feature
    except ijson.JSONError as error:
        raise ImportProblem(f"not GeoJSON that can be read ({error})", file=file.name) from None


def _layout(
    properties: dict[str, Any], kinds: tuple[AreaType, ...], file: str, number: int
) -> tuple[AreaType, Layout]:
    """Which property holds what, from the first feature (see the module's note)."""
    for kind in kinds:
        codes = [
            key for key, value in properties.items() if CODE_PATTERNS[kind].match(str(value or "").strip())
        ]
        if codes:
            break
    else:
        wanted = " or ".join(kind.label.lower() for kind in kinds)
        raise ImportProblem(
            f"no property holds the code of a {wanted}", file=file, row=number, field="properties"
        )
    code = codes[0]
    return kind, Layout(
        code=code,
        name=_name_key(properties, code),
        parent=_parent_key(properties),
        vintage=_vintage(code, file, number, kind),
    )


def _name_key(properties: dict[str, Any], code: str) -> str | None:
    for twin in (
        re.sub(r"CD$", "NM", code, flags=re.IGNORECASE),
        re.sub(r"CODE$", "NAME", code, flags=re.IGNORECASE),
    ):
        if twin != code and twin in properties:
            return twin
    names = sorted(
        (
            key
            for key, value in properties.items()
            if ("nm" in key.lower() or "name" in key.lower())
            and isinstance(value, str)
            and value.strip()
            and not re.match(r"^[A-Z0-9]{9}$", value.strip())
        ),
        key=lambda key: key.upper().endswith("NMW"),  # a Welsh name after the English one
    )
    return names[0] if names else None


def _parent_key(properties: dict[str, Any]) -> str | None:
    found = [key for key, value in properties.items() if LOCAL_AUTHORITY.match(str(value or "").strip())]
    if not found:
        return None
    # The newest vintage first (LAD25CD before LAD19CD); the successor code before the one published.
    return sorted(found, key=lambda key: ("ACTIVE" not in key.upper(), -_year_of(key)))[0]


def _year_of(key: str) -> int:
    match = _VINTAGE_IN_NAME.match(key)
    return int(match.group(1)) if match else 0


def _vintage(code_key: str, file: str, number: int, kind: AreaType) -> str:
    match = _VINTAGE_IN_NAME.match(code_key)
    if match:
        return f"20{match.group(1)}"
    years = _YEAR.findall(file)
    if years:
        return years[-1]
    if kind == AreaType.SOA:
        return SOA_VINTAGE
    raise ImportProblem(
        f"no vintage: the property '{code_key}' carries no year (as WD25CD does), nor does the file's "
        "name; name the file with the year of its boundaries, such as wards-2025.geojson",
        file=file,
        row=number,
        field=code_key,
    )


def _authority_name(properties: dict[str, Any], parent_key: str) -> str:
    """The local authority's name: the `NM` twin of a property holding the same code as `parent_key`."""
    code = properties.get(parent_key)
    for key, value in properties.items():
        twin = re.sub(r"CD$", "NM", key, flags=re.IGNORECASE)
        if value == code and twin != key and properties.get(twin):
            return str(properties[twin]).strip()
    return ""


def _bounds(geometry: Any, file: str, number: int) -> tuple[float, float, float, float]:
    if not isinstance(geometry, dict) or geometry.get("type") not in {"Polygon", "MultiPolygon"}:
        raise ImportProblem("the geometry is not a polygon or multipolygon", file=file, row=number,
                            field="geometry")  # fmt: skip
    try:
        bounds = shape(geometry).bounds
    except (GEOSException, ValueError, TypeError, IndexError, KeyError) as error:
        raise ImportProblem(f"the geometry cannot be read ({error})", file=file, row=number,
                            field="geometry") from None  # fmt: skip
    if not (
        UK_LON[0] <= bounds[0] <= bounds[2] <= UK_LON[1] and UK_LAT[0] <= bounds[1] <= bounds[3] <= UK_LAT[1]
    ):
        hint = (
            " (these look like British National Grid metres: export the file in WGS 84 longitude and"
            " latitude)"
            if bounds[0] > 1000
            else ""
        )
        raise ImportProblem(
            f"the geometry lies outside the UK{hint}", file=file, row=number, field="geometry"
        )
    return bounds


def _upsert(
    code: str, vintage: str, values: dict[str, Any], existing: dict[tuple[str, str], Area], ctx: ImportContext
) -> None:
    area = existing.get((code, vintage)) or Area.objects.filter(code=code, vintage=vintage).first()
    if area is None:
        Area.objects.create(code=code, vintage=vintage, **values)
        ctx.counts.created += 1
        return
    changed = {key: value for key, value in values.items() if getattr(area, key) != value}
    if not changed:
        ctx.counts.unchanged += 1
        return
    for key, value in changed.items():
        setattr(area, key, value)
    area.save(update_fields=[*changed, "updated_at"])
    ctx.counts.updated += 1


_LSOA_COLUMN = re.compile(r"^LSOA(\d{2})CD$", re.IGNORECASE)
_WARD_COLUMN = re.compile(r"^WD(\d{2})CD$", re.IGNORECASE)


def _import_lsoa_lookup(file: Path, ctx: ImportContext) -> None:
    """An LSOA → ward lookup: the ONS best-fit product (`LSOA11CD`, `WD19CD`, …) or a derived overlay
    (`lsoa_vintage`, `lsoa_code`, `WD25CD`, `area_share_in_ward`)."""
    table, handle = read_csv_file(file)
    with handle:
        header = table.header
        lsoa_key = next((name for name in header if _LSOA_COLUMN.match(name)), None)
        ward_key = next((name for name in header if _WARD_COLUMN.match(name)), None)
        vintage_key = "lsoa_vintage" if "lsoa_vintage" in header else None
        if lsoa_key is None and "lsoa_code" in header:
            lsoa_key = "lsoa_code"
        if lsoa_key is None or ward_key is None:
            raise ImportProblem("not an LSOA to ward lookup: no LSOA code column (such as LSOA11CD) or no "
                                "ward code column (such as WD19CD)", file=file.name, row=1)  # fmt: skip
        ward_vintage = f"20{_WARD_COLUMN.match(ward_key).group(1)}"  # type: ignore[union-attr]
        share_key = "area_share_in_ward" if "area_share_in_ward" in header else None
        method = "overlap" if share_key else "best-fit"
        existing = {
            (row.from_code, row.from_vintage, row.to_code, row.to_vintage): row
            for row in AreaLookup.objects.filter(to_vintage=ward_vintage)
        }
        for number, row in table.rows:
            ctx.counts.rows_read += 1
            lsoa = row.get(lsoa_key, "").strip()
            ward = row.get(ward_key, "").strip()
            if not CODE_PATTERNS[AreaType.LSOA].match(lsoa):
                raise ImportProblem(
                    f"{lsoa!r} is not an LSOA code", file=file.name, row=number, field=lsoa_key
                )
            if not CODE_PATTERNS[AreaType.WARD].match(ward):
                raise ImportProblem(
                    f"{ward!r} is not a ward code", file=file.name, row=number, field=ward_key
                )
            if vintage_key:
                lsoa_vintage = row.get(vintage_key, "").strip()
                if not re.fullmatch(r"20\d\d", lsoa_vintage):
                    raise ImportProblem(f"{lsoa_vintage!r} is not a year", file=file.name, row=number,
                                        field=vintage_key)  # fmt: skip
            else:
                lsoa_vintage = f"20{_LSOA_COLUMN.match(lsoa_key).group(1)}"  # type: ignore[union-attr]
            share = _share(row.get(share_key, "") if share_key else "1", file.name, number, share_key)
            found = existing.get((lsoa, lsoa_vintage, ward, ward_vintage))
            if found is None:
                AreaLookup.objects.create(
                    from_code=lsoa, from_vintage=lsoa_vintage, to_code=ward, to_vintage=ward_vintage,
                    share=share, method=method, source_file=file.name,
                )  # fmt: skip
                ctx.counts.created += 1
            elif found.share != share or found.method != method:
                found.share, found.method, found.source_file = share, method, file.name
                found.save(update_fields=["share", "method", "source_file"])
                ctx.counts.updated += 1
            else:
                ctx.counts.unchanged += 1


def _share(text: str, file: str, number: int, field: str | None) -> float:
    try:
        share = float(text)
    except ValueError:
        share = -1.0
    if not 0.0 < share <= 1.0:
        raise ImportProblem(f"{text!r} is not a share between 0 and 1", file=file, row=number, field=field)
    return share
