"""A labelled evaluation set from real data, and the precision and recall of automatic links.

The register side is real organisations known by number: the Charity Commission sample (name,
postcode, web address), the charities named in the charity–company and dual-registration lookups, the
Northern Ireland sample, each with the other names the Charity Commission holds for it. The records to
match are real grant recipients from funders' 360Giving files (name, postcode, web address as the
funder typed them) with their org-id hidden, and real companies whose charity number the lookup
gives. A record whose org-id is in the register should be linked to it; any other automatic link is a
false one. Precision is the share of automatic links that are right; recall the share of records
that could be linked which were linked, rightly, without a curator.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any  # 360Giving grants are JSON objects

from commoncause.linkage.index import Entry, MatchIndex, make_entry
from commoncause.linkage.score import Outcome, best_matches, outcome


@dataclass
class Query:
    entry: Entry
    truth: str  # the hidden org-id
    source: str


@dataclass
class Evaluation:
    positives: int = 0  # records whose organisation is in the register
    negatives: int = 0
    right: int = 0  # linked automatically to the right organisation
    wrong: int = 0  # linked automatically to another organisation
    queued: int = 0
    queued_right: int = 0  # queued with the right organisation as the best match
    mistakes: list[tuple[str, str, str]] = field(default_factory=list)  # (record, truth, linked to)
    missed: list[tuple[str, str, str]] = field(default_factory=list)  # (record, truth, outcome: best)

    @property
    def precision(self) -> float:
        links = self.right + self.wrong
        return self.right / links if links else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.positives if self.positives else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "records": self.positives + self.negatives,
            "positives": self.positives,
            "linked_right": self.right,
            "linked_wrong": self.wrong,
            "queued": self.queued,
            "queued_right": self.queued_right,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
        }


def _csv(path: Path, encoding: str = "utf-8-sig") -> Iterator[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as handle:
        yield from csv.DictReader(handle)


def _other_names(path: Path) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    with path.open(encoding="utf-8-sig") as handle:
        for line in handle:
            line = line.strip().lstrip(",").strip()
            if line.startswith("{"):
                row = json.loads(line)
                if row.get("linked_charity_number") in (0, None):
                    org_id = f"GB-CHC-{row['registered_charity_number']}"
                    names.setdefault(org_id, []).append(row["charity_name"])
    return names


def register_entries(reference: Path, demo: Path, other_names: Path) -> list[Entry]:
    """The register side: real organisations, once each (the fullest record wins)."""
    extra = _other_names(other_names)
    found: dict[str, dict[str, str]] = {}
    for row in _csv(demo / "ukcat_sample_ccew_2000.csv"):
        found[row["org_id"]] = {"name": row["name"], "postcode": row["postcode"], "website": row["web"]}
    for row in _csv(demo / "ccni-charitydetails-sample.csv", "cp1252"):  # as the regulator publishes it
        address = row["Public address"].rsplit(",", 1)
        found.setdefault(
            f"GB-NIC-{row['Reg charity number']}",
            {
                "name": row["Charity name"],
                "postcode": address[-1] if len(address) > 1 else "",
                "website": row["Website"],
            },
        )
    for row in _csv(reference / "charity-company-numbers.csv"):
        found.setdefault(row["org_id_a"], {"name": row["name"]})
    aliases: dict[str, list[str]] = {}
    for row in _csv(reference / "dual-registered-uk-charities.csv"):
        # One body on two registers is one organisation in the register, under both numbers.
        org_id = f"GB-CHC-{row['E&W Charity Number']}"
        found.setdefault(org_id, {"name": row["Charity Name (E&W)"]})
        aliases.setdefault(org_id, []).append(f"GB-SC-{row['Scottish Charity Number']}")
    for org_id, others in aliases.items():
        for other in others:
            if other in found:
                extra.setdefault(org_id, []).append(found.pop(other)["name"])
    return [
        make_entry(
            key=org_id,
            org_id=org_id,
            other_names=extra.get(org_id, ()),
            aliases=[org_id, *aliases.get(org_id, ())],
            **values,
        )
        for org_id, values in found.items()
    ]


def grant_queries(grants_by_file: Mapping[str, Iterable[dict[str, Any]]]) -> list[Query]:
    """Each funder's recipients with a regulator's org-id, as the funder wrote them, id hidden.

    `grants_by_file` holds each funder's file (by its name) as 360Giving grants, already read.
    """
    queries: list[Query] = []
    for name, grants in grants_by_file.items():
        seen: set[str] = set()
        for grant in grants:
            recipient = (grant.get("recipientOrganization") or [{}])[0]
            org_id = str(recipient.get("id", "")).upper()
            if org_id.startswith(("GB-CHC-", "GB-SC-", "GB-NIC-", "GB-COH-")) and org_id not in seen:
                seen.add(org_id)
                entry = make_entry(
                    key=f"{name}#{org_id}",
                    name=str(recipient.get("name", "")),
                    postcode=str(recipient.get("postalCode", "")),
                    website=str(recipient.get("url", "")),
                )
                queries.append(Query(entry=entry, truth=org_id, source=name))
    return queries


def labelled_grant_files(root: Path) -> list[Path]:
    """The funders' files of the labelled set: the same funder's file in two forms (JSON and XLSX)
    holds the same recipients, so one form is enough."""
    grants = sorted((root / "tests/data/grants").glob("*"))
    return [path for path in grants if not (path.suffix == ".xlsx" and path.with_suffix(".json").exists())]


def company_queries(demo: Path, reference: Path) -> list[Query]:
    """Companies the lookup says are charities, as Companies House holds them, charity number hidden."""
    charity_of = {row["org_id_b"]: row["org_id_a"] for row in _csv(reference / "charity-company-numbers.csv")}
    queries = []
    for row in _csv(demo / "BasicCompanyData-2020-06-01-sample.csv"):
        row = {key.strip(): value for key, value in row.items()}
        org_id = f"GB-COH-{row['CompanyNumber'].strip()}"
        if org_id in charity_of:
            entry = make_entry(key=org_id, name=row["CompanyName"], postcode=row["RegAddress.PostCode"])
            queries.append(Query(entry=entry, truth=charity_of[org_id], source="companies"))
    return queries


def evaluate(index: MatchIndex, queries: Iterable[Query]) -> Evaluation:
    result = Evaluation()
    holder = {alias: entry.org_id for entry in index for alias in entry.extra.get("aliases", [entry.org_id])}
    for query in queries:
        truth = holder.get(query.truth)
        positive = truth is not None
        result.positives += positive
        result.negatives += not positive
        found = best_matches(index, query.entry)
        decided = outcome(found)
        best = found[0].candidate.org_id if found else ""
        if decided is Outcome.AUTO:
            if best == truth:
                result.right += 1
            else:
                result.wrong += 1
                result.mistakes.append((query.entry.name, query.truth, f"{best} {found[0].candidate.name}"))
        elif decided is Outcome.QUEUE:
            result.queued += 1
            result.queued_right += best == truth
        if positive and decided is not Outcome.AUTO:
            result.missed.append(
                (query.entry.name, query.truth, f"{decided}: {found[0].candidate.name if found else ''}")
            )
    return result


def real_evaluation(
    root: Path, grants_by_file: Mapping[str, Iterable[dict[str, Any]]], background: Iterable[Entry] = ()
) -> Evaluation:
    """The labelled set shipped with the project, optionally among many more organisations.

    `grants_by_file` is the funders' files of `labelled_grant_files`, read. A background organisation
    holding an org-id the labelled set uses (a generated register reuses real numbers) is left out:
    the real record is the one that holds it.
    """
    index = MatchIndex(register_entries(root / "data/reference", root / "data/demo", _other_names_file(root)))
    queries = [*grant_queries(grants_by_file), *company_queries(root / "data/demo", root / "data/reference")]
    used = {alias for entry in index for alias in entry.extra.get("aliases", [entry.org_id])}
    used |= {query.truth for query in queries}
    for entry in background:
        if not used.intersection(entry.extra.get("org_ids") or [entry.org_id]):
            index.add(entry)
    return evaluate(index, queries)


def _other_names_file(root: Path) -> Path:
    return root / "tests/data/ccew_json/publicextract.charity_other_names.subset.json"
