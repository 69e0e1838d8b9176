"""Posting lists worked out from pairs kept on disk: the same lists whatever the block and slice sizes."""

import random

import numpy as np
import pytest

from commoncause.register.search import spill
from commoncause.register.search.postings import ANYWHERE, NAMES


def _documents(count: int) -> list[tuple[set[str], set[str]]]:
    rng = random.Random(7)
    vocabulary = [f"w{n}" for n in range(60)]
    found = []
    for _ in range(count):
        names = set(rng.sample(vocabulary[:20], 3))
        found.append((names | set(rng.sample(vocabulary, rng.randint(0, 12))), names))
    return found


def _expected(found, least):
    lists = {}
    for field in (ANYWHERE, NAMES):
        holders: dict[str, list[int]] = {}
        for doc_id, words in enumerate(found, start=1):
            for word in words[field]:
                holders.setdefault(word, []).append(doc_id)
        lists.update({(w, field): ids for w, ids in holders.items() if len(ids) >= least})
    return lists


@pytest.mark.parametrize(("block", "slice_"), [(4_000_000, 8_000_000), (97, 150), (1, 1)])
def test_lists_and_counts_match_the_documents_words(monkeypatch, block, slice_):
    monkeypatch.setattr(spill, "BLOCK_PAIRS", block)
    monkeypatch.setattr(spill, "SLICE_PAIRS", slice_)
    found = _documents(300)
    spilled = spill.SpilledPostings()
    try:
        for start in range(0, len(found), 40):  # chunks, in ascending document order
            part = found[start : start + 40]
            spilled.add(list(range(start + 1, start + 1 + len(part))), part)
        lists = {
            (word, field): np.frombuffer(data, dtype=np.int32).tolist()
            for word, field, data in spilled.common(least=30)
        }
        counts = dict(spilled.document_counts())
    finally:
        spilled.close()

    assert lists == _expected(found, 30)
    assert len(lists) > 10
    assert counts == {w: sum(w in words[ANYWHERE] for words in found) for w in counts}
    assert sum(counts.values()) == sum(len(words[ANYWHERE]) for words in found)
