"""An Open Referral UK feed read into the objects it describes, each checked against the standard.

A JSON feed is a file or a folder of files (every `*.json`, in name order) as the ORUK validator's
mocks lay one out: `api_details.json`, pages of lists (`{"total_items": …, "contents": […]}`) and whole
objects. Each document, and each item of a page, is told by its shape, not its file's name: a service
has a `status`; a service at a location a `service` or `location`; a taxonomy `taxonomy_terms` or a
`version`; a taxonomy term a `term`, `taxonomy_id`, `parent_id` or `taxonomy`; an organisation
`organization_identifiers`, `services` or the organisation's own fields. A document that is none of
these (the validator's dashboard files) is skipped and named in the run's notes.

Services are never optional: one the schema refuses (whole, as a list item, inside a service at a
location or an organisation) stops the import, naming the file, the service's id and the field. So do
an `api_details` the schema refuses and an organisation document. A taxonomy, a taxonomy term or an
item of a page of organisations the schema refuses is skipped with a warning. The same id met more
than once is one object: its documents are merged, the fuller (more values) over the shallower.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from commoncause.services.oruk.checking import document_problems
from commoncause.services.oruk.schemas import Problem
from commoncause.sources.base import ImportProblem

Doc = dict[str, Any]
API_KEYS = {"version", "profile", "openapi_url"}
TERM_KEYS = {"term", "taxonomy_id", "parent_id", "taxonomy"}
ORGANISATION_KEYS = {
    "organization_identifiers",
    "services",
    "website",
    "logo",
    "parent_organization_id",
    "email",
}
SHOWN = 5  # problems named in one message
LISTED, NESTED, WHOLE = 0, 1, 2  # a page's item; an object inside another; a document of its own
_REQUIRED = re.compile(r"'([^']+)' is a required property")


@dataclass
class Found:
    """One document of an object, and where it was."""

    document: Doc
    file: str
    row: int | None = None  # a CSV row; a JSON document is named by its id
    rank: int = WHOLE  # how surely it is the object whole: WHOLE, NESTED (in another object) or LISTED


@dataclass
class Feed:
    """The objects a feed describes, by id, each with every document given of it."""

    name: str
    services: defaultdict[str, list[Found]] = field(default_factory=lambda: defaultdict(list))
    organisations: defaultdict[str, list[Found]] = field(default_factory=lambda: defaultdict(list))
    taxonomies: defaultdict[str, list[Found]] = field(default_factory=lambda: defaultdict(list))
    terms: defaultdict[str, list[Found]] = field(default_factory=lambda: defaultdict(list))
    # services at locations given apart from their service, by the service's id
    placed: defaultdict[str, list[Doc]] = field(default_factory=lambda: defaultdict(list))
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    documents_read: int = 0

    def warn(self, kind: str, label: str, file: str, problems: list[Problem], what: str = "skipped") -> None:
        self.warnings.append(f"{file}: {kind} {label} breaks the standard ({described(problems)}): {what}.")


def described(problems: list[Problem]) -> str:
    shown = "; ".join(str(problem) for problem in problems[:SHOWN])
    return shown + (f" (and {len(problems) - SHOWN} more)" if len(problems) > SHOWN else "")


def refuse(kind: str, label: str, found: Found, problems: list[Problem]) -> ImportProblem:
    """The run's end: a service (or what carries one) the standard's schema refuses."""
    where = f"row {found.row}" if found.row is not None else f"{kind} {label}".strip()
    return ImportProblem(
        f"{where} breaks the Open Referral UK schema, so nothing was imported: {described(problems)}",
        file=found.file,
        row=found.row,
        field=problem_field(problems[0]),
    )


def problem_field(problem: Problem) -> str:
    """The field a problem is about: the missing one itself when one is required ('profile')."""
    missing = _REQUIRED.match(problem.message)
    if missing is None:
        return problem.path
    return missing.group(1) if problem.path == "(top)" else f"{problem.path}/{missing.group(1)}"


def size(value: Any) -> int:
    """How many values a document holds, nested ones included: the fuller of two has more."""
    if isinstance(value, dict):
        return sum(size(item) for item in value.values()) + 1
    if isinstance(value, list):
        return sum(size(item) for item in value) + 1
    return 1


def merged(found: list[Found]) -> Doc:
    """One object's documents as one: each key from the fullest document that gives it."""
    if len(found) == 1:
        return found[0].document
    document: Doc = {}
    for item in sorted(found, key=lambda each: (each.rank, size(each.document))):
        document.update(item.document)
    return document


