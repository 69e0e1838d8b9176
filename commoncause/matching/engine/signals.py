"""Each signal of a match, for every organisation at once: a number from 0 to 1 per organisation (a
NumPy array in the corpus's order), and for one organisation, the words that explain it.

Pure functions over a `Corpus` and plain values: no database, no settings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np

from commoncause.matching.engine.corpus import Corpus
from commoncause.matching.engine.weights import Weights

DAYS_A_YEAR = 365.25


def _normalised(scores: np.ndarray) -> np.ndarray:
    top = float(scores.max()) if scores.size else 0.0
    return scores / top if top > 0 else scores


def _sums(matrix: object, corpus: Corpus, wanted: Mapping[str, float]) -> np.ndarray:
    columns = [corpus.vocabulary[term] for term in wanted if term in corpus.vocabulary]
    if not columns:
        return np.zeros(len(corpus), dtype=np.float32)
    weights = np.array([wanted[term] for term in wanted if term in corpus.vocabulary], dtype=np.float32)
    return np.asarray(matrix[:, columns] @ weights).ravel()  # type: ignore[index]


def text_relevance(corpus: Corpus, wanted: Mapping[str, float]) -> np.ndarray:
    """BM25 of the need's words (stem → weight) in each description, the best as 1."""
    return _normalised(_sums(corpus.text, corpus, wanted))


def track_record(corpus: Corpus, wanted: Mapping[str, float]) -> np.ndarray:
    """BM25 of the need's words in what each organisation's grants were for and its services do, the
    best as 1 (0 for one with no grants or services)."""
    return _normalised(_sums(corpus.track, corpus, wanted))


def tag_fit(corpus: Corpus, tags: Mapping[str, float]) -> np.ndarray:
    """How fully each organisation does the tags the need evokes (tag → how surely it asks for it):
    the mean of its 0–1 strengths, weighted by how surely and by how rare the tag is among the
    organisations (many do something for families; few rescue donkeys)."""
    held = [(corpus.tag_at[code], weight) for code, weight in tags.items() if code in corpus.tag_at]
    if not held:
        return np.zeros(len(corpus), dtype=np.float32)
    columns = [column for column, _ in held]
    weights = np.array([weight for _, weight in held], dtype=np.float32) * corpus.tag_idf[columns]
    total = float(weights.sum())
    if not total:
        return np.zeros(len(corpus), dtype=np.float32)
    return np.asarray(corpus.tags[:, columns] @ weights).ravel() / total


def area_fit(corpus: Corpus, areas: Mapping[str, float]) -> np.ndarray:
    """The best fit (area code → fit) among the areas each organisation works in."""
    fit = np.zeros(len(corpus), dtype=np.float32)
    for code, weight in areas.items():
        at = corpus.area_codes.get(code)
        if at is not None:
            column = corpus.areas[:, at]
            fit[column.indices] = np.maximum(fit[column.indices], weight)
    return fit


def who_fit(corpus: Corpus, who: tuple[str, ...]) -> np.ndarray:
    """The share of the themes asked for (the people it helps) each organisation covers."""
    columns = [corpus.theme_at[code] for code in who if code in corpus.theme_at]
    if not columns:
        return np.zeros(len(corpus), dtype=np.float32)
    return np.asarray(corpus.themes[:, columns].sum(axis=1)).ravel() / len(who)


def size_ratio(corpus: Corpus, budget: float) -> np.ndarray:
    """The budget as a share of each organisation's yearly income (NaN where it is unknown; infinite
    for an income of nothing)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(
            corpus.income > 0, budget / corpus.income, np.where(corpus.income == 0, np.inf, np.nan)
        )


def size_fit(corpus: Corpus, budget: float, weights: Weights) -> np.ndarray:
    """1 for a budget up to `size_comfortable` of the income, falling to 0.5 at the whole income and to
    0.1 at five times it; 0.5 where the income is unknown."""
    ratio = size_ratio(corpus, budget)
    comfortable = weights.size_comfortable
    fit = np.interp(np.nan_to_num(ratio, nan=0.0, posinf=1e9), [comfortable, 1.0, 5.0], [1.0, 0.5, 0.1])
    return np.where(np.isnan(ratio), 0.5, fit)


def freshness(corpus: Corpus, as_of: dt.date, weights: Weights) -> np.ndarray:
    """What each organisation's score is multiplied by for the age of its facts: 1 while fresh, down
    to 1 − `staleness` once stale; unknown counts as stale."""
    years = (as_of.toordinal() - corpus.facts_day) / DAYS_A_YEAR
    span = max(weights.stale_years - weights.fresh_years, 1e-9)
    lost = np.clip((years - weights.fresh_years) / span, 0.0, 1.0)
    return 1.0 - weights.staleness * np.where(np.isnan(years), 1.0, lost)


def is_stale(corpus: Corpus, at: int, as_of: dt.date, weights: Weights) -> bool:
    day = corpus.facts_day[at]
    return bool(np.isnan(day) or (as_of.toordinal() - day) / DAYS_A_YEAR > weights.fresh_years)


def words_found(corpus: Corpus, at: int, wanted: Mapping[str, float], *, track: bool = False) -> list[str]:
    """The need's words (stems) found for one organisation, the most telling first."""
    matrix = corpus.track if track else corpus.text
    found = []
    for term, weight in wanted.items():
        column = corpus.vocabulary.get(term)
        if column is None:
            continue
        value = matrix[at, column]
        if value > 0:
            found.append((float(value) * weight, term))
    return [term for _, term in sorted(found, reverse=True)]


def tags_done(corpus: Corpus, at: int, tags: set[str]) -> list[tuple[str, float, bool]]:
    """For one organisation, each tag asked for: (code, strength, whether a classification gives it)."""
    found = []
    for code in sorted(tags):
        column = corpus.tag_at.get(code)
        if column is not None:
            found.append((code, float(corpus.tags[at, column]), bool(corpus.classified[at, column])))
    return found
