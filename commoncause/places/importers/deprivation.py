"""`import_source imd <file or folder>`: England's Indices of Deprivation 2019 and NI's NIMDM 2017.

Each file is known by its header, never by its name:

- IMD 2019 File 1 (LSOA, rank written '3,164', decile), File 2 (rank and decile of the index and of
  each of its seven domains), File 6 (mid-2015 population, which goes on the LSOA 2011 area: made if
  the register lacks it, named from the file, in its 2019 local authority);
- ONS's "Index of Multiple Deprivation (December 2019) Lookup in England" (`LSOA11CD`, `IMD19`: rank
  only; the decile is worked out from the rank as MHCLG does, equal tenths of the 32,844 LSOAs);
- NIMDM 2017 by super output area (`soa01_code`, `IMD_rank`, `IMD_decile`, domains): the SOA area is
  made if missing (vintage 2001, the units' own; named by its code, the file gives no names).

A folder imports every file it knows, in name order, and skips the others with a note; a file given
on its own that is none of these is refused. Values are upserted by (code, index): a file that only
gives ranks leaves the domains a fuller file gave, so re-importing a folder changes nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone

from commoncause.places.models import Area, AreaType, Deprivation
from commoncause.sources.base import ImportContext, ImportProblem
from commoncause.sources.reading import read_csv_file, source_files
from commoncause.sources.values import int_value, text

IMD_2019 = "imd2019"
NIMDM_2017 = "nimdm2017"
# How many areas each index ranks: a rank beyond is no rank, a file of more rows no file of the index.
AREAS_RANKED = {IMD_2019: 32_844, NIMDM_2017: 890}
BATCH = 1000
_WHERE = re.compile(r"\s*\(where [^)]*\)$")  # File 2 adds "(where 1 is most deprived)" to its names
IMD = "Index of Multiple Deprivation (IMD)"
POPULATION = "Total population: mid 2015 (excluding prisoners)"


@dataclass(frozen=True)
class Layout:
    """One kind of deprivation file: its columns (as named once `_WHERE` is cut) and what they give."""

    title: str
    index: str
    code: str
    code_pattern: re.Pattern[str]
    rank: str = ""
    decile: str = ""
    domains: dict[str, tuple[str, str]] = field(default_factory=dict)
    population: str = ""
    name: str = ""
    parent: str = ""

    def columns(self) -> list[str]:
        given = [self.code, self.rank, self.decile, self.population, self.name, self.parent]
        return [c for c in given if c] + [c for pair in self.domains.values() for c in pair]


LSOA = re.compile(r"E01\d{6}")
SOA = re.compile(r"95[A-Z]{2}\d{2}[A-Z]\d{1,2}")
ENGLAND_CODE = "LSOA code (2011)"
ENGLAND_DOMAINS = {
    "income": "Income",
    "employment": "Employment",
    "education": "Education, Skills and Training",
    "health": "Health Deprivation and Disability",
    "crime": "Crime",
    "barriers_to_housing_and_services": "Barriers to Housing and Services",
    "living_environment": "Living Environment",
}
NI_DOMAINS = {
    "income": "Income",
    "employment": "Employment",
    "health": "Health",
    "education": "Education",
    "access_to_services": "Access",
    "living_environment": "Environment",
    "crime": "Crime",
}
FILE_1 = Layout("IMD 2019 File 1", IMD_2019, ENGLAND_CODE, LSOA, rank=f"{IMD} Rank", decile=f"{IMD} Decile")
FILE_2 = Layout(
    "IoD 2019 File 2 (domains)",
    IMD_2019,
    ENGLAND_CODE,
    LSOA,
    rank=f"{IMD} Rank",
    decile=f"{IMD} Decile",
    domains={key: (f"{name} Rank", f"{name} Decile") for key, name in ENGLAND_DOMAINS.items()},
)
FILE_6 = Layout(
    "IoD 2019 File 6 (population)",
    IMD_2019,
    ENGLAND_CODE,
    LSOA,
    population=POPULATION,
    name="LSOA name (2011)",
    parent="Local Authority District code (2019)",
)
ONS_LOOKUP = Layout("ONS IMD 2019 lookup", IMD_2019, "LSOA11CD", LSOA, rank="IMD19")
NIMDM = Layout(
    "NIMDM 2017 by SOA",
    NIMDM_2017,
    "soa01_code",
    SOA,
    rank="IMD_rank",
    decile="IMD_decile",
    domains={key: (f"{name}_rank", f"{name}_decile") for key, name in NI_DOMAINS.items()},
    parent="lgd14_code",
)


def layout_for(header: Iterable[str]) -> Layout | None:
    """Which kind of file a header is, or None; a file of a known kind may still lack a column."""
    names = set(header)
    if "soa01_code" in names:
        return NIMDM
    if {"LSOA11CD", "IMD19"} <= names:
        return ONS_LOOKUP
    if ENGLAND_CODE not in names:
        return None
    if POPULATION in names:
        return FILE_6
    if "Income Rank" in names:
        return FILE_2
    return FILE_1 if any(name.startswith(IMD) for name in names) else None


@dataclass
class Entry:
    """One area's row: the values its file gives."""

    row: int
    code: str
    rank: int = 0  # 0: the file gives none
    decile: int = 0
    domains: dict[str, dict[str, int]] | None = None
    population: int | None = None
    name: str = ""
    parent: str = ""