def shape(document: Any) -> str:
    """What kind of Open Referral object a document is ('' for none)."""
    if not isinstance(document, dict):
        return ""
    if "contents" in document and isinstance(document["contents"], list):
        return "page"
    if "id" not in document:
        return "api_details" if document.keys() & API_KEYS and "name" not in document else ""
    keys = document.keys()
    if "status" in keys:
        return "service"
    if isinstance(document.get("service"), dict) or isinstance(document.get("location"), dict):
        return "service_at_location"
    if "taxonomy_terms" in keys or "version" in keys:
        return "taxonomy"
    if keys & TERM_KEYS:
        return "taxonomy_term"
    if keys & ORGANISATION_KEYS or {"name", "description"} <= keys:
        return "organization"
    return ""


def _label(document: Any) -> str:
    return str(document.get("id", "(no id)")) if isinstance(document, dict) else "(not an object)"


def json_files(path: Path) -> list[Path]:
    """The feed's JSON files: the one given, or every `*.json` of the folder in name order."""
    if path.is_file():
        return [path]
    files = sorted(child for child in path.iterdir() if child.suffix.lower() == ".json" and child.is_file())
    if not files:
        raise ImportProblem("the folder holds no JSON files (nor a data package's CSV files)", file=path.name)
    return files


def feed_read(path: Path, feed: Feed) -> Doc | None:
    """Read every JSON document of the feed into `feed`; the `api_details` it gives, if any."""
    api_details: Doc | None = None
    for file in json_files(path):
        try:
            document = orjson.loads(file.read_bytes())
        except orjson.JSONDecodeError as error:
            raise ImportProblem(f"not a readable JSON file ({error})", file=file.name) from None
        kind = shape(document)
        feed.documents_read += 1
        if kind == "api_details":
            api_details = _api_details(document, file.name)
        elif kind == "page":
            _page_add(feed, document, file.name)
        elif kind:
            object_add(feed, kind, document, Found(document, file.name), listed=False)
        else:
            feed.skipped.append(file.name)
    return api_details


def _api_details(document: Doc, file: str) -> Doc:
    if problems := document_problems("api_details", document):
        raise refuse("api_details", "", Found(document, file), problems)
    return document


def _page_add(feed: Feed, page: Doc, file: str) -> None:
    if problems := document_problems(
        "page", {key: value for key, value in page.items() if key != "contents"} | {"contents": []}
    ):
        feed.warnings.append(
            f"{file}: its page wrapper breaks the standard ({described(problems)}): its items are read."
        )
    for position, item in enumerate(page["contents"]):
        kind = shape(item)
        if not kind or kind in {"page", "api_details"}:
            feed.warnings.append(f"{file}: item {position} of the page is no Open Referral object: skipped.")
            continue
        object_add(feed, kind, item, Found(item, file, rank=LISTED), listed=True)


