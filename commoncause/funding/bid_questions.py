"""The questions a bid answers, in proportion to the award sought (`data/funding/bid_questions.csv`).

Each monitoring tier (`commissioning/tiers.py`) has its own questions, each with a word limit and
whether it must be answered: a small grant asks a few short questions, the largest contracts more and
longer ones. A questions file is checked before use: every tier has questions, a larger tier never asks
fewer (in all, or that must be answered) than a smaller one, and each tier names a question once.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from commoncause.funding.commissioning.tiers import Tier, shipped_tiers, tier_for
from commoncause.funding.models import Lot, Opportunity

QUESTIONS_FILE = "bid_questions.csv"
KEY = re.compile(r"^[a-z][a-z_]{0,39}$")
WORD = re.compile(r"\S+")


class QuestionsError(ValueError):
    """A questions file that cannot be used, saying which row or tier is wrong."""


@dataclass(frozen=True)
class Question:
    """One question of a tier's form."""

    tier: str
    key: str
    question: str
    hint: str
    word_limit: int
    required: bool


def words_in(text: str) -> int:
    """How many words a text has: runs of characters between spaces."""
    return len(WORD.findall(text))


def questions_read(path: Path, *, tiers: Sequence[Tier] | None = None) -> tuple[Question, ...]:
    """The questions in the file's order, checked (see `questions_check`)."""
    with path.open(encoding="utf-8", newline="") as handle:
        questions = tuple(_question(number, row) for number, row in enumerate(csv.DictReader(handle), 2))
    questions_check(questions, shipped_tiers() if tiers is None else tiers)
    return questions


def _question(line: int, row: dict[str, str]) -> Question:
    key = (row.get("key") or "").strip()
    if not KEY.match(key):
        raise QuestionsError(f"Line {line}: the key {key!r} must be lower-case letters and underscores.")
    limit = (row.get("word_limit") or "").strip()
    if not limit.isdigit() or int(limit) < 1:
        raise QuestionsError(f"Line {line}: the word limit {limit!r} must be a whole number above 0.")
    required = (row.get("required") or "").strip().lower()
    if required not in ("yes", "no"):
        raise QuestionsError(f"Line {line}: required must be yes or no, not {required!r}.")
    text = (row.get("question") or "").strip()
    if not text:
        raise QuestionsError(f"Line {line}: the question is empty.")
    return Question(
        tier=(row.get("tier") or "").strip(),
        key=key,
        question=text,
        hint=(row.get("hint") or "").strip(),
        word_limit=int(limit),
        required=required == "yes",
    )


def questions_check(questions: Sequence[Question], tiers: Sequence[Tier]) -> None:
    """Refuse questions for an unknown tier, a tier without questions, a question named twice in a
    tier, or a larger tier asking fewer questions (or fewer that must be answered) than a smaller."""
    codes = [tier.code for tier in tiers]
    for question in questions:
        if question.tier not in codes:
            raise QuestionsError(f"The tier {question.tier!r} of {question.key!r} is not a monitoring tier.")
    counts: list[tuple[int, int]] = []
    for code in codes:
        asked = [question for question in questions if question.tier == code]
        if not asked:
            raise QuestionsError(f"The tier {code} has no questions.")
        keys = [question.key for question in asked]
        twice = sorted({key for key in keys if keys.count(key) > 1})
        if twice:
            raise QuestionsError(f"The tier {code} asks {', '.join(twice)} more than once.")
        counts.append((len(asked), sum(question.required for question in asked)))
    for at in range(1, len(codes)):
        if counts[at][0] < counts[at - 1][0] or counts[at][1] < counts[at - 1][1]:
            raise QuestionsError(
                f"The tier {codes[at]} asks fewer questions than the smaller tier {codes[at - 1]}."
            )


@lru_cache(maxsize=1)
def shipped_questions() -> tuple[Question, ...]:
    """The questions shipped in `data/funding/`, read once per process."""
    return questions_read(Path(settings.DATA_DIR) / "funding" / QUESTIONS_FILE)


def award_value(opportunity: Opportunity, lot: Lot | None = None) -> Decimal:
    """The value of the award a bid seeks: its lot's, or the whole opportunity's."""
    return lot.value if lot is not None else opportunity.value


def tier_of(opportunity: Opportunity, lot: Lot | None = None) -> Tier:
    """The tier of the award a bid seeks, which sets its questions."""
    return tier_for(award_value(opportunity, lot))


def questions_for(tier: Tier) -> tuple[Question, ...]:
    """The questions of a tier, in the file's order."""
    return tuple(question for question in shipped_questions() if question.tier == tier.code)