def import_deprivation(path: Path, ctx: ImportContext) -> None:
    """Import one deprivation file, or every one a folder holds."""
    known = 0
    for file in source_files(path, (".csv",)):
        known += _import_file(file, ctx, in_folder=path.is_dir())
    if not known:
        raise ImportProblem("the folder holds no deprivation file this importer knows", file=path.name)


def _import_file(path: Path, ctx: ImportContext, *, in_folder: bool) -> int:
    """Import one file; 0 when it is none of the known kinds and came in a folder (skipped, noted)."""
    table, handle = read_csv_file(path)
    with closing(handle):
        columns = _columns(table.header, table.file)
        layout = layout_for(columns)
        if layout is None:
            if in_folder:
                ctx.notes.append(f"{table.file}: skipped, not a deprivation file this importer knows.")
                return 0
            raise ImportProblem(
                "not a deprivation file this importer knows (IMD 2019 File 1, 2 or 6, the ONS IMD 2019 "
                "lookup, NIMDM 2017 by SOA): its header has none of their columns",
                file=table.file,
                row=1,
            )
        missing = [name for name in layout.columns() if name not in columns]
        if missing:
            raise ImportProblem(
                f"a column {layout.title} always has is missing", file=table.file, row=1, field=missing[0]
            )
        ctx.notes.extend(f"{table.file}: {note}" for note in table.encoding_notes())
        reader = _Rows(layout, columns, table.file)
        entries = reader.entries(ctx.progress(table.rows, description=f"Reading {path.name}"))
    ctx.counts.rows_read += len(entries)
    if layout.rank:
        _deprivation_write(entries, layout, path.name, ctx)
    if layout.population or layout is NIMDM:
        _areas_write(entries, layout, path.name, ctx)
    return 1


def _columns(header: list[str], file: str) -> dict[str, str]:
    """Each column by its name without File 2's "(where …)"; two names that read as one are refused."""
    columns: dict[str, str] = {}
    for name in header:
        short = _WHERE.sub("", name)
        if short in columns:
            raise ImportProblem(
                f"this column and '{columns[short]}' are the same column: keep the one to import",
                file=file, row=1, field=name,
            )  # fmt: skip
        columns[short] = name
    return columns


class _Rows:
    """Reads a file's rows into entries, refusing a bad value by file, row and field."""

    def __init__(self, layout: Layout, columns: dict[str, str], file: str) -> None:
        self.layout, self.columns, self.file = layout, columns, file

    def entries(self, rows: Iterable[tuple[int, dict[str, Any]]]) -> list[Entry]:
        entries: dict[str, Entry] = {}
        most = AREAS_RANKED[self.layout.index]
        for number, values in rows:
            entry = self.entry(number, values)
            if entry.code in entries:
                raise ImportProblem(
                    f"{entry.code} is also in row {entries[entry.code].row}",
                    file=self.file, row=number, field=self.columns[self.layout.code],
                )  # fmt: skip
            if len(entries) == most:
                raise ImportProblem(
                    f"the file has more rows than the {most:,} areas the index ranks",
                    file=self.file,
                    row=number,
                )
            entries[entry.code] = entry
        return list(entries.values())

    def entry(self, number: int, values: dict[str, Any]) -> Entry:
        layout = self.layout
        code = text(values.get(self.columns[layout.code])).upper()
        if not layout.code_pattern.fullmatch(code):
            raise self.problem(f"'{code}' is not an area code of this index", number, layout.code)
        entry = Entry(
            number, code, name=self.text(values, layout.name), parent=self.text(values, layout.parent)
        )
        if layout.rank:
            entry.rank = self.rank(values, number, layout.rank)
            entry.decile = (
                self.decile(values, number, layout.decile)
                if layout.decile
                else _decile_of(entry.rank, layout.index)
            )
        if layout.domains:
            entry.domains = {
                key: {"rank": self.rank(values, number, rank), "decile": self.decile(values, number, decile)}
                for key, (rank, decile) in layout.domains.items()
            }
        if layout.population:
            entry.population = self.whole(values, number, layout.population)
        return entry

    def text(self, values: dict[str, Any], column: str) -> str:
        return text(values.get(self.columns[column])) if column else ""

    def whole(self, values: dict[str, Any], number: int, column: str) -> int:
        name = self.columns[column]
        value = int_value(values.get(name), file=self.file, row=number, field=name)
        if value is None:
            raise self.problem("is empty", number, column)
        if value < 0:
            raise self.problem(f"{value} is below 0", number, column)
        return value

    def rank(self, values: dict[str, Any], number: int, column: str) -> int:
        rank, most = self.whole(values, number, column), AREAS_RANKED[self.layout.index]
        if not 1 <= rank <= most:
            raise self.problem(f"rank {rank} is not between 1 and {most:,}", number, column)
        return rank

    def decile(self, values: dict[str, Any], number: int, column: str) -> int:
        decile = self.whole(values, number, column)
        if not 1 <= decile <= 10:
            raise self.problem(f"decile {decile} is not between 1 and 10", number, column)
        return decile

    def problem(self, message: str, number: int, column: str) -> ImportProblem:
        return ImportProblem(message, file=self.file, row=number, field=self.columns[column])


