"""What the checker finds, each with its exact span in the text, its message and a suggestion.

Words to avoid, jargon and abbreviations are found word by word; where two overlap, the longer is kept
(a phrase before the word in it), and between two of one span, a council's own term before a word to
avoid, before jargon (GOV.UK's list and the LGA's share some words), before an abbreviation. Jargon
marked to explain (a term of the trade) is flagged at its first use only; other words to avoid and
jargon at every use. Passive constructions and long sentences are found apart, and may hold the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from commoncause.plainenglish.checker.abbreviations import Abbreviation
from commoncause.plainenglish.checker.lists import Term
from commoncause.plainenglish.checker.sentences import Sentence
from commoncause.plainenglish.checker.terms import TermMatch

Kind = Literal["avoid", "jargon", "abbreviation", "long_sentence", "passive"]
KINDS: tuple[Kind, ...] = ("avoid", "jargon", "abbreviation", "long_sentence", "passive")
LONGEST_SENTENCE = 25  # words; GOV.UK's advice
_PRECEDENCE = {"avoid": 0, "jargon": 1, "abbreviation": 2}


@dataclass(frozen=True)
class Finding:
    kind: Kind
    start: int  # offset of its first character in the text
    end: int  # offset just past its last character: text[start:end] is `text`
    text: str
    message: str
    suggestion: str


Candidate = tuple[Finding, Term | None]  # a word finding, and the term of a list it is (None: not one)


def term_finding(text: str, match: TermMatch) -> Finding:
    said = text[match.start : match.end]
    message, suggestion = _term_advice(match.term, said)
    return Finding(match.term.kind, match.start, match.end, said, message, suggestion)


def _term_advice(term: Term, said: str) -> tuple[str, str]:
    if term.source == "glossary":
        meaning = f" It means: {term.guidance}." if term.guidance else ""
        if term.explain_only:
            explain = f"Explain ‘{said}’ the first time you use it: it is one of the council's own terms."
            return explain + meaning, term.plain or term.guidance
        return f"‘{said}’ is on the council's list of words to avoid.{meaning}", term.plain
    if term.kind == "avoid":
        return f"Avoid ‘{said}’: {_as_clause(term.guidance)}.", term.plain
    if term.explain_only:
        return f"Explain ‘{said}’ the first time you use it: not every reader knows this term.", term.plain
    return f"‘{said}’ is council jargon: say it in plain words.", term.plain


def _as_clause(guidance: str) -> str:
    """Guidance to follow a colon: in small letters, unless it begins with a name or abbreviation."""
    first = guidance.split(" ", 1)[0]
    return guidance if first.isupper() or not first[1:].islower() else guidance[:1].lower() + guidance[1:]


def abbreviation_finding(text: str, found: Abbreviation) -> Finding:
    said = text[found.start : found.end]
    return Finding(
        "abbreviation", found.start, found.end, said,
        f"Spell out ‘{said}’ the first time you use it, unless everyone knows it.",
        f"Write the words in full with the abbreviation in brackets after them: ‘… ({said})’.",
    )  # fmt: skip


def passive_finding(text: str, start: int, end: int) -> Finding:
    said = text[start:end]
    return Finding(
        "passive", start, end, said,
        f"‘{said}’ is in the passive voice: it can hide who does what.",
        "Say who does it, then what they do: ‘we approved it’ rather than ‘it was approved’.",
    )  # fmt: skip


def long_sentence_findings(text: str, found: list[Sentence]) -> list[Finding]:
    return [
        Finding(
            "long_sentence",
            sentence.start,
            sentence.end,
            text[sentence.start : sentence.end],
            f"This sentence has {sentence.words} words: keep sentences to {LONGEST_SENTENCE} words or fewer.",
            "Split it into shorter sentences, one idea in each.",
        )  # fmt: skip
        for sentence in found
        if sentence.words > LONGEST_SENTENCE
    ]


def without_overlaps(candidates: list[Candidate], length: int) -> list[Candidate]:
    """Word findings with no two overlapping: the longer kept, then by kind, then the earlier."""
    covered = bytearray(length)
    kept = []
    order = sorted(candidates, key=lambda c: (-(c[0].end - c[0].start), _precedence(c), c[0].start))
    for candidate in order:
        finding = candidate[0]
        if not any(covered[finding.start : finding.end]):
            covered[finding.start : finding.end] = b"\x01" * (finding.end - finding.start)
            kept.append(candidate)
    return kept


def _precedence(candidate: Candidate) -> int:
    """A council's own term first, then a word to avoid, jargon, an abbreviation."""
    finding, term = candidate
    return -1 if term is not None and term.source == "glossary" else _PRECEDENCE[finding.kind]


def first_uses_only(candidates: list[Candidate]) -> list[Finding]:
    """Every finding but the later uses of each term to explain."""
    seen: set[Term] = set()
    kept = []
    for finding, term in sorted(candidates, key=lambda c: c[0].start):
        if term is not None and term.explain_only:
            if term in seen:
                continue
            seen.add(term)
        kept.append(finding)
    return kept
