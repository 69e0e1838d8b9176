"""Find the 13 tables of a CCEW extract in a folder, a zip or loose files, and open them as byte streams.

The regulator publishes one zip per table (`publicextract.<table>.zip` holding `publicextract.<table>.txt`
or `.json`). People also unzip them, or zip the folder up (the tables' text, or the 13 zips themselves, a
zip of zips): all of these are accepted. A zip inside a zip is read where it is, never unpacked, and no
table (nor a zip holding one) may be larger than `MAX_TABLE_BYTES`, so a zip bomb is refused before
anything is read.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from commoncause.sources.base import ImportProblem
from commoncause.sources.ccew.tables import TABLES

_TABLE_FILE = re.compile(r"(charity(?:_[a-z_]+)?)\.(txt|json|zip)$", re.IGNORECASE)
# The largest table of the national extract (trustees, or annual returns, in the JSON layout) is under a
# gigabyte; a table said to be this large is not a real one.
MAX_TABLE_BYTES = 16 << 30


@dataclass(frozen=True)
class TableFile:
    """Where one table is: a file on disk, or a member of a zip."""

    table: str
    path: Path
    member: str | None
    size: int  # bytes uncompressed
    inner: str | None = None  # the table's file in the zip `member`, when the zip at `path` holds zips

    @property
    def name(self) -> str:
        """The name people see in messages: the zip (and member, when a zip holds several tables)."""
        if self.member is None or (self.inner is None and Path(self.member).stem == self.path.stem):
            return self.path.name
        return f"{self.path.name}/{self.member}"

    @property
    def suffix(self) -> str:
        return Path(self.inner or self.member or self.path.name).suffix.lower()


def table_files(path: Path) -> dict[str, TableFile]:
    """Every table of the extract at `path`; a missing or doubled table is a problem."""
    found: dict[str, TableFile] = {}
    for candidate in _candidates(path):
        if candidate.table in found:
            raise ImportProblem(
                f"table {candidate.table} is also in {found[candidate.table].name}: keep one copy",
                file=candidate.name,
            )
        found[candidate.table] = candidate
    for table in TABLES:
        if table not in found:
            folder = path if path.is_dir() else path.parent
            raise ImportProblem(
                f"the {table} table is missing from the extract", file=folder / f"publicextract.{table}.zip"
            )
    return found


def _candidates(path: Path) -> Iterator[TableFile]:
    if path.is_dir():
        for child in sorted(path.iterdir()):
            if child.is_file() and _table_name(child.name):
                yield from _file_tables(child)
    else:
        yield from _file_tables(path)


def _file_tables(path: Path) -> Iterator[TableFile]:
    if path.suffix.lower() != ".zip":
        table = _table_name(path.name)
        if table:
            yield TableFile(table, path, None, path.stat().st_size)
        return
    try:
        with zipfile.ZipFile(path) as archive:
            for member in _table_members(archive):
                shown = f"{path.name}/{member.filename}"
                _size_check(member, shown)
                if member.filename.lower().endswith(".zip"):
                    yield from _zipped_zip_tables(archive, member, path)
                elif table := _table_name(member.filename) or _table_name(path.name):
                    yield TableFile(table, path, member.filename, member.file_size)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as error:
        raise ImportProblem(
            f"not a readable zip file, corrupt or truncated ({error})", file=path.name
        ) from None


def _zipped_zip_tables(archive: zipfile.ZipFile, member: zipfile.ZipInfo, path: Path) -> Iterator[TableFile]:
    """The table in a table's zip held in the zip at `path` (a zip of zips): read in place, one level."""
    shown = f"{path.name}/{member.filename}"
    try:
        with archive.open(member) as stream, zipfile.ZipFile(stream) as inner:
            found = [info for info in _table_members(inner) if not info.filename.lower().endswith(".zip")]
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as error:
        raise ImportProblem(f"not a readable zip file, corrupt or truncated ({error})", file=shown) from None
    for info in found:
        if table := _table_name(info.filename) or _table_name(member.filename):
            _size_check(info, shown)
            yield TableFile(table, path, member.filename, info.file_size, inner=info.filename)


def _table_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The zip's files; when it holds several, those named as a table (or a table's zip)."""
    members = [info for info in archive.infolist() if not info.is_dir()]
    if len(members) > 1:
        members = [info for info in members if _table_name(info.filename)]
    return members


def _size_check(info: zipfile.ZipInfo, shown: str) -> None:
    if info.file_size > MAX_TABLE_BYTES:
        raise ImportProblem(
            f"{info.filename} unzips to {info.file_size:,} bytes, larger than any table of the extract "
            f"({MAX_TABLE_BYTES:,} bytes at most): is it a real extract?",
            file=shown,
        )


def _table_name(file_name: str) -> str | None:
    match = _TABLE_FILE.search(Path(file_name).name)
    if match and match.group(1).lower() in TABLES:
        return match.group(1).lower()
    return None


@contextmanager
def open_table(table_file: TableFile) -> Iterator[IO[bytes]]:
    """The table's bytes as a stream (decompressed on the fly for a zip member)."""
    if table_file.member is None:
        with table_file.path.open("rb") as handle:
            yield handle
        return
    with zipfile.ZipFile(table_file.path) as archive, archive.open(table_file.member) as handle:
        if table_file.inner is None:
            yield handle
            return
        with zipfile.ZipFile(handle) as inner, inner.open(table_file.inner) as table:
            yield table
