"""`import_source postcodes <file>`: where each postcode is, and the areas it was assigned to.

Two layouts, known by their header:

- ONS's National Statistics Postcode Lookup (NSPL: `pcds`, `lat`, `long`, `laua`, `ward`, `lsoa11`,
  `doterm` as YYYYMM). A postcode with no grid reference is written at lat 99.999999, long 0: it gets no
  coordinates. A pseudo code (`E99999999`, none assigned) is left empty. The file does not say which
  year's wards it gives: that is the year in its name (NSPL_NOV_2021_UK.csv: 2021), else the year of
  `--extract-date`, else the file is refused.
- The project's `charity_postcodes.csv` (`postcode`, `latitude`, `longitude`, `lad_code_current`,
  `ward_code`, `ward_source` naming the ward vintage, `nspl2021_lsoa11` or else `lsoa11_pip`, `status`,
  `nspl2021_doterm`). A row the file could not place (`not_found`) is skipped and counted in the notes.

Rows are upserted by postcode a batch at a time (read, compare with the batch's rows already held,
create or update), so a national NSPL of 2.7 million rows takes no more memory than one batch and
the postcodes seen (packed into 64-bit numbers, to refuse one given twice).
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

from commoncause.places.models import Postcode
from commoncause.sources.base import ImportContext, ImportProblem
from commoncause.sources.reading import read_csv_file
from commoncause.sources.values import text

BATCH = 5000
FIELDS = ("latitude", "longitude", "local_authority", "ward", "ward_vintage", "lsoa", "terminated")
NSPL: tuple[str, ...] = ("pcds", "lat", "long", "laua", "ward", "lsoa11", "doterm")
CHARITY: tuple[str, ...] = (
    "postcode", "latitude", "longitude", "lad_code_current", "ward_code", "ward_source",
    "lsoa11_pip", "nspl2021_lsoa11", "status", "nspl2021_doterm",
)  # fmt: skip
WARD_VINTAGES = {"codepoint_2025.4": "2025", "codepoint_2014.08": "2014", "nspl_nov2021": "2021"}
_POSTCODE = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})")
_NORMAL = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}")
_CODE = re.compile(r"[A-Z0-9]{1,12}")
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
NO_GRID_LATITUDE = 99.999999  # NSPL's latitude for a postcode with no grid reference
# Where a UK postcode can be (Scilly to Shetland, Fermanagh to Lowestoft, with a margin).
LATITUDES, LONGITUDES = (49.0, 61.0), (-9.0, 2.0)

Values = tuple[Any, ...]  # a row's values in the order of FIELDS


def import_postcodes(path: Path, ctx: ImportContext) -> None:
    """Import one postcode lookup file, NSPL or the project's charity postcodes."""
    if path.is_dir():
        raise ImportProblem("give the postcode lookup file, not a folder", file=path.name)
    table, handle = read_csv_file(path)
    with closing(handle):
        header = set(table.header)
        if "pcds" in header:
            layout, reader = NSPL, _nspl_reader(_nspl_ward_vintage(path, ctx), table.file)
        elif "ward_source" in header:
            layout, reader = CHARITY, _charity_reader(table.file)
        else:
            raise ImportProblem(
                "not a postcode lookup this importer knows: NSPL (pcds, lat, long, …) or charity_postcodes "
                "(postcode, latitude, longitude, ward_code, ward_source, …)",
                file=table.file,
                row=1,
            )
        missing = [name for name in layout if name not in header]
        if missing:
            raise ImportProblem(
                "a column this layout always has is missing", file=table.file, row=1, field=missing[0]
            )
        ctx.notes.extend(table.encoding_notes())
        writer = _Writer(path.name, table.file, layout[0], ctx)
        for number, row in ctx.progress(table.rows, description=f"Reading {path.name}"):
            ctx.counts.rows_read += 1
            writer.add(number, reader(number, row))
        writer.finish()


def _nspl_ward_vintage(path: Path, ctx: ImportContext) -> str:
    """The year of the NSPL's wards: the one year its file name gives, else the extract date's."""
    years = set(_YEAR.findall(path.name))
    if len(years) == 1:
        return years.pop()
    if ctx.run.extract_date:
        return str(ctx.run.extract_date.year)
    raise ImportProblem(
        "the NSPL does not say which year's wards it gives and its name holds no one year: give the "
        "release's date with --extract-date",
        file=path.name,
    )


Reader = Callable[[int, dict[str, Any]], "tuple[str, Values] | None"]


def _nspl_reader(ward_vintage: str, file: str) -> Reader:
    def read(number: int, row: dict[str, Any]) -> tuple[str, Values] | None:
        cell = _Cells(row, number, file)
        latitude, longitude = cell.place("lat", "long")
        if latitude == NO_GRID_LATITUDE:
            latitude = longitude = None
        else:
            cell.within(latitude, longitude, "lat", "long")
        ward = cell.code("ward")
        return cell.postcode("pcds"), (
            latitude, longitude, cell.code("laua"), ward, ward_vintage if ward else "",
            cell.code("lsoa11"), cell.month("doterm"),
        )  # fmt: skip

    return read


def _charity_reader(file: str) -> Reader:
    def read(number: int, row: dict[str, Any]) -> tuple[str, Values] | None:
        cell = _Cells(row, number, file)
        postcode = cell.postcode("postcode")
        if text(row["status"]) == "not_found":
            return None
        latitude, longitude = cell.place("latitude", "longitude")
        cell.within(latitude, longitude, "latitude", "longitude")
        ward = cell.code("ward_code")
        source = text(row["ward_source"])
        if ward and source not in WARD_VINTAGES:
            raise cell.problem(f"'{source}' is no ward source this importer knows", "ward_source")
        return postcode, (
            latitude, longitude, cell.code("lad_code_current"), ward, WARD_VINTAGES[source] if ward else "",
            cell.code("nspl2021_lsoa11") or cell.code("lsoa11_pip"), cell.month("nspl2021_doterm"),
        )  # fmt: skip

    return read


