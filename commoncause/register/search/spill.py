"""Posting lists of a full rebuild worked out from the documents' words, with the pairs kept on disk.

PostgreSQL can say which documents hold a word, but asking it once per common word costs more than
the rest of a rebuild together. So while the documents are written, each (word, document) pair goes
to a temporary file as two int32 numbers; afterwards the vocabulary counts come from one pass over
the files, and the common words' lists from a few passes, each gathering a slice of the common words
small enough to sort in memory. Memory stays bounded by the vocabulary and `SLICE_PAIRS`.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from pathlib import Path

import numpy as np

from commoncause.core.scratch import scratch_folder
from commoncause.register.search.postings import ANYWHERE, FIELDS

BLOCK_PAIRS = 4_000_000  # pairs read from a file at a time
SLICE_PAIRS = 8_000_000  # pairs of common words gathered and sorted at a time


class SpilledPostings:
    """Collects pairs during a full rebuild (documents in ascending number order), then gives the
    vocabulary with document counts and each common word's sorted document numbers."""

    def __init__(self) -> None:
        self._folder = scratch_folder("postings")
        self.vocabulary: dict[str, int] = {}
        self._files = {field: self._open(field) for field in FIELDS}

    def _open(self, field: int) -> tuple:
        folder = Path(self._folder.name)
        return open(folder / f"terms-{field}", "wb"), open(folder / f"docs-{field}", "wb")  # noqa: SIM115

    def close(self) -> None:
        for terms, docs in self._files.values():
            terms.close()
            docs.close()
        self._folder.cleanup()

    def add(self, doc_ids: list[int], found: list[tuple[set[str], set[str]]]) -> None:
        """Add documents (in ascending number order) with their words as `postings.words()` gives them."""
        numbers = np.array(doc_ids, dtype=np.int32)
        vocabulary = self.vocabulary
        for field in FIELDS:
            sets = [pair[field] for pair in found]
            flat = list(chain.from_iterable(sets))
            for word in set(flat).difference(vocabulary):
                vocabulary[word] = len(vocabulary)
            terms = np.fromiter(map(vocabulary.__getitem__, flat), dtype=np.int32, count=len(flat))
            terms.tofile(self._files[field][0])
            np.repeat(numbers, [len(words) for words in sets]).tofile(self._files[field][1])

    def _blocks(self, field: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        terms_file, docs_file = self._files[field]
        terms_file.flush()
        docs_file.flush()
        terms = (
            np.memmap(terms_file.name, dtype=np.int32, mode="r")
            if Path(terms_file.name).stat().st_size
            else None
        )
        if terms is None:
            return
        docs = np.memmap(docs_file.name, dtype=np.int32, mode="r")
        for start in range(0, terms.size, BLOCK_PAIRS):
            yield np.array(terms[start : start + BLOCK_PAIRS]), np.array(docs[start : start + BLOCK_PAIRS])

    def _counts(self, field: int) -> np.ndarray:
        counts = np.zeros(len(self.vocabulary), dtype=np.int64)
        for terms, _docs in self._blocks(field):
            counts += np.bincount(terms, minlength=counts.size)
        return counts

    def document_counts(self) -> Iterator[tuple[str, int]]:
        """Every word with the number of documents that hold it."""
        return zip(self.vocabulary, self._counts(ANYWHERE).tolist(), strict=True)

    def common(self, least: int) -> Iterator[tuple[str, int, bytes]]:
        """(word, field, sorted document numbers as int32 bytes) for each word of each field that at
        least `least` documents hold."""
        words = list(self.vocabulary)
        for field in FIELDS:
            counts = self._counts(field)
            for wanted in _slices(counts, least):
                yield from self._lists(field, wanted, words)

    def _lists(self, field: int, wanted: np.ndarray, words: list[str]) -> Iterator[tuple[str, int, bytes]]:
        kept_terms, kept_docs = [], []
        for terms, docs in self._blocks(field):
            keep = wanted[terms]
            kept_terms.append(terms[keep])
            kept_docs.append(docs[keep])
        terms, docs = np.concatenate(kept_terms), np.concatenate(kept_docs)
        order = np.argsort(terms, kind="stable")  # documents were added in ascending order
        terms, docs = terms[order], docs[order]
        starts = np.concatenate(([0], np.flatnonzero(np.diff(terms)) + 1)).tolist()
        for start, end in zip(starts, [*starts[1:], terms.size], strict=True):
            yield words[terms[start]], field, docs[start:end].tobytes()


def _slices(counts: np.ndarray, least: int) -> Iterator[np.ndarray]:
    """Masks over the vocabulary, each picking common words whose pairs add up to about SLICE_PAIRS."""
    common = np.flatnonzero(counts >= least)
    if not common.size:
        return
    boundaries = np.cumsum(counts[common]) // SLICE_PAIRS
    for part in np.unique(boundaries):
        mask = np.zeros(counts.size, dtype=bool)
        mask[common[boundaries == part]] = True
        yield mask
