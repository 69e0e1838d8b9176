"""What a council is about to publish (a need's words, a consultation's), checked before it goes out:
each field's findings, for the panel `plainenglish/_review.html` shows beside it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from commoncause.plainenglish.checker import Finding, GlossaryEntry, check
from commoncause.plainenglish.report import KIND_LABELS


@dataclass(frozen=True)
class Reviewed:
    label: str  # the field, as the page names it
    findings: tuple[tuple[Finding, str], ...]  # each finding with its kind's label


def review(fields: Mapping[str, str], glossary: Iterable[GlossaryEntry] = ()) -> list[Reviewed]:
    """The findings of each non-empty field (label → text), in the fields' order; fields with none
    are left out, so an empty list means nothing to look at."""
    terms = list(glossary)
    found = []
    for label, text in fields.items():
        if text.strip():
            findings = check(text, terms).findings
            if findings:
                found.append(
                    Reviewed(label, tuple((finding, KIND_LABELS[finding.kind]) for finding in findings))
                )
    return found


def review_context(fields: Mapping[str, str], glossary: Iterable[GlossaryEntry] = ()) -> dict[str, object]:
    """`review` as the panel's template takes it: the findings by field, how many, and whether a
    council's glossary was used."""
    terms = list(glossary)
    found = review(fields, terms)
    return {
        "review": found,
        "review_count": sum(len(reviewed.findings) for reviewed in found),
        "glossary_used": bool(terms),
    }