def object_add(feed: Feed, kind: str, document: Doc, found: Found, *, listed: bool) -> None:
    """Check one object (a list item when `listed`) and keep it, with what it holds, under its id."""
    if kind == "service":
        service_add(feed, document, found, checked_as="service_list_item" if listed else "service")
    elif kind == "service_at_location":
        _service_at_location_add(feed, document, found, listed=listed)
    elif kind == "organization":
        _organisation_add(feed, document, found, listed=listed)
    elif kind == "taxonomy":
        _optional_add(feed, "taxonomy", document, found, feed.taxonomies)
        for term in document.get("taxonomy_terms") or []:
            if isinstance(term, dict) and "id" in term:
                nested = Found(
                    {"taxonomy_id": document["id"], **term}, found.file, rank=min(found.rank, NESTED)
                )
                feed.terms[str(term["id"])].append(nested)
    else:
        _optional_add(feed, "taxonomy_term", document, found, feed.terms)


def service_add(feed: Feed, document: Doc, found: Found, *, checked_as: str | None) -> None:
    """Keep a service (checked first as `checked_as`, unless its carrier was) and its organisation."""
    if checked_as and (problems := document_problems(checked_as, document)):
        raise refuse("service", _label(document), found, problems)
    feed.services[str(document["id"])].append(found)
    organisation = document.get("organization")
    if isinstance(organisation, dict) and "id" in organisation:
        feed.organisations[str(organisation["id"])].append(
            Found(organisation, found.file, found.row, min(found.rank, NESTED))
        )


def _service_at_location_add(feed: Feed, document: Doc, found: Found, *, listed: bool) -> None:
    kind = "service_at_location_list_item" if listed else "service_at_location"
    if problems := document_problems(kind, document):
        raise refuse("service at location", _label(document), found, problems)
    service = document.get("service")
    service_id = service.get("id") if isinstance(service, dict) else document.get("service_id")
    if isinstance(service, dict):
        if problems := document_problems("service", service):
            raise refuse("service", _label(service), Found(service, found.file), problems)
        service_add(feed, service, Found(service, found.file, rank=min(found.rank, NESTED)), checked_as=None)
    if service_id is not None:
        placed = {key: value for key, value in document.items() if key not in {"service", "service_id"}}
        feed.placed[str(service_id)].append(placed)


def _organisation_add(feed: Feed, document: Doc, found: Found, *, listed: bool) -> None:
    if listed:
        if problems := document_problems("organization_list_item", document):
            feed.warn("organisation", _label(document), found.file, problems)
            return
    elif problems := document_problems("organization", document):
        place = problems[0].path.split("/")
        services = document.get("services")
        if place[0] == "services" and len(place) > 1 and isinstance(services, list):
            raise refuse("service", _label(services[int(place[1])]), found, problems)
        raise refuse("organisation", _label(document), found, problems)
    own = {key: value for key, value in document.items() if key != "services"}
    feed.organisations[str(document["id"])].append(Found(own, found.file, found.row, found.rank))
    for service in document.get("services") or []:
        if isinstance(service, dict) and "id" in service:
            with_organisation = {**service, "organization": service.get("organization") or own}
            nested = Found(with_organisation, found.file, rank=min(found.rank, NESTED))
            service_add(feed, with_organisation, nested, checked_as=None)


def _optional_add(
    feed: Feed, kind: str, document: Doc, found: Found, into: defaultdict[str, list[Found]]
) -> None:
    if problems := document_problems(kind, document):
        feed.warn(kind.replace("_", " "), _label(document), found.file, problems)
        return
    into[str(document["id"])].append(found)


def service_documents(feed: Feed) -> dict[str, Doc]:
    """Each service as one document: its documents merged, with the services at locations given apart
    from it added (those it does not hold already)."""
    documents = {}
    for service_id, found in feed.services.items():
        document = merged(found)
        extra = feed.placed.get(service_id, [])
        held = {
            str(item.get("id"))
            for item in document.get("service_at_locations") or []
            if isinstance(item, dict)
        }
        added = [item for item in extra if str(item.get("id")) not in held]
        if added:
            document = {
                **document,
                "service_at_locations": [*(document.get("service_at_locations") or []), *added],
            }
        documents[service_id] = document
    return documents
