"""The register as an OpenRefine reconciliation service (Reconciliation Service API 0.2).

Each organisation is an entity whose id is its canonical org-id (GB-CHC-…, GB-SC-…, GB-COH-…), so
reconciled columns line up with other services that speak org-ids, such as Find that Charity. Types
are kinds of body; a query may add properties (`postcode`, `website`, `orgid_prefix`) that sharpen
the scores or narrow the candidates. Scores run from 0 to 100; `match` is true only for a best
candidate the matcher would link without a curator. A query written as an identifier or a register's
number ("GB-CHC-1140543", "1140543", "SC012345") gives the organisations holding it first, scored 100
(and a match when only one holds it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from commoncause.linkage.index import Entry, MatchIndex, make_entry
from commoncause.linkage.score import Outcome, compare, outcome
from commoncause.register.identifiers import identifier_forms
from commoncause.register.models import AreaOfOperation, Organisation, OrgIdentifier

CHARITY_PREFIXES = ("GB-CHC-", "GB-SC-", "GB-NIC-")
TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    # id: (name, org-id prefixes an organisation of this type holds; none = any)
    "/organisation": ("Organisation", ()),
    "/charity": ("Registered charity", CHARITY_PREFIXES),
    "/company": ("Company", ("GB-COH-",)),
    "/community-group": ("Community group on no register", ("GB-LOCAL-",)),
}
DEFAULT_TYPE = "/organisation"
QUERY_PROPERTIES = {
    "postcode": "Postcode",
    "website": "Web address or e-mail address",
    "orgid_prefix": "Org-id prefix (GB-CHC, GB-SC, GB-NIC, GB-COH, GB-LOCAL …)",
}
EXTEND_PROPERTIES = {
    "income": ("Latest income (£)", "The income in the latest accounts a register holds."),
    "spending": ("Latest spending (£)", "The spending in the latest accounts a register holds."),
    "postcode": ("Postcode", "The postcode of the address the register holds."),
    "ward": ("Ward", "The electoral ward the organisation works in, where the register knows it."),
    "legal_form": ("Legal form", "Charitable company, CIO, trust, community interest company …"),
    "status": ("Status", "Registered, removed, or not known."),
    "date_registered": ("Date registered", "When the register first recorded it."),
    "org_ids": ("Org-ids", "Every identifier the organisation is known by."),
}
DEFAULT_LIMIT = 5
MOST = 100
SEARCHED = 40  # candidates compared for each query
SEARCHED_FILTERED = 200  # when a type or prefix narrows them
IDENTIFIER_POINTS = 20.0  # the evidence of an identifier the organisation holds: as strong as a whole name


class QueryError(ValueError):
    """A query the service cannot answer; the message says which part and why."""


def manifest(base: str) -> dict[str, Any]:
    return {
        "versions": ["0.2"],
        "name": "Common Cause register of the voluntary and community sector",
        "identifierSpace": "https://org-id.guide/",
        "schemaSpace": "https://org-id.guide/",
        "view": {"url": f"{base}/organisations/{{{{id}}}}/"},
        "preview": {"url": f"{base}/reconcile/preview?id={{{{id}}}}", "width": 430, "height": 300},
        "defaultTypes": [{"id": DEFAULT_TYPE, "name": TYPES[DEFAULT_TYPE][0]}],
        "suggest": {
            "entity": {
                "service_url": base,
                "service_path": "/reconcile/suggest/entity",
                "flyout_service_path": "/reconcile/flyout/entity?id=${id}",
            },
            "type": {"service_url": base, "service_path": "/reconcile/suggest/type"},
            "property": {"service_url": base, "service_path": "/reconcile/suggest/property"},
        },
        "extend": {
            "propose_properties": {"service_url": base, "service_path": "/reconcile/extend/propose"},
            "property_settings": [],
        },
    }


def _held(entry: Entry) -> list[str]:
    """Every org-id the organisation holds."""
    return entry.extra.get("org_ids") or [entry.org_id]


def types_of(entry: Entry) -> list[dict[str, str]]:
    """The types the organisation is of ("Organisation" alone when none narrower)."""
    held = _held(entry)
    found = [
        {"id": key, "name": name}
        for key, (name, _) in TYPES.items()
        if key != DEFAULT_TYPE and _has_type(held, key)
    ]
    return found or [{"id": DEFAULT_TYPE, "name": TYPES[DEFAULT_TYPE][0]}]


def _description(entry: Entry) -> str:
    status = str(entry.extra.get("status", ""))
    parts = [entry.kind, _postcode(entry.postcode), "" if status == "unknown" else status.capitalize()]
    return " · ".join(part for part in parts if part)


@dataclass
class _Query:
    text: str
    types: tuple[str, ...]
    strict: str
    limit: int
    postcode: str = ""
    website: str = ""
    prefixes: tuple[str, ...] = ()

    @property
    def narrowed(self) -> bool:
        typed = self.strict != "should" and any(kind != DEFAULT_TYPE for kind in self.types)
        return typed or bool(self.prefixes)


def _values(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [str(v.get("id", "") if isinstance(v, dict) else v).strip() for v in values]


def _parse(key: str, query: dict[str, Any]) -> _Query:
    """A query as the service uses it. Types it does not have match no organisation; properties it does
    not know are ignored (they cannot count for or against a candidate)."""
    kinds = query.get("type") or []
    kinds = (kinds,) if isinstance(kinds, str) else tuple(kinds)
    limit = query.get("limit", DEFAULT_LIMIT)
    if limit < 1:
        raise QueryError(f"{key}: limit must be 1 or more")
    parsed = _Query(
        text=str(query.get("query", "")),
        types=kinds,
        strict=query.get("type_strict", "any"),
        limit=min(int(limit), MOST),
    )
    for prop in query.get("properties", []):
        pid, values = prop["pid"], [value for value in _values(prop["v"]) if value]
        if pid == "postcode" and values:
            parsed.postcode = values[0]
        elif pid == "website" and values:
            parsed.website = values[0]
        elif pid == "orgid_prefix":
            parsed.prefixes = tuple(f"{value.upper().rstrip('-')}-" for value in values)
    return parsed


def _has_type(held: list[str], kind: str) -> bool:
    if kind == DEFAULT_TYPE:
        return True
    prefixes = TYPES[kind][1] if kind in TYPES else ()
    return bool(prefixes) and any(org_id.startswith(prefixes) for org_id in held)


def _wanted(entry: Entry, query: _Query) -> bool:
    held = _held(entry)
    if query.prefixes and not any(org_id.startswith(query.prefixes) for org_id in held):
        return False
    if not query.types or query.strict == "should":
        return True
    test = all if query.strict == "all" else any
    return test(_has_type(held, kind) for kind in query.types)


def _postcode(compact: str) -> str:
    return f"{compact[:-3]} {compact[-3:]}" if compact else ""


def _identified(index: MatchIndex, text: str) -> list[Entry]:
    """The organisations holding an identifier the query is written as, as the index holds them."""
    forms = identifier_forms(text)
    if not forms:
        return []
    owners = OrgIdentifier.objects.filter(org_id__in=forms).values_list("organisation_id", flat=True)
    entries = (index.get(owner) for owner in dict.fromkeys(owners))
    return sorted((entry for entry in entries if entry is not None), key=lambda entry: entry.name)


def _candidate(entry: Entry, score: float, match: bool, points: float) -> dict[str, Any]:
    return {
        "id": entry.org_id,
        "name": entry.name,
        "description": _description(entry),
        "score": score,
        "match": match,
        "type": types_of(entry),
        "features": [{"id": "evidence_points", "value": points}],
    }


def reconcile_one(index: MatchIndex, key: str, query: dict[str, Any]) -> list[dict[str, Any]]:
    parsed = _parse(key, query)
    identified = [entry for entry in _identified(index, parsed.text) if _wanted(entry, parsed)]
    by_number = [_candidate(entry, 100.0, len(identified) == 1, IDENTIFIER_POINTS) for entry in identified]
    record = make_entry(key=object(), name=parsed.text, postcode=parsed.postcode, website=parsed.website)
    candidates = index.candidates(record, limit=SEARCHED_FILTERED if parsed.narrowed else SEARCHED)
    given = {entry.key for entry in identified}
    found = [
        compare(index, record, entry)
        for entry in candidates
        if entry.key not in given and _wanted(entry, parsed)
    ]
    found.sort(key=lambda comparison: (-comparison.points, comparison.candidate.name))
    certain = outcome(found) is Outcome.AUTO and not identified
    by_name = [
        _candidate(
            comparison.candidate,
            round(100 * comparison.probability, 1),
            certain and position == 0,
            comparison.points,
        )
        for position, comparison in enumerate(found)
    ]
    return [*by_number, *by_name][: parsed.limit]


def reconcile_batch(index: MatchIndex, queries: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {key: {"result": reconcile_one(index, key, query)} for key, query in queries.items()}


def suggestion(org_id: str, name: str, kind: str, postcode: str) -> dict[str, str]:
    compact = postcode.replace(" ", "").upper()
    return {"id": org_id, "name": name, "description": " · ".join(p for p in (kind, _postcode(compact)) if p)}


def suggest_types(prefix: str) -> dict[str, Any]:
    prefix = prefix.casefold()
    return {
        "result": [
            {"id": key, "name": name}
            for key, (name, _) in TYPES.items()
            if prefix in name.casefold() or prefix in key
        ]
    }


def suggest_properties(prefix: str) -> dict[str, Any]:
    prefix = prefix.casefold()
    both = {**QUERY_PROPERTIES, **{key: name for key, (name, _) in EXTEND_PROPERTIES.items()}}
    return {
        "result": [
            {"id": key, "name": name}
            for key, name in both.items()
            if prefix in name.casefold() or prefix in key
        ]
    }


def propose_properties(kind: str, limit: int | None) -> dict[str, Any]:
    if kind and kind not in TYPES:
        raise QueryError(f"type {kind!r} is not one of {', '.join(TYPES)}")
    properties = [
        {"id": key, "name": name, "description": description}
        for key, (name, description) in EXTEND_PROPERTIES.items()
    ]
    answer: dict[str, Any] = {"properties": properties[:limit] if limit else properties}
    if kind:
        answer["type"] = kind
    if limit:
        answer["limit"] = limit
    return answer


def organisations_by_id(ids: Iterable[str]) -> dict[str, Organisation]:
    """The organisations these org-ids (or record numbers) name, each linked record led to its body."""
    wanted = list(dict.fromkeys(ids))
    found: dict[str, Organisation] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        holders = OrgIdentifier.objects.filter(org_id__in=[i.upper() for i in chunk]).select_related(
            "organisation", "organisation__merged_into"
        )
        by_org_id = {holder.org_id: holder.organisation for holder in holders}
        for requested in chunk:
            organisation = by_org_id.get(requested.upper())
            if organisation is not None:
                found[requested] = organisation.merged_into or organisation
    return found


def _date(value: dt.date | None) -> list[dict[str, Any]]:
    return [{"date": f"{value.isoformat()}T00:00:00Z"}] if value else []


def _related(found: dict[str, Organisation], asked: list[str]) -> dict[str, dict[Any, list[Any]]]:
    """The wards and identifiers of these organisations, when asked for."""
    keys = [organisation.pk for organisation in found.values()]
    related: dict[str, dict[Any, list[Any]]] = {"ward": {}, "org_ids": {}}
    if "ward" in asked:
        for area in AreaOfOperation.objects.filter(organisation__in=keys, area_type__iexact="ward"):
            related["ward"].setdefault(area.organisation_id, []).append(area)
    if "org_ids" in asked:
        held = OrgIdentifier.objects.filter(organisation__in=keys).values_list("organisation_id", "org_id")
        for owner, org_id in held:
            related["org_ids"].setdefault(owner, []).append(org_id)
    return related


def _property_values(
    organisation: Organisation, pid: str, related: dict[str, dict[Any, list[Any]]]
) -> list[dict[str, Any]]:
    if pid in ("income", "spending"):
        amount = organisation.latest_income if pid == "income" else organisation.latest_spending
        return [] if amount is None else [{"int": int(amount)}]
    if pid == "ward":
        return [
            {"id": area.gss_code, "name": area.name} if area.gss_code else {"str": area.name}
            for area in related["ward"].get(organisation.pk, [])
        ]
    if pid == "org_ids":
        return [{"str": org_id} for org_id in sorted(related["org_ids"].get(organisation.pk, []))]
    if pid == "date_registered":
        return _date(organisation.date_registered)
    if pid == "status":
        return [{"str": organisation.get_status_display()}]
    text = {"postcode": organisation.postcode, "legal_form": organisation.legal_form}.get(pid, "")
    return [{"str": text}] if text else []  # a property the register does not have: no values


def extend(query: dict[str, Any]) -> dict[str, Any]:
    """Values of the asked-for properties for each id (an empty list where the register holds none)."""
    asked = [prop["id"] for prop in query["properties"]]
    found = organisations_by_id(query["ids"])
    related = _related(found, asked)
    rows = {
        requested: {
            pid: _property_values(found[requested], pid, related) if requested in found else []
            for pid in asked
        }
        for requested in query["ids"]
    }
    meta = [{"id": pid, "name": EXTEND_PROPERTIES.get(pid, (pid,))[0]} for pid in asked]
    return {"meta": meta, "rows": rows}
