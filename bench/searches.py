"""A fixed set of about 50 searches over the imported register, timed.

Words and phrases are drawn with a fixed seed from the generated charities' names and activities
(`summary.json` of the extract); some are misspelt, some filter by a facet, some sort by income. Each
query is a fresh `SearchQuery` through `register.selectors.organisation_search`, run once to warm up,
then timed several times.

    DATABASE_URL=… python -m bench.searches <extract folder>     # prints one JSON object
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

SEED = 50
REPEATS = 5
STOP_WORDS = {"the", "and", "for", "of", "to", "in", "with", "trust", "charity", "fund", "limited", "ltd"}


def queries(samples: list[dict], facets: dict[str, list[str]]) -> list[tuple[str, dict, str]]:
    """(text, filters, sort) for each search, the same every run."""
    rng = random.Random(SEED)
    names = [_words(sample["name"]) for sample in samples if _words(sample["name"])]
    activities = [word for sample in samples for word in _words(sample["activities"])]
    name_words = [word for words in names for word in words]
    found: list[tuple[str, dict, str]] = []
    found += [(rng.choice(name_words), {}, "relevance") for _ in range(18)]
    for words in rng.sample([w for w in names if len(w) > 1], 10):
        at = rng.randrange(len(words) - 1)
        found.append((f"{words[at]} {words[at + 1]}", {}, "relevance"))
    found += [(rng.choice(activities), {}, "relevance") for _ in range(6)]
    found += [
        (_misspelt(rng, rng.choice([w for w in name_words if len(w) > 5])), {}, "relevance") for _ in range(6)
    ]
    for facet in ("legal_form", "status", "what", "area", "income_band"):
        if facets.get(facet):
            found.append((rng.choice(name_words), {facet: (rng.choice(facets[facet][:5]),)}, "relevance"))
    found += [(rng.choice(name_words), {}, "income") for _ in range(4)]
    if facets.get("what"):
        found.append(("", {"what": (facets["what"][0],)}, "name"))
    return found


def _words(text: str) -> list[str]:
    return [word for word in re.findall(r"[A-Za-z]{4,}", text) if word.lower() not in STOP_WORDS]


def _misspelt(rng: random.Random, word: str) -> str:
    at = rng.randrange(1, len(word) - 1)
    if rng.random() < 0.5:
        return word[:at] + word[at + 1 :]  # a letter left out
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]  # two letters swapped


def run(folder: Path) -> dict:
    from commoncause.register.models import ImportRun, Organisation
    from commoncause.register.search.types import SearchQuery

    try:
        from commoncause.register.selectors import organisation_search
    except ImportError:
        return {"error": "commoncause.register.selectors.organisation_search does not exist yet"}
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    everything = organisation_search(SearchQuery())
    facets = {name: [value.value for value in values] for name, values in everything.facets.items()}
    timings: list[float] = []
    for text, filters, sort in queries(summary["samples"], facets):
        organisation_search(SearchQuery(q=text, filters=filters, sort=sort))
        for _ in range(REPEATS):
            start = time.perf_counter()
            organisation_search(SearchQuery(q=text, filters=filters, sort=sort))
            timings.append((time.perf_counter() - start) * 1000)
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return {
        "searches": len(timings) // REPEATS,
        "search_p50_ms": round(statistics.median(timings), 1),
        "search_p95_ms": round(cuts[94], 1),
        "organisations": Organisation.objects.count(),
        "timings": _timings(ImportRun.objects.filter(kind="ccew").order_by("pk").first()),
    }


def _timings(run: object) -> dict[str, float]:
    """Seconds per step of the first import, from its notes ('Seconds to write: 20.1; …')."""
    from commoncause.sources.clock import step_seconds

    steps = {
        "read and check": "first_pass",
        "write": "second_pass",
        "refresh the search index": "search_index",
    }
    found = step_seconds(getattr(run, "notes", ""))
    return {key: found[step] for step, key in steps.items() if step in found}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    print(json.dumps(run(Path(sys.argv[1]))))


if __name__ == "__main__":
    main()
