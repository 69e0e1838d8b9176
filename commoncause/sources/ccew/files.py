"""Find the 13 tables of a CCEW extract in a folder, a zip or loose files, and open them as byte streams.

The regulator publishes one zip per table (`publicextract.<table>.zip` holding `publicextract.<table>.txt`
or `.json`). People also unzip them, or zip the folder up: all of these are accepted.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from commoncause.sources.base import ImportProblem
from commoncause.sources.ccew.tables import TABLES

_TABLE_FILE = re.compile(r"(charity(?:_[a-z_]+)?)\.(txt|json|zip)$", re.IGNORECASE)


@dataclass(frozen=True)
class TableFile:
    """Where one table is: a file on disk, or a member of a zip."""

    table: str
    path: Path
    member: str | None
    size: int  # bytes uncompressed

    @property
    def name(self) -> str:
        """The name people see in messages: the zip (and member, when a zip holds several tables)."""
        if self.member is None or Path(self.member).stem == self.path.stem:
            return self.path.name
        return f"{self.path.name}/{self.member}"

    @property
    def suffix(self) -> str:
        return Path(self.member or self.path.name).suffix.lower()


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
    for member, size in _zip_members(path):
        table = _table_name(member) or _table_name(path.name)
        if table:
            yield TableFile(table, path, member, size)


def _zip_members(path: Path) -> list[tuple[str, int]]:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise ImportProblem(
            f"not a readable zip file, corrupt or truncated ({error})", file=path.name
        ) from None
    if len(members) > 1:
        members = [info for info in members if _table_name(info.filename)]
    return [(info.filename, info.file_size) for info in members]


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
        yield handle
