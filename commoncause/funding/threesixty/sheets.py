"""360Giving spreadsheets (XLSX or CSV) read into grants, by the standard's column titles.

Publishers write grants one row each with the titles the standard gives its fields: "Identifier",
"Amount Awarded", "Recipient Org:Identifier", "Grant Programme:Title", "Planned Dates:Duration
(months)" … A title names a field through the titles of the objects it sits in, joined by ":"; a
list of objects holds the row's one object. The titles are read from the schema itself (its local
`$ref`s followed), so a spreadsheet is read exactly as the schema describes. Titles match whatever
their case and spacing ("Grant Programme: Title"); columns the standard does not name are left out
and listed in the run's notes. Numbers and dates become the JSON types the schema asks for.
"""

from __future__ import annotations

import datetime as dt
import json
from contextlib import closing
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

from commoncause.sources.base import ImportProblem
from commoncause.sources.reading import read_csv_file, read_xlsx_file

Path_ = tuple[str | int, ...]
# A spreadsheet is read whole: publishers' hold a few thousand grants (a megabyte or two). One of this size,
# some 90,000 grants, is refused (its grants would take gigabytes), with the advice to import the package.
MAX_SHEET_BYTES = 64 << 20


def _title_key(title: str) -> str:
    return ":".join(" ".join(part.casefold().split()) for part in title.split(":"))


@cache
def column_fields() -> dict[str, tuple[Path_, str]]:
    """Normalised column title -> (path into the grant, JSON type of the value)."""
    folder = Path(settings.DATA_DIR) / "reference" / "360giving"
    schema = json.loads((folder / "360-giving-schema.json").read_text(encoding="utf-8"))
    found: dict[str, tuple[Path_, str]] = {}

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node and node["$ref"].startswith("#/"):
            target: Any = schema
            for part in node["$ref"][2:].split("/"):
                target = target[part]
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return node

    def walk(properties: dict[str, Any], titles: tuple[str, ...], path: Path_, depth: int) -> None:
        for name, raw in properties.items():
            node = resolve(raw)
            title = node.get("title") or raw.get("title")
            if not title or depth > 3:
                continue
            kinds = node.get("type", "string")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if "array" in kinds and isinstance(node.get("items"), dict):
                items = resolve(node["items"])
                if "properties" in items:
                    walk(items["properties"], (*titles, title), (*path, name, 0), depth + 1)
                continue
            if "object" in kinds and "properties" in node:
                walk(node["properties"], (*titles, title), (*path, name), depth + 1)
                continue
            kind = next((k for k in kinds if k != "null"), "string")
            found.setdefault(_title_key(":".join((*titles, title))), ((*path, name), kind))

    walk(schema["properties"], (), (), 0)
    return found


def _json_value(value: Any, kind: str, field: str) -> Any:
    if isinstance(value, dt.datetime):
        if kind == "string" and field in {"awardDate"} and value.time() == dt.time(0):
            return value.date().isoformat()
        return value.replace(tzinfo=value.tzinfo or dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if kind in {"number", "integer"} and isinstance(value, str):
        try:
            number = Decimal(value.replace(",", "").replace("£", "").strip())
        except InvalidOperation:
            return value  # left as written: the schema check names it
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == "string" and not isinstance(value, str):
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return value.strip() if isinstance(value, str) else value


def _put(grant: dict[str, Any], path: Path_, value: Any) -> None:
    target: Any = grant
    for step, following in zip(path, path[1:], strict=False):
        if isinstance(step, int):
            continue
        if isinstance(following, int):
            target = target.setdefault(step, [{}])[0]
        else:
            target = target.setdefault(step, {})
    target[path[-1]] = value


def _one_column_per_field(known: dict[str, Any], file: str) -> None:
    """Two columns whose titles are read as one field are a problem: which to import would be a guess."""
    first: dict[Any, str] = {}
    for title, target in known.items():
        if target is None:
            continue
        if (seen := first.setdefault(target[0], title)) != title:
            raise ImportProblem(
                f"the columns '{seen}' and '{title}' are both read as {'/'.join(map(str, target[0]))}: "
                "keep the one to import",
                file=file,
                row=1,
                field=title,
            )


def read_sheet(path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """The grants in a 360Giving spreadsheet, and the column titles the standard does not name."""
    if (size := path.stat().st_size) > MAX_SHEET_BYTES:
        raise ImportProblem(
            f"the spreadsheet is {size:,} bytes, too big to read whole (at most {MAX_SHEET_BYTES:,}): "
            "import its JSON package instead, which is read grant by grant",
            file=path.name,
        )
    reader = read_xlsx_file if path.suffix.lower() == ".xlsx" else read_csv_file
    table, handle = reader(path)
    fields = column_fields()
    known = {title: fields.get(_title_key(title)) for title in table.header if title}
    _one_column_per_field(known, table.file)
    if not any(known.values()):
        raise ImportProblem("no column has a 360Giving title (such as Identifier)", file=table.file, row=1)
    if "identifier" not in {_title_key(title) for title in known}:
        raise ImportProblem("the Identifier column is missing", file=table.file, row=1, field="Identifier")
    grants = []
    with closing(handle):
        for _number, row in table.rows:
            grant: dict[str, Any] = {}
            for title, value in row.items():
                target = known.get(title)
                if target is None or value is None or (isinstance(value, str) and not value.strip()):
                    continue
                field_path, kind = target
                _put(grant, field_path, _json_value(value, kind, str(field_path[-1])))
            grants.append(grant)
    return grants, [title for title, target in known.items() if target is None]
