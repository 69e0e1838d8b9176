"""The health check's arithmetic, over plain data: each side's mean, the perception gap, suppression.

- A **group** is one side's respondents to one statement: those who rated it 1 to 5 ("don't know" is not
  a rating, and counts for nothing). A group of fewer than `SMALLEST_GROUP` (5) respondents is
  **suppressed**: its mean is never worked out for showing, and it shows as "fewer than 5 answers".
- A side's **mean** for a statement is the mean of its group's ratings.
- The **perception gap** is the council's mean minus the sector's mean: for a statement about the
  council, a positive gap says the council rates itself higher than the sector rates it; for one about
  the sector, that the council rates the sector higher than the sector rates itself. It shows only when
  neither group is suppressed.
- A **theme's** (or the whole round's) mean for a side is the mean of every rating that side gave to the
  theme's statements whose group is shown. A suppressed group's ratings are left out of every figure that
  is shown, so they cannot be worked out by taking one figure from another; a theme with no shown
  group is suppressed too.
- The **combined mean** of a statement is the average of the two sides' means, each side counting
  equally however many answered; where one side is suppressed, the other's alone.
- **Evidence** shows, unattributed and in alphabetical order, only from a group that is shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from commoncause.relationships.health.library import ABOUT_SHORT

SMALLEST_GROUP = 5
SIDES = ("council", "sector")
SUPPRESSED = f"fewer than {SMALLEST_GROUP} answers"
LISTED = 5  # the weakest statements and the widest gaps listed


@dataclass(frozen=True)
class Statement:
    """A round's statement, as the arithmetic needs it."""

    id: int
    code: str
    text: str
    about: str
    theme: str
    source: str = "health"


@dataclass(frozen=True)
class Answer:
    """One respondent's answer to one statement: `rating` None is "don't know"."""

    statement: int
    side: str
    respondent: int  # the response's id: answers are counted by respondent, never shown by one
    rating: int | None
    evidence: str = ""


@dataclass(frozen=True)
class View:
    """One side's view of a statement, a theme or a round: how many rated it and their mean, or
    suppressed (both None)."""

    respondents: int | None
    mean: float | None

    @property
    def suppressed(self) -> bool:
        return self.mean is None

    @property
    def text(self) -> str:
        return SUPPRESSED if self.mean is None else mean_text(self.mean)


HIDDEN = View(None, None)


def mean_text(value: float) -> str:
    """A mean as shown: one decimal place ('3.4')."""
    return f"{value:.1f}"


def gap_text(value: float | None) -> str:
    """A gap as shown, signed ('+0.8', '-1.2', '0.0'); 'not shown' when a side is suppressed."""
    if value is None:
        return "not shown"
    shown = f"{value:+.1f}"
    return "0.0" if shown in ("+0.0", "-0.0") else shown


def view_of(ratings: dict[int, list[int]]) -> View:
    """The view of a group: its respondents' ratings (by respondent), or suppressed when too few."""
    every = [rating for given in ratings.values() for rating in given]
    if len(ratings) < SMALLEST_GROUP or not every:
        return HIDDEN
    return View(len(ratings), sum(every) / len(every))


def gap_of(council: View, sector: View) -> float | None:
    """The perception gap: the council's mean minus the sector's, when both are shown."""
    if council.mean is None or sector.mean is None:
        return None
    return council.mean - sector.mean


def combined_of(council: View, sector: View) -> float | None:
    """The two sides' means averaged, each side counting equally; one side's alone if the other is
    suppressed."""
    shown = [view.mean for view in (council, sector) if view.mean is not None]
    return sum(shown) / len(shown) if shown else None


@dataclass(frozen=True)
class StatementResult:
    statement: Statement
    council: View
    sector: View
    gap: float | None
    combined: float | None
    evidence: dict[str, tuple[str, ...]]  # by side; only from groups that are shown

    def view(self, side: str) -> View:
        return self.council if side == "council" else self.sector

    @property
    def gap_text(self) -> str:
        return gap_text(self.gap)

    @property
    def combined_text(self) -> str:
        return SUPPRESSED if self.combined is None else mean_text(self.combined)

    @property
    def one_side_only(self) -> bool:
        return self.combined is not None and self.gap is None


@dataclass(frozen=True)
class ThemeResult:
    about: str
    theme: str
    statements: int
    council: View
    sector: View
    gap: float | None

    @property
    def label(self) -> str:
        return f"{ABOUT_SHORT.get(self.about, self.about)}: {self.theme}"

    @property
    def gap_text(self) -> str:
        return gap_text(self.gap)


