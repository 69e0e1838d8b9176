"""What the page and the command say about each kind of finding and each score, in words."""

from __future__ import annotations

from dataclasses import dataclass

from commoncause.plainenglish.checker import KINDS, SCORE_NAMES, Result

KIND_LABELS = {
    "avoid": "Word to avoid",
    "jargon": "Jargon",
    "abbreviation": "Abbreviation not spelled out",
    "long_sentence": "Long sentence",
    "passive": "Passive voice",
}
KIND_COUNTED = {  # (one, more)
    "avoid": ("word to avoid", "words to avoid"),
    "jargon": ("jargon term", "jargon terms"),
    "abbreviation": ("abbreviation not spelled out", "abbreviations not spelled out"),
    "long_sentence": ("long sentence", "long sentences"),
    "passive": ("passive construction", "passive constructions"),
}
SCORE_LABELS = {
    "flesch_reading_ease": "Flesch reading ease",
    "flesch_kincaid_grade": "Flesch–Kincaid grade",
    "smog": "SMOG grade",
    "gunning_fog": "Gunning fog index",
    "coleman_liau": "Coleman–Liau index",
    "automated_readability_index": "Automated readability index",
}
SCORE_MEANINGS = {
    "flesch_reading_ease": "From 0 to 100: the higher, the easier. Plain English usually scores 60 or more.",
    "flesch_kincaid_grade": (
        "Years of school (US grades) a reader needs, from sentence length and syllables. Aim for 8 or less: "
        "a 13-year-old can read that."
    ),
    "smog": (
        "Years of school needed, from the words of three syllables or more. Most reliable for texts of 30 "
        "sentences or more."
    ),
    "gunning_fog": "Years of school needed, from sentence length and long words. Under 12 suits most people.",
    "coleman_liau": "Years of school needed, from letters per word and words per sentence (not syllables).",
    "automated_readability_index": "Years of school needed, from characters per word and words per sentence.",
}


@dataclass(frozen=True)
class ScoreRow:
    name: str
    label: str
    value: float | None
    meaning: str


def score_rows(result: Result) -> list[ScoreRow]:
    return [
        ScoreRow(name, SCORE_LABELS[name], _rounded(getattr(result.scores, name)), SCORE_MEANINGS[name])
        for name in SCORE_NAMES
    ]


def kind_counts(result: Result) -> list[tuple[str, str, int]]:
    """(kind, label, how many) for every kind, in the order of KINDS."""
    return [(kind, KIND_LABELS[kind], len(result.of_kind(kind))) for kind in KINDS]


def summary(result: Result) -> str:
    found = [
        f"{count} {KIND_COUNTED[kind][count > 1]}" for kind, _label, count in kind_counts(result) if count
    ]
    words = f"{result.counts.words:,} {'word' if result.counts.words == 1 else 'words'}"
    sentences = f"{result.counts.sentences:,} {'sentence' if result.counts.sentences == 1 else 'sentences'}"
    if not found:
        return f"Nothing to change in {words} and {sentences}."
    total = len(result.findings)
    return (
        f"{total} {'finding' if total == 1 else 'findings'} in {words} and {sentences}: {', '.join(found)}."
    )


def report_text(result: Result, text: str, *, name: str) -> str:
    """The command's report: a summary, each finding with its line and column, then the scores."""
    lines = [f"{name}: {summary(result)}", ""]
    for finding in result.findings:
        line = text.count("\n", 0, finding.start) + 1
        column = finding.start - (text.rfind("\n", 0, finding.start) + 1) + 1
        shown = " ".join(finding.text.split())
        shown = shown if len(shown) <= 80 else shown[:77] + "…"
        lines += [
            f"Line {line}, column {column}: {KIND_LABELS[finding.kind].lower()}: ‘{shown}’",
            f"    {finding.message}",
            f"    Suggestion: {finding.suggestion}",
        ]
    lines += ["", "Readability scores"]
    for row in score_rows(result):
        value = "–" if row.value is None else f"{row.value:.1f}"
        lines.append(f"    {row.label:<28} {value:>6}   {row.meaning}")
    return "\n".join(lines) + "\n"


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
