"""`check(text)`: every finding in a text and its readability scores; the JSON the API and CLI give."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import lru_cache

from commoncause.plainenglish.checker.abbreviations import abbreviations_unexplained
from commoncause.plainenglish.checker.findings import (
    KINDS,
    Candidate,
    Finding,
    abbreviation_finding,
    first_uses_only,
    long_sentence_findings,
    passive_finding,
    term_finding,
    without_overlaps,
)
from commoncause.plainenglish.checker.lists import GlossaryEntry, Lists, glossary_terms, shipped_lists
from commoncause.plainenglish.checker.passive import passives
from commoncause.plainenglish.checker.scores import SCORE_NAMES, Counts, Scores, counts, scores
from commoncause.plainenglish.checker.sentences import sentences
from commoncause.plainenglish.checker.terms import TermIndex, index_build, term_matches
from commoncause.plainenglish.checker.text import Atom, address_spans, atoms, masked, skipped_mask

# The longest text the page and the API check at once: about 15,000 words, a long report, which takes
# well under a second. The command checks a file of any length.
MAX_TEXT_CHARACTERS = 100_000


@dataclass(frozen=True)
class Result:
    findings: tuple[Finding, ...]  # in the order they start in the text
    scores: Scores
    counts: Counts

    def of_kind(self, kind: str) -> list[Finding]:
        return [finding for finding in self.findings if finding.kind == kind]


def check(text: str, glossary: Iterable[GlossaryEntry] = (), *, lists: Lists | None = None) -> Result:
    """Check a text: words to avoid, jargon (the shipped lists and a council's own `glossary`),
    abbreviations not spelled out, long sentences and passive constructions; and its scores."""
    lists = lists or shipped_lists()
    glossary = tuple(glossary)
    found = sentences(text)
    words = atoms(text)
    candidates = _word_candidates(text, words, lists, glossary)
    findings = [
        *first_uses_only(without_overlaps(candidates, len(text))),
        *(passive_finding(text, start, end) for start, end in passives(text, words, lists.participles)),
        *long_sentence_findings(text, found),
    ]
    findings.sort(key=lambda f: (f.start, f.end, KINDS.index(f.kind)))
    totals = counts(text, found)
    return Result(tuple(findings), scores(totals), totals)


def _word_candidates(
    text: str, words: list[Atom], lists: Lists, glossary: tuple[GlossaryEntry, ...]
) -> list[Candidate]:
    skipped = address_spans(text)
    mask = skipped_mask(text, skipped)
    own = glossary_terms(glossary)
    # A council's own terms come first: where one shares a key with a shipped term, the council's wins.
    matches = term_matches(words, index_build(own)) if own else []
    matches += term_matches(words, _shipped_index(lists))
    candidates: list[Candidate] = [
        (term_finding(text, match), match.term)
        for match in matches
        if not masked(mask, match.start, match.end)
    ]
    known = lists.known_abbreviations | {entry.term.strip() for entry in glossary}
    for found in abbreviations_unexplained(text, known=known, skipped=skipped):
        candidates.append((abbreviation_finding(text, found), None))
    return candidates


@lru_cache(maxsize=4)
def _shipped_index(lists: Lists) -> TermIndex:
    return index_build(lists.terms)


def result_json(result: Result) -> dict[str, object]:
    """The answer of `POST /api/v1/plain-english` and of `plain_english --json`: the findings with their
    character offsets, and the scores to one decimal place (null for a text with no words)."""
    return {
        "findings": [asdict(finding) for finding in result.findings],
        "scores": {name: _rounded(getattr(result.scores, name)) for name in SCORE_NAMES},
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