@dataclass(frozen=True)
class RoundResults:
    statements: tuple[StatementResult, ...]
    themes: tuple[ThemeResult, ...]
    council: View  # the whole round, over the statements shown
    sector: View
    gap: float | None
    respondents: dict[str, int]  # how many answered on each side

    @property
    def weakest(self) -> list[StatementResult]:
        """The statements with the lowest combined mean, the widest gap first among equals."""
        rated = [result for result in self.statements if result.combined is not None]
        rated.sort(key=lambda result: (round(result.combined or 0, 6), -abs(result.gap or 0)))
        return rated[:LISTED]

    @property
    def widest_gaps(self) -> list[StatementResult]:
        """The statements on which the two sides' views differ most (either way)."""
        gaps = [
            result for result in self.statements if result.gap is not None and gap_text(result.gap) != "0.0"
        ]
        gaps.sort(key=lambda result: -abs(result.gap or 0))
        return gaps[:LISTED]

    @property
    def gap_text(self) -> str:
        return gap_text(self.gap)


def _ratings(answers: Iterable[Answer]) -> dict[tuple[int, str], dict[int, list[int]]]:
    """Ratings by (statement, side), then by respondent."""
    found: dict[tuple[int, str], dict[int, list[int]]] = defaultdict(dict)
    for answer in answers:
        if answer.rating is not None:
            found[answer.statement, answer.side].setdefault(answer.respondent, []).append(answer.rating)
    return found


def _evidence(answers: Iterable[Answer], shown: set[tuple[int, str]]) -> dict[tuple[int, str], list[str]]:
    found: dict[tuple[int, str], list[str]] = defaultdict(list)
    for answer in answers:
        text = answer.evidence.strip()
        if text and (answer.statement, answer.side) in shown:
            found[answer.statement, answer.side].append(text)
    return found


def _pooled(groups: Iterable[dict[int, list[int]]]) -> View:
    """One view over several shown groups: every rating, respondents counted once."""
    pooled: dict[int, list[int]] = defaultdict(list)
    for group in groups:
        for respondent, given in group.items():
            pooled[respondent] += given
    return view_of(pooled) if pooled else HIDDEN


def statement_results(statements: Sequence[Statement], answers: Sequence[Answer]) -> list[StatementResult]:
    ratings = _ratings(answers)
    views = {(s.id, side): view_of(ratings.get((s.id, side), {})) for s in statements for side in SIDES}
    shown = {key for key, view in views.items() if not view.suppressed}
    evidence = _evidence(answers, shown)
    results = []
    for statement in statements:
        council, sector = views[statement.id, "council"], views[statement.id, "sector"]
        said = {
            side: tuple(sorted(evidence.get((statement.id, side), []), key=str.casefold)) for side in SIDES
        }
        results.append(
            StatementResult(
                statement, council, sector, gap_of(council, sector), combined_of(council, sector), said
            )
        )
    return results


def _side_view(
    statements: Iterable[Statement], side: str, shown: dict[tuple[int, str], dict[int, list[int]]]
) -> View:
    return _pooled(shown[s.id, side] for s in statements if (s.id, side) in shown)


def round_results(statements: Sequence[Statement], answers: Sequence[Answer]) -> RoundResults:
    """Everything the results page, its charts and its downloads show, suppression applied."""
    results = statement_results(statements, answers)
    ratings = _ratings(answers)
    shown = {
        (result.statement.id, side): ratings[result.statement.id, side]
        for result in results
        for side in SIDES
        if not result.view(side).suppressed
    }
    themes: dict[tuple[str, str], list[Statement]] = {}
    for statement in statements:
        themes.setdefault((statement.about, statement.theme), []).append(statement)
    theme_results = []
    for (about, theme), members in themes.items():
        council, sector = _side_view(members, "council", shown), _side_view(members, "sector", shown)
        theme_results.append(
            ThemeResult(about, theme, len(members), council, sector, gap_of(council, sector))
        )
    council, sector = _side_view(statements, "council", shown), _side_view(statements, "sector", shown)
    respondents = {side: len({a.respondent for a in answers if a.side == side}) for side in SIDES}
    return RoundResults(
        tuple(results), tuple(theme_results), council, sector, gap_of(council, sector), respondents
    )
