"""A need ranked against the prepared organisations: each match with its score and its reasons, and
for any organisation an officer asks about, why it is not among them.

The score of an organisation, from 0 to 1:
    relevance = (text × w.text + tags × w.tags) / (w.text + w.tags)      (tags only when evoked)
    context   = the weighted mean of the context signals that apply (area, who, size, track)
    score     = relevance × (1 − w.context + w.context × context) × freshness
so an organisation that does nothing the need asks scores nothing wherever it is, and the context moves
a relevant one by at most `w.context` of its score. Hard rules (`Rules`) exclude before ranking.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from commoncause.core.templatetags.govuk_format import format_money as money
from commoncause.matching.engine import signals
from commoncause.matching.engine.concepts import Evoked, Lexicon, Tag, evoked
from commoncause.matching.engine.corpus import Corpus
from commoncause.matching.engine.rules import Rules, failed_rules, passing
from commoncause.matching.engine.weights import Weights
from commoncause.matching.engine.words import stem, words


@dataclass(frozen=True)
class Query:
    """A need as the engine reads it (plain values; see `matching.queries` for a need's)."""

    text: str
    areas: Mapping[str, float] = field(default_factory=dict)  # GSS code → fit of working there
    area_names: Mapping[str, str] = field(default_factory=dict)
    who: tuple[str, ...] = ()  # theme codes
    who_labels: Mapping[str, str] = field(default_factory=dict)
    budget: float | None = None
    rules: Rules = field(default_factory=Rules)
    as_of: dt.date = field(default_factory=dt.date.today)


@dataclass(frozen=True)
class Reason:
    signal: str  # text, tags, area, who, size, track, freshness, rule
    text: str
    value: float | None = None
    risk: bool = False
    stale: bool = False


@dataclass(frozen=True)
class Match:
    key: Any
    name: str
    org_ids: tuple[str, ...]
    score: float
    rank: int
    reasons: tuple[Reason, ...]

    @property
    def risks(self) -> list[Reason]:
        return [reason for reason in self.reasons if reason.risk]

    @property
    def stale(self) -> bool:
        return any(reason.stale for reason in self.reasons)


@dataclass
class Prepared:
    """A query read once: its words (stem → weight), the tags it evokes, and its signals."""

    query: Query
    wanted: dict[str, float]
    shown: dict[str, str]  # stem → the need's own word, for reasons
    evoked: Evoked
    parts: dict[str, np.ndarray]
    score: np.ndarray
    eligible: np.ndarray


def _wanted(
    query: Query, found: Evoked, known: Lexicon, weights: Weights
) -> tuple[dict[str, float], dict[str, str]]:
    wanted: dict[str, float] = {}
    shown: dict[str, str] = {}
    for word in words(query.text):
        term = stem(word)
        if term in found.dropped_terms:
            continue
        wanted[term] = 1.0 if term in known.known else weights.other_words
        shown.setdefault(term, word)
    for term in found.added_terms:
        if term not in wanted:
            wanted[term] = weights.added_words
            shown.setdefault(term, found.added_words.get(term, term))
    return wanted, shown


def prepare(corpus: Corpus, query: Query, known: Lexicon, weights: Weights) -> Prepared:
    """Every organisation's signals and score for this query."""
    found = evoked(query.text, known)
    wanted, shown = _wanted(query, found, known, weights)
    parts: dict[str, np.ndarray] = {"text": signals.text_relevance(corpus, wanted)}
    relevance_weight = weights.text
    relevance = parts["text"] * weights.text
    if found.tags:
        parts["tags"] = signals.tag_fit(corpus, found.weights)
        relevance = relevance + parts["tags"] * weights.tags
        relevance_weight += weights.tags
    relevance = relevance / relevance_weight if relevance_weight else relevance
    context, context_weight = np.zeros(len(corpus), dtype=np.float64), 0.0
    applying: list[tuple[str, np.ndarray, float]] = []
    if query.areas:
        applying.append(("area", signals.area_fit(corpus, query.areas), weights.area))
    if query.who:
        applying.append(("who", signals.who_fit(corpus, query.who), weights.who))
    if query.budget is not None:
        applying.append(("size", signals.size_fit(corpus, query.budget, weights), weights.size))
    if corpus.track.nnz:
        applying.append(("track", signals.track_record(corpus, wanted), weights.track))
    for name, values, weight in applying:
        parts[name] = values
        context = context + values * weight
        context_weight += weight
    scale = 1.0 - weights.context + weights.context * (context / context_weight) if context_weight else 1.0
    parts["freshness"] = signals.freshness(corpus, query.as_of, weights)
    score = relevance * scale * parts["freshness"]
    return Prepared(query, wanted, shown, found, parts, score, passing(corpus, query.rules))


def rank(
    corpus: Corpus,
    query: Query,
    known: Lexicon,
    weights: Weights,
    limit: int = 10,
) -> list[Match]:
    """The `limit` best organisations the rules allow, best first, each with its reasons (none that
    scores nothing)."""
    prepared = prepare(corpus, query, known, weights)
    score = np.where(prepared.eligible, prepared.score, -1.0)
    limit = max(0, min(limit, len(corpus)))
    if not limit:
        return []
    best = np.argpartition(-score, limit - 1)[:limit] if len(score) > limit else np.arange(len(score))
    best = best[np.lexsort((best, -score[best]))]
    return [
        _match(corpus, prepared, int(at), place, known.tags, weights)
        for place, at in enumerate(best, start=1)
        if score[at] > 0
    ]


def explain(
    corpus: Corpus,
    query: Query,
    key: Any,
    known: Lexicon,
    weights: Weights,
) -> tuple[Match, list[str]] | None:
    """One organisation against the query, whatever its place: its match (its rank among those the
    rules allow, 0 when they exclude it) and the rules it fails. None if it is not in the corpus."""
    at = corpus.position.get(key)
    if at is None:
        return None
    prepared = prepare(corpus, query, known, weights)
    failed = failed_rules(corpus, query.rules, at)
    if failed:
        place = 0
    else:
        score = np.where(prepared.eligible, prepared.score, -1.0)
        place = int(np.count_nonzero(score > score[at])) + 1
    return _match(corpus, prepared, at, place, known.tags, weights), failed


def _match(
    corpus: Corpus, prepared: Prepared, at: int, place: int, tags: dict[str, Tag], weights: Weights
) -> Match:
    query, parts, reasons = prepared.query, prepared.parts, []
    found = [prepared.shown.get(term, term) for term in signals.words_found(corpus, at, prepared.wanted)[:6]]
    reasons.append(
        Reason(
            "text",
            f"Its description has: {', '.join(found)}"
            if found
            else "Its description shares none of the need's words",
            float(parts["text"][at]),
        )
    )
    if "tags" in parts:
        done = signals.tags_done(corpus, at, prepared.evoked.tags)
        strong = [
            f"{tags[code].label}{' (classified)' if classified else ''}"
            for code, value, classified in done
            if value >= 0.5
        ]
        missing = [tags[code].label for code, value, _ in done if value < 0.5]
        text = (
            f"Does what the need asks: {', '.join(strong)}"
            if strong
            else "No sign it does what the need asks"
        )
        if strong and missing:
            text += f"; no sign of: {', '.join(missing)}"
        reasons.append(Reason("tags", text, float(parts["tags"][at])))
    if "area" in parts:
        reasons.append(Reason("area", _area_reason(corpus, at, query), float(parts["area"][at])))
    if "who" in parts:
        helped = [
            query.who_labels.get(code, code)
            for code in query.who
            if code in corpus.theme_at and corpus.themes[at, corpus.theme_at[code]]
        ]
        text = f"Helps {', '.join(helped)}" if helped else "No sign it helps the people asked for"
        reasons.append(Reason("who", text, float(parts["who"][at])))
    if "size" in parts and query.budget is not None:
        reasons.append(_size_reason(corpus, at, query.budget, weights, float(parts["size"][at])))
    if "track" in parts:
        reasons.append(_track_reason(corpus, at, prepared, float(parts["track"][at])))
    stale = signals.is_stale(corpus, at, query.as_of, weights)
    day = corpus.facts_day[at]
    when = "never confirmed" if np.isnan(day) else f"last confirmed {dt.date.fromordinal(int(day)):%B %Y}"
    reasons.append(
        Reason(
            "freshness",
            f"Its facts were {when}{' (stale: they weigh less)' if stale else ''}",
            float(parts["freshness"][at]),
            stale=stale,
        )
    )
    return Match(
        key=corpus.keys[at],
        name=corpus.names[at],
        org_ids=corpus.org_ids[at],
        score=round(float(prepared.score[at]), 4),
        rank=place,
        reasons=tuple(reasons),
    )


def _area_reason(corpus: Corpus, at: int, query: Query) -> str:
    best, name = 0.0, ""
    columns = corpus.columns_of(corpus.areas, at)
    held = {code for code in query.areas if corpus.area_codes.get(code) in columns}
    for code, weight in query.areas.items():
        if code in held and weight > best:
            best, name = weight, query.area_names.get(code, code)
    if not name:
        return "No sign it works in the areas asked for"
    return f"Works in {name}" if best >= 1.0 else f"Works in {name}, around the areas asked for"


def _size_reason(corpus: Corpus, at: int, budget: float, weights: Weights, value: float) -> Reason:
    income = corpus.income[at]
    if np.isnan(income):
        return Reason("size", "Its yearly income is not known", value)
    ratio = budget / income if income > 0 else float("inf")
    risk = ratio > weights.size_risk
    if income <= 0:
        text = f"It had no income in its last accounts: a budget of {money(budget)} would be a risk"
    elif risk:
        share = f"{ratio:.1f} times" if ratio >= 1 else f"{ratio:.0%} of"
        text = f"Risk: the budget of {money(budget)} is {share} its yearly income ({money(income)})"
    else:
        share = f"{ratio:.0%}" if ratio >= 0.005 else "under 1%"
        text = f"The budget is {share} of its yearly income ({money(income)})"
    return Reason("size", text, value, risk=risk)


def _track_reason(corpus: Corpus, at: int, prepared: Prepared, value: float) -> Reason:
    grants, services = int(corpus.grants[at]), int(corpus.services[at])
    if not grants and not services:
        return Reason("track", "No grants or services on record", value)
    held = []
    if grants:
        held.append(f"{grants} grant{'s' if grants != 1 else ''}")
    if services:
        held.append(f"{services} service{'s' if services != 1 else ''}")
    similar = [
        prepared.shown.get(term, term)
        for term in signals.words_found(corpus, at, prepared.wanted, track=True)[:4]
    ]
    text = f"Has {' and '.join(held)} on record"
    text += f", for similar work ({', '.join(similar)})" if similar else ", none for similar work"
    return Reason("track", text, value)
