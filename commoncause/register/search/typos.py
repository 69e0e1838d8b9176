"""Typo tolerance: a query word that no document holds is replaced by the closest word that some do."""

from types import ModuleType

from rapidfuzz import fuzz

# Words shorter than this are left alone: too many real words lie one letter away.
MIN_CORRECTABLE = 4
MIN_SIMILARITY = 75.0


def closest_word(db: ModuleType, cursor, word: str, state: tuple[int, int]) -> str | None:
    """The indexed word most like this one (ties go to the word more documents hold), or None."""
    if len(word) < MIN_CORRECTABLE or word.isdigit():
        return None
    best: tuple[float, int, str] | None = None
    for candidate, docs in db.term_candidates(cursor, word, state):
        score = fuzz.ratio(word, candidate)
        if candidate != word and score >= MIN_SIMILARITY and (best is None or (score, docs) > best[:2]):
            best = (score, docs, candidate)
    return best[2] if best else None
