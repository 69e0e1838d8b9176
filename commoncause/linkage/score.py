"""How strongly the evidence says two records are the same body, and what follows from it.

Each piece of evidence adds or takes away points (roughly, each point doubles or halves the odds of
being the same body), in the manner of Fellegi and Sunter's record linkage:

- **names** (the best pair among each side's name and other names, legal words such as "Ltd" and
  "CIO" dropped): identical, weighted by how many organisations share the name and how telling its
  words are; near-identical (spelling, word order, a small extra word); one wholly inside the other
  ("Clic Sargent" and "Clic Sargent Cancer Care for Children"); some words shared; or different;
- **postcode**: the same, the same sector, the same district, or elsewhere (organisations move and
  a grant may be sent to a project's address, so elsewhere counts against but does not rule out);
- **web domain**: the same (shared hosts such as facebook.com are ignored), or different.

Three outcomes: linked automatically at `AUTO_POINTS` or more when no other organisation comes
within `MARGIN` points (an ambiguous best is never linked alone) and the organisation has not closed,
queued for a curator at
`QUEUE_POINTS` or more, otherwise kept apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum

from rapidfuzz import fuzz

from commoncause.linkage.index import Entry, MatchIndex
from commoncause.linkage.keys import postcode_district, postcode_sector

AUTO_POINTS = 11.0
QUEUE_POINTS = 4.0
MARGIN = 3.0
CLOSED = ("removed", "dissolved")


class Outcome(StrEnum):
    AUTO = "auto"  # linked automatically
    QUEUE = "queue"  # a curator decides
    APART = "apart"  # kept apart


@dataclass(slots=True)
class Comparison:
    candidate: Entry
    points: float
    reasons: list[str] = field(default_factory=list)

    @property
    def probability(self) -> float:
        """The points as a 0–1 likelihood of being the same body (for showing and for reconciling)."""
        odds: float = 2.0 ** (-(self.points - 8.0))  # a float power of a positive float: never complex
        return 1.0 / (1.0 + odds)


def _weight(index: MatchIndex, tokens: set[str] | tuple[str, ...]) -> float:
    return sum(index.idf(token) for token in tokens)


def _name_points(index: MatchIndex, record: Entry, candidate: Entry) -> tuple[float, str]:
    if not record.names or not candidate.names:  # a query by postcode or web address alone
        return 0.0, ""
    best: tuple[float, str] = (-8.0, "the names differ")
    for mine in record.names:
        for theirs in candidate.names:
            shared, union = set(mine) & set(theirs), set(mine) | set(theirs)
            # Only the very same words in the same order are the same name: token-sort gives 100 to
            # the same words in another order, which counts a point less.
            ratio = (
                100.0
                if mine == theirs
                else min(99.0, fuzz.token_sort_ratio(" ".join(mine), " ".join(theirs)))
            )
            if ratio >= 97:  # the same words, perhaps in another order or with a slip of the keyboard
                holders = max(1, index.name_holders(theirs, besides=record.key))
                generic = all(index.is_common(token) for token in mine)
                points = 11.0 - 2.0 * math.log2(holders) - (3.0 if generic else 0.0) - (ratio < 100)
                reason = (
                    "the same name" if ratio == 100 else "the same name but for a letter or the word order"
                )
                found = (points, reason + ("" if holders == 1 else f" (which {holders} organisations share)"))
            else:
                in_both = _weight(index, shared)
                weighted = in_both / _weight(index, union)
                smaller = min(_weight(index, mine), _weight(index, theirs))
                contained = in_both / smaller if smaller else 0.0
                if weighted >= 0.85 or ratio >= 92:
                    found = (8.0, "nearly the same name")
                elif contained >= 0.99 and weighted >= 0.4 and not all(map(index.is_common, shared)):
                    found = (4.0, "one name is part of the other")
                elif weighted >= 0.5:
                    found = (2.0, "names sharing some words")
                else:
                    found = (-8.0, "the names differ")
            if found[0] > best[0]:
                best = found
    return best


def _postcode_points(record: Entry, candidate: Entry) -> tuple[float, str]:
    mine, theirs = record.postcode, candidate.postcode
    if not mine or not theirs:
        return 0.0, ""
    if mine == theirs:
        return 6.0, "the same postcode"
    if postcode_sector(mine) == postcode_sector(theirs):
        return 2.0, "the same postcode sector"
    if postcode_district(mine) == postcode_district(theirs):
        return 0.5, "the same postcode district"
    return -4.0, "postcodes in different areas"


def _domain_points(record: Entry, candidate: Entry) -> tuple[float, str]:
    if not record.domain or not candidate.domain:
        return 0.0, ""
    if record.domain == candidate.domain:
        return 8.0, "the same web domain"
    return -3.0, "different web domains"


def compare(index: MatchIndex, record: Entry, candidate: Entry) -> Comparison:
    """Weigh the evidence that `record` and `candidate` are the same body."""
    points, reasons = 0.0, []
    for part, reason in (
        _name_points(index, record, candidate),
        _postcode_points(record, candidate),
        _domain_points(record, candidate),
    ):
        points += part
        if reason:
            reasons.append(reason)
    return Comparison(candidate=candidate, points=round(points, 2), reasons=reasons)


def best_matches(index: MatchIndex, record: Entry, limit: int = 5) -> list[Comparison]:
    """The likeliest organisations for `record`, best first."""
    found = [compare(index, record, candidate) for candidate in index.candidates(record)]
    found.sort(key=lambda comparison: -comparison.points)
    return found[:limit]


def outcome(found: list[Comparison]) -> Outcome:
    """What to do with a record given its best matches (best first).

    A body that has closed (removed from its register, or a dissolved company) is never linked
    automatically: a record naming it may be its successor, which a curator should decide.
    """
    if not found or found[0].points < QUEUE_POINTS:
        return Outcome.APART
    runner_up = found[1].points if len(found) > 1 else -math.inf
    closed = found[0].candidate.extra.get("status") in CLOSED
    if found[0].points >= AUTO_POINTS and found[0].points - runner_up >= MARGIN and not closed:
        return Outcome.AUTO
    return Outcome.QUEUE
