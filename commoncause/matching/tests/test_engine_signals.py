"""Each signal of a match, on real charities: words, tags, area, who, size, track record, freshness."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from commoncause.matching.engine import signals
from commoncause.matching.engine.corpus import Corpus
from commoncause.matching.engine.weights import Weights
from commoncause.matching.engine.words import terms
from commoncause.matching.tests.engine_samples import (
    CANCER_RESEARCH,
    CHOIR,
    DEMENTIA_DAY_CENTRE,
    HORSE_SANCTUARY,
    JUNIOR_FOOTBALL,
    corpus_of,
    doc,
)


def _at(corpus: Corpus, org_id: str) -> int:
    return corpus.position[org_id]


def wanted_terms(text: str) -> dict[str, float]:
    return dict.fromkeys(terms(text), 1.0)


def test_text_relevance_puts_the_description_with_the_words_first() -> None:
    corpus = corpus_of(doc(CHOIR), doc(JUNIOR_FOOTBALL), doc(HORSE_SANCTUARY))
    scores = signals.text_relevance(corpus, wanted_terms("donkeys and ponies"))
    assert scores.argmax() == _at(corpus, HORSE_SANCTUARY)
    assert scores.max() == pytest.approx(1.0)
    assert scores[_at(corpus, CHOIR)] == 0


def test_tags_come_from_ukcats_patterns_and_from_classifications() -> None:
    corpus = corpus_of(doc(CHOIR), doc(HORSE_SANCTUARY), doc(JUNIOR_FOOTBALL, tags=frozenset({"BE115"})))
    fit = signals.tag_fit(corpus, {"AN103": 1.0})  # donkeys
    assert fit.argmax() == _at(corpus, HORSE_SANCTUARY)
    assert 0 < fit.max() < 1  # words found in a description: strong, never certain
    assert signals.tag_fit(corpus, {"BE115": 1.0})[_at(corpus, JUNIOR_FOOTBALL)] == pytest.approx(1.0)
    # A tag's category is as strong as its strongest tag: donkeys are animals.
    assert signals.tag_fit(corpus, {"AN": 1.0})[_at(corpus, HORSE_SANCTUARY)] > 0


def test_area_fit_is_the_best_fit_of_the_areas_it_works_in() -> None:
    ward, council = "E05013806", "E09000033"
    corpus = corpus_of(
        doc(CHOIR, areas=frozenset({ward, council})),
        doc(JUNIOR_FOOTBALL, areas=frozenset({council})),
        doc(HORSE_SANCTUARY),
    )
    fit = signals.area_fit(corpus, {ward: 1.0, council: 0.5})
    assert fit[_at(corpus, CHOIR)] == 1.0
    assert fit[_at(corpus, JUNIOR_FOOTBALL)] == 0.5
    assert fit[_at(corpus, HORSE_SANCTUARY)] == 0.0


def test_who_fit_is_the_share_of_the_people_asked_for_that_it_helps() -> None:
    corpus = corpus_of(doc(DEMENTIA_DAY_CENTRE, themes=frozenset({"older"})), doc(JUNIOR_FOOTBALL))
    fit = signals.who_fit(corpus, ("older", "health"))
    assert fit[_at(corpus, DEMENTIA_DAY_CENTRE)] == 0.5
    assert fit[_at(corpus, JUNIOR_FOOTBALL)] == 0.0


def test_a_budget_far_above_the_income_fits_badly_and_an_unknown_income_is_neutral() -> None:
    corpus = corpus_of(
        doc(CHOIR, income=13_881.0), doc(CANCER_RESEARCH, income=409_024.0), doc(HORSE_SANCTUARY, income=None)
    )
    weights = Weights()
    fit = signals.size_fit(corpus, 50_000.0, weights)
    assert fit[_at(corpus, CANCER_RESEARCH)] == 1.0  # an eighth of its income
    assert fit[_at(corpus, CHOIR)] < 0.5  # three and a half times its income
    assert fit[_at(corpus, HORSE_SANCTUARY)] == 0.5
    ratio = signals.size_ratio(corpus, 50_000.0)
    assert ratio[_at(corpus, CHOIR)] == pytest.approx(50_000 / 13_881)
    assert np.isnan(ratio[_at(corpus, HORSE_SANCTUARY)])


def test_track_record_counts_grants_and_services_for_similar_work() -> None:
    corpus = corpus_of(
        doc(CHOIR, track="Grant for a community singing project for older people", grants=1),
        doc(JUNIOR_FOOTBALL, track="Grant for new kit", grants=1),
    )
    scores = signals.track_record(corpus, wanted_terms("singing for older people"))
    assert scores[_at(corpus, CHOIR)] == 1.0
    assert scores[_at(corpus, JUNIOR_FOOTBALL)] == 0.0


def test_stale_facts_weigh_less_and_unknown_ones_least() -> None:
    today = dt.date(2026, 12, 1)
    corpus = corpus_of(
        doc(CHOIR, facts_date=dt.date(2026, 1, 1)),
        doc(JUNIOR_FOOTBALL, facts_date=dt.date(2022, 6, 1)),
        doc(HORSE_SANCTUARY, facts_date=dt.date(2016, 1, 1)),
        doc(CANCER_RESEARCH, facts_date=None),
    )
    weights = Weights()
    factor = signals.freshness(corpus, today, weights)
    assert factor[_at(corpus, CHOIR)] == 1.0
    assert 1 - weights.staleness < factor[_at(corpus, JUNIOR_FOOTBALL)] < 1.0
    assert factor[_at(corpus, HORSE_SANCTUARY)] == pytest.approx(1 - weights.staleness)
    assert factor[_at(corpus, CANCER_RESEARCH)] == pytest.approx(1 - weights.staleness)
    assert not signals.is_stale(corpus, _at(corpus, CHOIR), today, weights)
    assert signals.is_stale(corpus, _at(corpus, JUNIOR_FOOTBALL), today, weights)
