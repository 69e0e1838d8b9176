"""How much each signal counts: configuration, with these defaults (see docs/matching.md).

A deployment changes any of them with the `MATCHING_WEIGHTS` setting, a JSON object of the names
below ({"area": 2.0}); names it does not know are refused when the settings load, not ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class Weights:
    # Relevance: what the organisation does against what the need asks.
    text: float = 1.0  # the need's words in its description (BM25)
    tags: float = 2.0  # the UK-CAT tags the need evokes, done by the organisation
    added_words: float = 0.5  # a word the everyday list adds, against one of the need's own
    other_words: float = 0.5  # a word of the need's that no tag or everyday word knows ("letter")
    # Context: how well a relevant organisation fits; it moves the score by at most `context`.
    area: float = 2.0  # works in the areas asked for
    who: float = 1.0  # helps the people asked for
    size: float = 0.5  # the budget against its yearly income
    track: float = 0.5  # grants for similar work, services like it
    context: float = 0.5
    # Freshness: facts confirmed within `fresh_years` count in full; by `stale_years` the score loses
    # `staleness` of itself, and so for anything older.
    staleness: float = 0.3
    fresh_years: float = 2.0
    stale_years: float = 5.0
    # Size: a budget up to `size_comfortable` of the yearly income fits fully; above `size_risk` of it,
    # the match carries a risk.
    size_comfortable: float = 0.25
    size_risk: float = 0.5


NAMES = frozenset(item.name for item in fields(Weights))


def weights_from(overrides: dict[str, Any] | None) -> Weights:
    """The defaults with these changed; a name not known, or a value not a number of 0 or more, is an
    error naming it."""
    changes: dict[str, float] = {}
    for name, value in (overrides or {}).items():
        if name not in NAMES:
            raise ValueError(f"MATCHING_WEIGHTS: {name!r} is not a weight ({', '.join(sorted(NAMES))})")
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ValueError(f"MATCHING_WEIGHTS: {name!r} must be a number of 0 or more")
        changes[name] = float(value)
    return replace(Weights(), **changes)
