"""Search documents: one flat row per organisation, read from the register in chunks.

A document holds the folded text to index (names; activities and objects) and the facet values the
search counts, so a search never joins the register's tables.
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from uuid import UUID

from commoncause.register.income_bands import income_band_for
from commoncause.register.models import (
    AreaOfOperation,
    Classification,
    ClassificationCode,
    Organisation,
    OtherName,
)
from commoncause.register.search.facets import (
    AREA_LABEL_SEPARATOR,
    CLASSIFICATION_FACETS,
    CLASSIFICATION_SCHEME,
    area_value,
)
from commoncause.register.search.text import index_text, name_key

CHUNK = 5000
FACET_SEPARATOR = "\t"
# How much of the objects text is indexed: the opening sets out the purposes, the rest is boilerplate.
OBJECTS_INDEXED_CHARACTERS = 300


@dataclass(frozen=True)
class Document:
    organisation_id: UUID
    names: str
    body: str
    name_hash: int
    sort_name: str
    name_length: int
    legal_form: str
    status: str
    income: int | None
    income_band: str
    facet_tokens: str


def name_hash(key: str) -> int:
    """A stable signed 64-bit hash of a folded name, to spot exact name matches."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)


def _facet_tokens(organisation_id: UUID, related: dict[str, dict[UUID, list[str]]]) -> str:
    values = [
        f"{facet}:{value}" for facet, by_org in related.items() for value in by_org.get(organisation_id, ())
    ]
    return FACET_SEPARATOR.join(dict.fromkeys(values))


def _related(ids: list[UUID], kinds: dict[str, str]) -> tuple[dict[UUID, list[str]], dict[str, dict]]:
    other_names: dict[UUID, list[str]] = defaultdict(list)
    for org_id, name in OtherName.objects.filter(organisation_id__in=ids).values_list(
        "organisation_id", "name"
    ):
        other_names[org_id].append(name)
    facets: dict[str, dict[UUID, list[str]]] = {
        facet: defaultdict(list) for facet in (*CLASSIFICATION_FACETS, "area")
    }
    codes = Classification.objects.filter(organisation_id__in=ids, scheme=CLASSIFICATION_SCHEME)
    for org_id, code in codes.values_list("organisation_id", "code"):
        if code in kinds:
            facets[kinds[code]][org_id].append(code)
    areas = AreaOfOperation.objects.filter(organisation_id__in=ids)
    for org_id, name, gss in areas.values_list("organisation_id", "name", "gss_code"):
        facets["area"][org_id].append(area_value(name, gss) + AREA_LABEL_SEPARATOR + name)
    return other_names, facets


def _documents(rows: list[tuple], kinds: dict[str, str]) -> Iterator[Document]:
    other_names, facets = _related([row[0] for row in rows], kinds)
    for org_id, name, legal_form, status, income, activities, objects in rows:
        key = name_key(name)
        names = " ".join([key, *(index_text(other) for other in other_names.get(org_id, ()))])
        yield Document(
            organisation_id=org_id,
            names=names,
            body=index_text(f"{activities} {objects[:OBJECTS_INDEXED_CHARACTERS]}"),
            name_hash=name_hash(key),
            sort_name=key,
            name_length=max(1, len(key.split())),
            legal_form=legal_form,
            status=status,
            income=income,
            income_band=income_band_for(income),
            facet_tokens=_facet_tokens(org_id, facets),
        )


def documents(organisation_ids: Iterable[UUID] | None = None) -> Iterator[list[Document]]:
    """Yield the documents of these organisations (all when None), a chunk at a time."""
    kinds = dict(
        ClassificationCode.objects.filter(
            scheme=CLASSIFICATION_SCHEME, kind__in=CLASSIFICATION_FACETS
        ).values_list("code", "kind")
    )
    columns = ("id", "name", "legal_form", "status", "latest_income", "activities", "charitable_objects")
    orgs = Organisation.objects.order_by("id").values_list(*columns)
    if organisation_ids is None:
        last = None
        while rows := list((orgs.filter(id__gt=last) if last else orgs)[:CHUNK]):
            last = rows[-1][0]
            yield list(_documents(rows, kinds))
        return
    wanted = list(dict.fromkeys(organisation_ids))
    for start in range(0, len(wanted), CHUNK):
        rows = list(orgs.filter(id__in=wanted[start : start + CHUNK]))
        yield list(_documents(rows, kinds))