class _Cells:
    """One row's values, each refused by file, row and field when it is not what its column holds."""

    def __init__(self, row: dict[str, Any], number: int, file: str) -> None:
        self.row, self.number, self.file = row, number, file

    def problem(self, message: str, column: str) -> ImportProblem:
        return ImportProblem(message, file=self.file, row=self.number, field=column)

    def postcode(self, column: str) -> str:
        raw = self.row[column]
        if _NORMAL.fullmatch(raw):
            return str(raw)
        match = _POSTCODE.fullmatch(" ".join(raw.upper().split()))
        if not match:
            raise self.problem(f"'{raw}' is not a UK postcode", column)
        return f"{match.group(1)} {match.group(2)}"

    def place(self, latitude: str, longitude: str) -> tuple[float | None, float | None]:
        values = (self.number_in(latitude), self.number_in(longitude))
        if (values[0] is None) != (values[1] is None):
            raise self.problem(
                "is empty, but the other coordinate is given", latitude if values[0] is None else longitude
            )
        return values

    def number_in(self, column: str) -> float | None:
        raw = text(self.row[column])
        try:
            return float(raw) if raw else None
        except ValueError:
            raise self.problem(f"'{raw}' is not a number", column) from None

    def within(
        self, latitude: float | None, longitude: float | None, lat_column: str, long_column: str
    ) -> None:
        if latitude is not None and not LATITUDES[0] <= latitude <= LATITUDES[1]:
            raise self.problem(f"latitude {latitude} is not in the UK", lat_column)
        if longitude is not None and not LONGITUDES[0] <= longitude <= LONGITUDES[1]:
            raise self.problem(f"longitude {longitude} is not in the UK", long_column)

    def code(self, column: str) -> str:
        value = text(self.row[column]).upper()
        if value and not _CODE.fullmatch(value):
            raise self.problem(f"'{value}' is not an area code", column)
        return "" if value.endswith("99999999") else value  # a pseudo code: none assigned

    def month(self, column: str) -> dt.date | None:
        raw = text(self.row[column])
        if not raw:
            return None
        if len(raw) == 6 and raw.isdigit() and 1 <= int(raw[4:]) <= 12:
            return dt.date(int(raw[:4]), int(raw[4:]), 1)
        raise self.problem(f"'{raw}' is not a month written YYYYMM", column)


class _Writer:
    """Upserts rows by postcode a batch at a time, and refuses a postcode given twice."""

    def __init__(self, file_name: str, file: str, column: str, ctx: ImportContext) -> None:
        self.file_name, self.ctx = file_name, ctx
        self.batch: dict[str, tuple[int, Values]] = {}
        self.seen = _Seen(file, column)
        self.skipped = 0

    def add(self, number: int, read: tuple[str, Values] | None) -> None:
        if read is None:
            self.skipped += 1
            return
        postcode, values = read
        self.seen.add(postcode, number)
        self.batch[postcode] = (number, values)
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        held = Postcode.objects.in_bulk(list(self.batch), field_name="postcode")
        new: list[Postcode] = []
        changed: list[Postcode] = []
        for postcode, (_, values) in self.batch.items():
            record = held.get(postcode)
            if record is None:
                new.append(
                    Postcode(
                        postcode=postcode,
                        source_file=self.file_name,
                        **dict(zip(FIELDS, values, strict=True)),
                    )
                )
            elif tuple(getattr(record, name) for name in FIELDS) == values:
                self.ctx.counts.unchanged += 1
            else:
                for name, value in zip(FIELDS, values, strict=True):
                    setattr(record, name, value)
                record.source_file = self.file_name
                changed.append(record)
        Postcode.objects.bulk_create(new, batch_size=1000)
        Postcode.objects.bulk_update(changed, [*FIELDS, "source_file"], batch_size=1000)
        self.ctx.counts.created += len(new)
        self.ctx.counts.updated += len(changed)
        self.batch.clear()

    def finish(self) -> None:
        self.flush()
        self.seen.check()
        if self.skipped:
            self.ctx.notes.append(f"{self.skipped} rows skipped: the file could not place their postcode.")


class _Seen:
    """Every postcode read, with its row, packed in a 64-bit number (37 bits of postcode, 26 of row) and
    kept in 256 arrays by postcode: about 8 bytes a row, checked for one given twice at the end."""

    ROW_BITS = 26
    ALPHABET = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", start=1)}

    def __init__(self, file: str, column: str) -> None:
        self.file, self.column = file, column
        self.buckets = [array("q") for _ in range(256)]

    def add(self, postcode: str, number: int) -> None:
        if number >= 1 << self.ROW_BITS:
            raise ImportProblem("the file has more rows than any postcode lookup", file=self.file, row=number)
        key = 0
        for char in postcode.replace(" ", ""):
            key = key * 37 + self.ALPHABET[char]
        self.buckets[key & 255].append(key << self.ROW_BITS | number)

    def check(self) -> None:
        for bucket in self.buckets:
            ordered = sorted(bucket)
            for before, after in zip(ordered, ordered[1:], strict=False):
                if before >> self.ROW_BITS == after >> self.ROW_BITS:
                    mask = (1 << self.ROW_BITS) - 1
                    raise ImportProblem(
                        f"the postcode is also in row {before & mask}",
                        file=self.file, row=after & mask, field=self.column,
                    )  # fmt: skip