def _decile_of(rank: int, index: str) -> int:
    """The decile of a rank: equal tenths of the areas ranked (MHCLG's deciles are exactly these)."""
    return math.ceil(rank * 10 / AREAS_RANKED[index])


def _deprivation_write(entries: list[Entry], layout: Layout, file_name: str, ctx: ImportContext) -> None:
    """Upsert each entry's rank, decile and (when the file gives them) domains."""
    held = {d.code: d for d in Deprivation.objects.filter(index=layout.index)}
    new: list[Deprivation] = []
    changed: list[Deprivation] = []
    disagree: list[str] = []
    for entry in entries:
        record = held.get(entry.code)
        if record is None:
            new.append(Deprivation(
                code=entry.code, index=layout.index, rank=entry.rank, decile=entry.decile,
                domains=entry.domains or {}, source_file=file_name,
            ))  # fmt: skip
            continue
        values = (entry.rank, entry.decile, record.domains if entry.domains is None else entry.domains)
        if values == (record.rank, record.decile, record.domains):
            ctx.counts.unchanged += 1
            continue
        if entry.rank != record.rank:
            disagree.append(entry.code)
        record.rank, record.decile, record.domains = values
        record.source_file = file_name
        changed.append(record)
    Deprivation.objects.bulk_create(new, batch_size=BATCH)
    Deprivation.objects.bulk_update(changed, ["rank", "decile", "domains", "source_file"], batch_size=BATCH)
    ctx.counts.created += len(new)
    ctx.counts.updated += len(changed)
    ctx.notes.append(
        f"{file_name} ({layout.title}): {len(new)} {layout.index} ranks new, {len(changed)} changed."
    )
    if disagree:
        ctx.notes.append(
            f"{file_name}: {len(disagree)} ranks differ from those held before (first {disagree[0]})."
        )


def _areas_write(entries: list[Entry], layout: Layout, file_name: str, ctx: ImportContext) -> None:
    """Make each entry's area if missing; set the population File 6 gives, or a missing parent."""
    vintage, area_type = ("2011", AreaType.LSOA) if layout.index == IMD_2019 else ("2001", AreaType.SOA)
    held = {
        a.code: a
        for a in Area.objects.filter(vintage=vintage).only("pk", "code", "population", "parent_code")
    }
    new: list[Area] = []
    changed: list[Area] = []
    now = timezone.now()
    for entry in entries:
        area = held.get(entry.code)
        if area is None:
            new.append(Area(
                code=entry.code, vintage=vintage, area_type=area_type, name=entry.name or entry.code,
                parent_code=entry.parent, population=entry.population, source_file=file_name,
            ))  # fmt: skip
        elif (layout.population and area.population != entry.population) or (
            entry.parent and not area.parent_code
        ):
            area.population = entry.population if layout.population else area.population
            area.parent_code = area.parent_code or entry.parent
            area.updated_at = now  # bulk_update does not set auto_now fields
            changed.append(area)
        else:
            ctx.counts.unchanged += 1
    Area.objects.bulk_create(new, batch_size=BATCH)
    Area.objects.bulk_update(changed, ["population", "parent_code", "updated_at"], batch_size=BATCH)
    ctx.counts.created += len(new)
    ctx.counts.updated += len(changed)
    ctx.notes.append(f"{file_name}: {len(new)} {area_type} {vintage} areas new, {len(changed)} changed.")
