"""An Open Referral UK tabular data package: the standard's CSV tables, made into nested documents.

The tables are found by the package's own `datapackage.json`, or, for a folder of the standard's CSVs
without one, by the descriptor shipped with the standard (`data/openreferral/oruk-3.0/`): then a table
it names that is not in the folder is simply empty. Every cell is checked against its field's type and
format in the descriptor (uuid, number, integer, date, date-time, time; required fields given), and
every foreign key (the descriptor's, with a phone's contact and a schedule's service at a location)
must name a row that is there: anything else stops the import, naming the file, row and field. The
tables of optional objects (taxonomies, taxonomy terms) are the exception: a bad row there is skipped,
and a term's taxonomy that is not there dropped, each with a warning (the standard's own example names
a taxonomy it does not give). An attribute whose `link_id` is no service or location in the package is
left out with a warning.

The rows are then assembled into fully nested service documents, as the JSON API gives them, and
checked and imported as a JSON feed's are (`reading`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from commoncause.services.oruk.checking import document_problems
from commoncause.services.oruk.reading import Doc, Feed, Found, refuse
from commoncause.services.oruk.schemas import folder
from commoncause.sources.base import ImportProblem
from commoncause.sources.reading import read_csv_file

OPTIONAL = {"taxonomy", "taxonomy_term"}  # tables whose bad rows are warned of and skipped
IMPLIED_KEYS = (
    ("phone", "contact_id", "contact"),
    ("schedule", "service_at_location_id", "service_at_location"),
)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_WHOLE = re.compile(r"[+-]?\d+")


def shipped_descriptor() -> Path:
    return folder() / "oruk-3.0" / "datapackage.json"


def is_package(path: Path) -> bool:
    """Whether a path is a tabular data package: a folder with a descriptor or CSV files, or a
    descriptor itself."""
    if path.is_file():
        return path.name == "datapackage.json"
    return (path / "datapackage.json").is_file() or any(path.glob("*.csv"))


@dataclass
class Field:
    name: str
    kind: str  # the descriptor's type, or its format when it has one (uuid, email …)
    required: bool
    # How a cell of this kind is read into its JSON value, and what it must be (None: kept as text).
    reader: tuple[Callable[[str], Any], str] | None = None

    def __post_init__(self) -> None:
        self.reader = VALUES.get(self.kind)


@dataclass
class Table:
    """One resource of the package: its fields, foreign keys and checked rows by id."""

    name: str
    file: str
    fields: dict[str, Field]
    keys: list[tuple[str, str]]  # (field, the resource it names)
    rows: dict[str, tuple[int, Doc]] = field(default_factory=dict)


def _resources(descriptor: Path) -> list[dict[str, Any]]:
    try:
        loaded = json.loads(descriptor.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as error:
        raise ImportProblem(
            f"not a readable data package descriptor ({error})", file=descriptor.name
        ) from None
    resources = loaded.get("resources") if isinstance(loaded, dict) else None
    if not isinstance(resources, list):
        raise ImportProblem(
            "a data package descriptor needs a list of resources", file=descriptor.name, field="resources"
        )
    return [resource for resource in resources if isinstance(resource, dict) and resource.get("path")]


def _table(resource: dict[str, Any]) -> Table:
    schema = resource.get("schema") or {}
    fields = {
        str(item["name"]): Field(
            str(item["name"]),
            str(
                item.get("format")
                if item.get("format") not in (None, "default")
                else item.get("type", "string")
            ),
            bool((item.get("constraints") or {}).get("required")),
        )
        for item in schema.get("fields") or []
    }
    keys = [
        (str(key["fields"]), str(key["reference"]["resource"]))
        for key in schema.get("foreignKeys") or []
        if isinstance(key.get("fields"), str)
    ]
    name = str(resource.get("name") or Path(str(resource["path"])).stem)
    keys += [(column, target) for table, column, target in IMPLIED_KEYS if table == name and column in fields]
    return Table(name=name, file=Path(str(resource["path"])).name, fields=fields, keys=keys)


def _number(text: str) -> Any:
    if _WHOLE.fullmatch(text):
        return int(text)
    number = float(text)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(text)
    return number


def _checked(check: Callable[[str], Any]) -> Callable[[str], str]:
    def keep(text: str) -> str:
        check(text)
        return text

    return keep


def _uuid(text: str) -> str:
    if not _UUID.fullmatch(text):
        raise ValueError(text)
    return text


VALUES: dict[str, tuple[Callable[[str], Any], str]] = {  # a type or format: its JSON value, and what it is
    "uuid": (_uuid, "a UUID"),
    "number": (_number, "a number"),
    "integer": (int, "a whole number"),
    "date": (
        _checked(lambda text: dt.date.fromisoformat(text) if len(text) == 10 else int("x")),
        "a date (YYYY-MM-DD)",
    ),
    "datetime": (_checked(dt.datetime.fromisoformat), "a date and time (ISO 8601)"),
    "date-time": (_checked(dt.datetime.fromisoformat), "a date and time (ISO 8601)"),
    "time": (_checked(dt.time.fromisoformat), "a time (HH:MM:SS)"),
}


def _row(table: Table, number: int, raw: dict[str, Any], feed: Feed) -> Doc | None:
    """A row's values in their JSON types (empty cells left out); a bad cell refuses the package, or in
    an optional table skips the row with a warning."""
    row: Doc = {}
    fields = table.fields
    for name, value in raw.items():
        column = fields.get(name)
        if column is None:
            continue
        text = value.strip() if type(value) is str else ""
        if not text:
            if column.required:
                return _bad(table, number, name, "is required and empty", feed)
            continue
        reader = column.reader
        if reader is None:
            row[name] = value  # text as written: the JSON form of the same service keeps its spaces
            continue
        try:
            row[name] = reader[0](text)
        except ValueError:
            return _bad(table, number, name, f"{text[:60]!r} is not {reader[1]}", feed)
    if "id" not in row:
        return _bad(table, number, "id", "is required and empty", feed)
    return row


def _bad(table: Table, number: int, name: str, why: str, feed: Feed) -> Doc | None:
    """No row: a bad cell of an optional table is warned of; of any other, refuses the package."""
    if table.name in OPTIONAL:
        feed.warnings.append(f"{table.file}, row {number}, field '{name}': {why}: the row was skipped.")
        return None
    raise ImportProblem(f"{why}; nothing was imported", file=table.file, row=number, field=name)


def _read(table: Table, path: Path, feed: Feed) -> None:
    csv_table, handle = read_csv_file(path)
    with closing(handle):
        try:
            for number, raw in csv_table.rows:
                row = _row(table, number, raw, feed)
                if row is None:
                    continue
                if str(row["id"]) in table.rows:
                    first = table.rows[str(row["id"])][0]
                    raise ImportProblem(
                        f"the id {row['id']} is also row {first}'s", file=table.file, row=number, field="id"
                    )
                table.rows[str(row["id"])] = (number, row)
        except ImportProblem as problem:
            if problem.row != 2 or "no rows" not in problem.message:  # a table with a header alone is empty
                raise
    feed.documents_read += len(table.rows)


def tables_read(path: Path, feed: Feed) -> dict[str, Table]:
    """Every table of the package, each row checked (see the module's note), by resource name."""
    base = path.parent if path.is_file() else path
    own = base / "datapackage.json"
    descriptor = own if own.is_file() else shipped_descriptor()
    tables = {table.name: table for table in map(_table, _resources(descriptor))}
    read = set()
    for table in tables.values():
        file = base / table.file
        if not file.is_file():
            if own.is_file():
                raise ImportProblem(
                    f"the package names {table.file}, which is not in the folder", file=own.name
                )
            continue
        _read(table, file, feed)
        read.add(file.name)
    if not tables.get("service") or not (base / tables["service"].file).is_file():
        raise ImportProblem("a data package needs its services table (services.csv)", file=base.name)
    others = sorted(file.name for file in base.glob("*.csv") if file.name not in read)
    if others:
        feed.notes.append(f"Files the package's descriptor does not name, not read: {', '.join(others)}.")
    _keys_check(tables, feed)
    return tables


def _keys_check(tables: dict[str, Table], feed: Feed) -> None:
    """Every foreign key names a row that is there (see the module's note)."""
    for table in tables.values():
        for column, target in table.keys:
            held = tables[target].rows if target in tables else {}
            for number, row in table.rows.values():
                value = row.get(column)
                if value is None or str(value) in held:
                    continue
                if table.name in OPTIONAL:
                    feed.warnings.append(
                        f"{table.file}, row {number}, field '{column}': {value} is no row of "
                        f"{tables[target].file if target in tables else target}: left out."
                    )
                    del row[column]
                    continue
                named = tables[target].file if target in tables else target
                raise ImportProblem(
                    f"{value} is no row of {named}; nothing was imported",
                    file=table.file,
                    row=number,
                    field=column,
                )


def package_read(path: Path, feed: Feed) -> None:
    """Read a tabular data package into `feed`: its services as nested documents, each checked."""
    tables = tables_read(path, feed)
    assembler = Assembler(tables, feed)
    services = tables["service"]
    for service_id, (number, row) in services.rows.items():
        document = assembler.service(row)
        found = Found(document, services.file, number)
        if problems := document_problems("service", document):
            raise refuse("service", service_id, found, problems)
        feed.services[service_id].append(found)
        if isinstance(document.get("organization"), dict):
            feed.organisations[str(document["organization"]["id"])].append(
                Found(document["organization"], services.file, number)
            )
    organisations = tables.get("organization")
    for organisation_id, (number, _) in organisations.rows.items() if organisations else ():
        if organisation_id not in feed.organisations:
            found = Found(
                assembler.organisation(organisation_id), organisations.file if organisations else "", number
            )
            feed.organisations[organisation_id].append(found)
    for name, into in (("taxonomy", feed.taxonomies), ("taxonomy_term", feed.terms)):
        if name in tables:
            for row_id, (number, row) in tables[name].rows.items():
                into[row_id].append(Found(row, tables[name].file, number))
    assembler.warn_unlinked()


def _without(row: Doc, *names: str) -> Doc:
    return {key: value for key, value in row.items() if key not in names}


class Assembler:
    """The package's rows grouped by the row they belong to, and made into nested documents."""

    def __init__(self, tables: dict[str, Table], feed: Feed) -> None:
        self.tables = tables
        self.feed = feed
        self.by: dict[tuple[str, str], defaultdict[str, list[Doc]]] = {}
        self.linked: set[str] = set()

    def _rows(self, name: str) -> dict[str, tuple[int, Doc]]:
        table = self.tables.get(name)
        return table.rows if table is not None else {}

    def children(self, name: str, column: str, parent: str) -> list[Doc]:
        """The rows of table `name` whose `column` names `parent`, in file order."""
        key = (name, column)
        if key not in self.by:
            grouped: defaultdict[str, list[Doc]] = defaultdict(list)
            for _, row in self._rows(name).values():
                if column in row:
                    grouped[str(row[column])].append(row)
            self.by[key] = grouped
        return self.by[key].get(parent, [])

    def service(self, row: Doc) -> Doc:
        service_id = str(row["id"])
        document = _without(row, "organization_id")
        if "organization_id" in row:
            document["organization"] = self.organisation(str(row["organization_id"]))
        parts = {
            "schedules": [
                _without(item, "service_id", "service_at_location_id", "location_id")
                for item in self.children("schedule", "service_id", service_id)
            ],
            "service_areas": [
                _without(item, "service_id")
                for item in self.children("service_area", "service_id", service_id)
            ],
            "service_at_locations": [
                self._service_at_location(item)
                for item in self.children("service_at_location", "service_id", service_id)
            ],
            "languages": [
                _without(item, "service_id", "phone_id")
                for item in self.children("language", "service_id", service_id)
            ],
            "funding": [
                _without(item, "service_id") for item in self.children("funding", "service_id", service_id)
            ],
            "cost_options": [
                _without(item, "service_id")
                for item in self.children("cost_option", "service_id", service_id)
            ],
            "contacts": [self._contact(item) for item in self.children("contact", "service_id", service_id)],
            "attributes": self._attributes(service_id),
        }
        return document | {key: value for key, value in parts.items() if value}

    def organisation(self, organisation_id: str) -> Doc:
        number_row = self._rows("organization").get(organisation_id)
        document = dict(number_row[1]) if number_row else {"id": organisation_id}
        identifiers = [
            _without(item, "organization_id")
            for item in self.children("organization_identifier", "organization_id", organisation_id)
        ]
        return document | ({"organization_identifiers": identifiers} if identifiers else {})

    def _service_at_location(self, row: Doc) -> Doc:
        document: Doc = {"id": row["id"]}
        location = self._rows("location").get(str(row.get("location_id")))
        if location is not None:
            document["location"] = self._location(location[1])
        schedules = [
            _without(item, "service_id", "service_at_location_id", "location_id")
            for item in self.children("schedule", "service_at_location_id", str(row["id"]))
            if "service_id" not in item
        ]
        return document | ({"schedules": schedules} if schedules else {})

    def _location(self, row: Doc) -> Doc:
        location_id = str(row["id"])
        parts = {
            "addresses": [
                _without(item, "location_id") for item in self.children("address", "location_id", location_id)
            ],
            "accessibility": [
                _without(item, "location_id")
                for item in self.children("accessibility", "location_id", location_id)
            ],
            "attributes": self._attributes(location_id),
        }
        return dict(row) | {key: value for key, value in parts.items() if value}

    def _contact(self, row: Doc) -> Doc:
        phones = [
            _without(phone, "contact_id") | self._phone_languages(str(phone["id"]))
            for phone in self.children("phone", "contact_id", str(row["id"]))
        ]
        return _without(row, "service_id") | ({"phones": phones} if phones else {})

    def _phone_languages(self, phone_id: str) -> Doc:
        languages = [
            _without(item, "phone_id")
            for item in self.children("language", "phone_id", phone_id)
            if "service_id" not in item
        ]
        return {"languages": languages} if languages else {}

    def _attributes(self, owner: str) -> list[Doc]:
        found = []
        for row in self.children("attribute", "link_id", owner):
            self.linked.add(str(row["id"]))
            term = self._rows("taxonomy_term").get(str(row.get("taxonomy_term_id")))
            attribute = _without(row, "link_id", "taxonomy_term_id")
            given: Doc = (
                {"taxonomy_term": term[1]} if term else {"taxonomy_term_id": row.get("taxonomy_term_id")}
            )
            found.append(attribute | given)
        return found

    def warn_unlinked(self) -> None:
        """Warn of the attributes that belong to no service or location of the package."""
        table = self.tables.get("attribute")
        for row_id, (number, row) in table.rows.items() if table else ():
            if row_id not in self.linked:
                self.feed.warnings.append(
                    f"{table.file if table else ''}, row {number}: attribute {row_id} links to "
                    f"{row.get('link_id')}, no service or location of the package: left out."
                )
