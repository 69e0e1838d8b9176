"""Matching: how good its answers are, on needs judged by labels others decided, and how fast it ranks
a need against a national register.

Quality (no database): the 120 needs in `data/evaluation/matching_needs.csv`, written in everyday
words (see its PROVENANCE), each matched against the 2,000 real charities of
`data/demo/ukcat_sample_ccew_2000.csv` as the register would hold them (name, activities, objects;
not their UK-CAT tags, which are the answers). A charity is a right answer when the UK-CAT project
tagged it, by hand, with the need's tag or a tag under it. Reported for the held-out `test` needs
(the `dev` ones were used to write the everyday words and set the weights), and for both:
- `match_precision_at_10`: the share of the first ten that are right, averaged over the needs;
- `match_mrr`: the mean of 1 / the place of the first right answer (0 when none in the first 50);
- `match_baseline_precision_at_10`, `match_baseline_mrr`: a plain TF-IDF baseline on the same set
  (scikit-learn's TfidfVectorizer with its defaults over the same texts, ranked by cosine);
- `…_dev` the same on the needs the engine was tuned on;
- `match_ceiling_precision_at_10`, `match_ceiling_mrr`: the engine's tag signal alone, told the right
  tag instead of reading the need: how far what the descriptions say (UK-CAT's patterns over them)
  agrees with the tags the UK-CAT project gave by hand, the most any reading of the needs could reach
  through the tags.

Speed (`--speed`, on the database `DATABASE_URL` names, e.g. the national register `make bench`
builds): `match_prepare_seconds` to prepare the register the first time (`manage.py match_prepare`:
every description's UK-CAT counts, in forked workers, and the prepared register kept),
`match_rebuild_seconds` to prepare it again in a process (the counts kept: what a change to the
register costs), `match_load_seconds` for a process to read the register match_prepare kept (a web
process starting); `match_p50_ms`, `match_p95_ms` for
`POST /api/v1/match` through Django's test client (the needs' texts, with the council of a random
organisation's place as the area and a budget), one call to warm, then REQUESTS timed.

    python -m bench.matching                 # quality, prints one JSON object
    DATABASE_URL=… python -m bench.matching --speed
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NEEDS = REPO / "data" / "evaluation" / "matching_needs.csv"
CHARITIES = REPO / "data" / "demo" / "ukcat_sample_ccew_2000.csv"
DEPTH = 50  # how far down a ranking the first right answer is looked for
REQUESTS = 200
SEED = 15

Ranker = Callable[[str], list[str]]


def _needs(split: str) -> list[dict[str, str]]:
    with NEEDS.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if split in ("all", row["split"])]


def _scores(ranker: Ranker, needs: list[dict[str, str]], truth: dict[str, set[str]]) -> tuple[float, float]:
    precision, reciprocal = [], []
    for need in needs:
        wanted = set(need["ukcat"].split(";"))
        right = [bool(truth[key] & wanted) for key in ranker(need["need"])[:DEPTH]]
        precision.append(sum(right[:10]) / 10)
        reciprocal.append(next((1 / place for place, hit in enumerate(right, start=1) if hit), 0.0))
    return round(statistics.mean(precision), 3), round(statistics.mean(reciprocal), 3)


def quality() -> dict[str, float]:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from commoncause.matching.engine import signals
    from commoncause.matching.engine.concepts import lexicon, with_parents
    from commoncause.matching.engine.corpus import OrgDoc, corpus_build
    from commoncause.matching.engine.rank import Query, rank
    from commoncause.matching.engine.weights import Weights

    known = lexicon(REPO / "data")
    with CHARITIES.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    docs = [
        OrgDoc(key=row["org_id"], name=row["name"], text=f"{row['activities']} {row['objects']}")
        for row in rows
    ]
    truth = {
        row["org_id"]: with_parents([t for t in row["UKCAT"].split(";") if t], known.tags) for row in rows
    }
    corpus = corpus_build(docs, known.tags, {})
    weights = Weights()

    def engine(text: str) -> list[str]:
        return [match.key for match in rank(corpus, Query(text=text), known, weights, limit=DEPTH)]

    vectorizer = TfidfVectorizer()
    matrix = vectorizer.fit_transform([f"{doc.name} {doc.text}" for doc in docs])

    def baseline(text: str) -> list[str]:
        scores = (matrix @ vectorizer.transform([text]).T).toarray().ravel()
        return [docs[at].key for at in np.argsort(-scores, kind="stable")[:DEPTH]]

    told: dict[str, list[str]] = {need["need"]: need["ukcat"].split(";") for need in _needs("all")}

    def ceiling(text: str) -> list[str]:
        fit = signals.tag_fit(corpus, dict.fromkeys(told[text], 1.0))
        return [corpus.keys[at] for at in np.argsort(-fit, kind="stable")[:DEPTH]]

    results: dict[str, float] = {}
    for split, suffix in (("test", ""), ("dev", "_dev")):
        needs = _needs(split)
        results[f"match_precision_at_10{suffix}"], results[f"match_mrr{suffix}"] = _scores(
            engine, needs, truth
        )
        base = _scores(baseline, needs, truth)
        results[f"match_baseline_precision_at_10{suffix}"], results[f"match_baseline_mrr{suffix}"] = base
    results["match_ceiling_precision_at_10"], results["match_ceiling_mrr"] = _scores(
        ceiling, _needs("test"), truth
    )
    results["match_needs"] = len(_needs("test"))
    return results


def speed(requests: int = REQUESTS) -> dict[str, float]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.test import Client

    from commoncause.matching.matcher import (
        corpus_current,
        corpus_prepare,
        forget,
        kept_path,
        known_words,
        prepared_corpus,
        version_now,
    )
    from commoncause.matching.tag_store import store_path
    from commoncause.places.models import OrganisationPlace

    store_path(known_words().tags).unlink(missing_ok=True)  # counted afresh, as the first time
    kept_path().unlink(missing_ok=True)
    start = time.perf_counter()
    corpus_current(version_now(), parallel=True)  # as match_prepare does
    prepared = time.perf_counter() - start
    start = time.perf_counter()
    corpus_prepare()
    rebuilt = time.perf_counter() - start
    forget()
    start = time.perf_counter()
    corpus = prepared_corpus()
    loaded = time.perf_counter() - start
    rng = random.Random(SEED)
    councils = sorted(
        set(OrganisationPlace.objects.exclude(local_authority="").values_list("local_authority", flat=True))
    )
    texts = [need["need"] for need in _needs("all")]
    client = Client(HTTP_HOST="localhost")
    timings = []
    for number in range(requests + 1):
        body = {
            "text": rng.choice(texts),
            "areas": [rng.choice(councils)] if councils else [],
            "budget": 25_000,
        }
        address = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
        began = time.perf_counter()
        response = client.post(
            "/api/v1/match", json.dumps(body), content_type="application/json", REMOTE_ADDR=address
        )
        seconds = time.perf_counter() - began
        assert response.status_code == 200, (body, response.status_code)
        if number:
            timings.append(seconds)
    quantiles = statistics.quantiles(timings, n=100)
    return {
        "match_organisations": len(corpus),
        "match_prepare_seconds": round(prepared, 1),
        "match_rebuild_seconds": round(rebuilt, 1),
        "match_load_seconds": round(loaded, 1),
        "match_p50_ms": round(quantiles[49] * 1000, 1),
        "match_p95_ms": round(quantiles[94] * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Measure matching's quality, or its speed on a database.")
    parser.add_argument("--speed", action="store_true")
    arguments = parser.parse_args()
    print(json.dumps(speed() if arguments.speed else quality()))


if __name__ == "__main__":
    main()
