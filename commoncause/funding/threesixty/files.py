"""A funder's 360Giving file read grant by grant: a JSON package streamed, a spreadsheet read whole.

A JSON package is parsed as it is read (ijson), one grant at a time, wherever its `grants` list sits
in the package, so a file of any size takes little memory; each pass reads the file again from the
start. The parser holds a whole grant, and a whole string, at once: a grant (or anything between two
grants) longer than `MAX_GRANT_BYTES` is refused as soon as that much is read. Spreadsheets are read
into memory once: publishers' spreadsheets hold a few thousand grants (each row bounded as any CSV's).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import ijson  # type: ignore[import-untyped]  # ships no types

from commoncause.funding.threesixty.sheets import read_sheet
from commoncause.sources.base import ImportProblem

try:
    JSON = ijson.get_backend("yajl2_c")  # the C parser: several times faster than the others
except ImportError:  # pragma: no cover - a build of ijson without it
    JSON = ijson
SHEETS = (".xlsx", ".csv")
BOM = b"\xef\xbb\xbf"
BYTES_PER_GRANT = 700  # a grant as funders publish it, written compactly (more when indented)
# A real grant is a few kilobytes; one of 1 MiB (a description of a novel's length) is not one.
MAX_GRANT_BYTES = 1 << 20
_KEY = re.compile(rb'"([^"\\]{1,100})"\s*:')


class _GrantTooLong(Exception):
    """More than `MAX_GRANT_BYTES` of the file read without a grant ending."""


class _BoundedReads:
    """A package file for the parser: reading more than `MAX_GRANT_BYTES` since the last grant ended
    raises `_GrantTooLong`. Keeps the last block read that names a key, to say which field ran on."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self.since_grant = 0
        self.keyed = b""
        self.nul_seen = False  # a NUL written as JSON writes it (\u0000) has been read
        self._tail = b""

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        self.since_grant += len(data)
        if b"\\u0000" in self._tail + data[:8] or b"\\u0000" in data:  # rare: grants are checked then
            self.nul_seen = True
        self._tail = data[-8:]
        if b'":' in data:
            self.keyed = data
        if self.since_grant > MAX_GRANT_BYTES:
            raise _GrantTooLong
        return data

    def last_key(self) -> str | None:
        keys = _KEY.findall(self.keyed)
        return keys[-1].decode("utf-8", "replace") if keys else None


class GrantFile:
    """One 360Giving file, whose grants can be read more than once, in the same order each time."""

    def __init__(self, path: Path) -> None:
        if path.is_dir():
            raise ImportProblem("give one 360Giving file, not a folder", file=path.name)
        self.path = path
        self.unknown_columns: list[str] = []
        self._sheet: list[dict[str, Any]] | None = None
        if path.suffix.lower() in SHEETS:
            self._sheet, self.unknown_columns = read_sheet(path)
        self._stamp = self._stat()

    @property
    def is_package(self) -> bool:
        return self._sheet is None

    @property
    def estimated_grants(self) -> int:
        """About how many grants it holds (a package's size over a typical grant's)."""
        return self.path.stat().st_size // BYTES_PER_GRANT if self._sheet is None else len(self._sheet)

    def grants(self) -> Iterator[Any]:
        """Each grant, as the standard's JSON object (a spreadsheet's rows made into such objects)."""
        if self._sheet is not None:
            yield from self._sheet
            return
        if self._stat() != self._stamp:
            raise ImportProblem("the file changed while it was being imported", file=self.path.name)
        read = 0
        with self._opened() as handle:
            bounded = _BoundedReads(handle)
            try:
                for grant in JSON.items(bounded, "grants.item", use_float=True):
                    read += 1
                    bounded.since_grant = 0
                    if bounded.nul_seen and (field := _nul_at(grant)) is not None:
                        raise ImportProblem(
                            "holds a NUL character (\\u0000), which no text may hold",
                            file=self.path.name,
                            row=read,
                            field=field,
                        )
                    yield grant
            except ijson.JSONError as error:
                raise ImportProblem(
                    f"not a readable JSON file ({_first_line(error)}), after {read} grants",
                    file=self.path.name,
                    row=read + 1,
                ) from None
            except _GrantTooLong:
                raise ImportProblem(
                    f"grant number {read + 1} is longer than {MAX_GRANT_BYTES:,} bytes, the most a grant "
                    "may hold (or the file is not a 360Giving package)",
                    file=self.path.name,
                    row=read + 1,
                    field=bounded.last_key(),
                ) from None

    def has_grants_list(self) -> bool:
        """Whether a package that gave no grants has a `grants` list at all (an empty one)."""
        with self._opened() as handle:
            events = JSON.parse(handle)
            return any(prefix == "grants" and event == "start_array" for prefix, event, _ in events)

    @contextmanager
    def _opened(self) -> Iterator[IO[bytes]]:
        with self.path.open("rb") as handle:
            if handle.read(len(BOM)) != BOM:  # a byte order mark some publishers' tools write
                handle.seek(0)
            yield handle

    def _stat(self) -> tuple[int, int]:
        stat = os.stat(self.path)
        return stat.st_size, stat.st_mtime_ns


def _nul_at(value: Any, where: str = "") -> str | None:
    """Where in a grant a string or a key holds a NUL character ('recipientOrganization/0/name'), or None."""
    if isinstance(value, str):
        return (where or "(the grant)") if "\x00" in value else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        path = f"{where}/{key}" if where else str(key)
        if "\x00" in str(key):
            return path
        if (found := _nul_at(item, path)) is not None:
            return found
    return None


def _first_line(error: Exception) -> str:
    message = error.args[0] if error.args else error
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    return str(message).splitlines()[0] if str(message).strip() else type(error).__name__


def grants_in_file(path: Path) -> list[dict[str, Any]]:
    """Every grant in a small 360Giving file (JSON package, XLSX or CSV), as the standard's objects.

    For evaluation and checks over the shipped samples; imports stream their files instead.
    """
    if path.suffix.lower() != ".json":
        return read_sheet(path)[0]
    grants: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["grants"]
    return grants
