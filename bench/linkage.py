"""Linkage quality and reconciliation speed on the imported national register.

- `linkage_precision`, `linkage_recall`: automatic links on the real labelled set (grant recipients
  from two funders' real 360Giving files with their org-ids hidden, and real companies the lookup
  pairs with charities), matched against the real register records (see
  `linkage.evaluation`). `…_national`: the same records matched with every organisation of
  the generated national register added to the register side.
- `reconcile_index_seconds`: building the reconciliation service's index from the database;
  `reconcile_1000_seconds`: then answering 1,000 names (real recipients' names as funders wrote them,
  and generated charities' names, some in another case or misspelt, some with a postcode) through
  `POST /reconcile` in batches of ten, as OpenRefine sends them.

    DATABASE_URL=… python -m bench.linkage <extract folder>     # prints one JSON object
    DATABASE_URL=… python -m bench.linkage --steps 360giving    # the latest import's steps, timed
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = 1000
BATCH = 10


def _names(folder: Path) -> list[dict]:
    from commoncause.funding.threesixty.files import grants_in_file
    from commoncause.linkage.evaluation import grant_queries

    rng = random.Random(SEED)
    queries: list[dict] = []
    files = sorted((REPO / "tests/data/grants").glob("*.json"))
    for query in grant_queries({path.name: grants_in_file(path) for path in files}):
        entry = query.entry
        queries.append({"query": entry.name, "properties": [{"pid": "postcode", "v": entry.postcode}]})
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    samples = [sample["name"] for sample in summary["samples"]]
    while len(queries) < 1000:
        name = rng.choice(samples)
        roll = rng.random()
        if roll < 0.3:
            name = name.title()
        elif roll < 0.5 and len(name) > 6:
            at = rng.randrange(1, len(name) - 1)
            name = name[:at] + name[at + 1 :]
        queries.append({"query": name})
    return queries[:1000]


def reconcile(folder: Path) -> dict[str, float]:
    from django.test import Client
    from django.test.utils import setup_test_environment

    from commoncause.reconcile.index_cache import current_index

    setup_test_environment()
    start = time.perf_counter()
    current_index()
    built = time.perf_counter() - start
    client = Client()
    names = _names(folder)
    matched = 0
    start = time.perf_counter()
    for at in range(0, len(names), BATCH):
        batch = {f"q{n}": query for n, query in enumerate(names[at : at + BATCH])}
        answer = client.post("/reconcile", {"queries": json.dumps(batch)})
        if answer.status_code != 200:
            raise SystemExit(f"/reconcile answered {answer.status_code}: {answer.content[:300]!r}")
        matched += sum(any(c["match"] for c in found["result"]) for found in answer.json().values())
    seconds = time.perf_counter() - start
    return {
        "reconcile_index_seconds": round(built, 1),
        "reconcile_1000_seconds": round(seconds, 1),
        "reconcile_1000_matched": matched,
    }


def quality() -> dict[str, float]:
    from commoncause.funding.threesixty.files import grants_in_file
    from commoncause.linkage.evaluation import labelled_grant_files, real_evaluation
    from commoncause.linkage.register_index import organisation_entries

    grants = {path.name: grants_in_file(path) for path in labelled_grant_files(REPO)}
    alone = real_evaluation(REPO, grants)
    national = real_evaluation(REPO, grants, background=organisation_entries())
    return {
        "linkage_precision": round(alone.precision, 4),
        "linkage_recall": round(alone.recall, 4),
        "linkage_labelled_records": alone.positives + alone.negatives,
        "linkage_labelled_positives": alone.positives,
        "linkage_precision_national": round(national.precision, 4),
        "linkage_recall_national": round(national.recall, 4),
    }


def steps(kind: str) -> dict[str, float]:
    """Seconds per step of the latest import of this kind, from its notes ('Seconds to link: 40.1')."""
    from commoncause.register.models import ImportRun
    from commoncause.sources.clock import step_seconds

    run = ImportRun.objects.filter(kind=kind).order_by("-pk").first()
    found = step_seconds(getattr(run, "notes", ""))
    names = {"refresh the search index": "search_index"}
    return {names.get(step, step.replace(" ", "_")): seconds for step, seconds in found.items()}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    if sys.argv[1] == "--steps":
        print(json.dumps(steps(sys.argv[2])))
        return
    folder = Path(sys.argv[1])
    print(json.dumps({**quality(), **reconcile(folder)}))


if __name__ == "__main__":
    main()
