"""The consortium builder: the smallest groups of organisations that together cover an opportunity.

An opportunity needs certain wards and services covered and is worth a sum of money. Each partner's
share of that sum stays within a safe fraction of its yearly income, so that no small group takes on
a contract it could not survive losing. The choice is solved exactly as an integer programme:

- variables: a binary ``x_i`` (organisation ``i`` is a partner) and a continuous ``s_i`` (its share
  of the value, as a fraction of the value, so the numbers stay near 1 whatever the contract's size);
- every required ward is covered by at least one partner: ``sum(x_i for i covering w) >= 1``;
- every required service likewise;
- the shares add up to the whole value: ``sum(s_i) == 1``;
- no share exceeds the partner's safe capacity: ``s_i <= cap_i * x_i``, where ``cap_i`` is
  ``min(value, safe_share * income_i) / value``; an organisation whose income is unknown has no
  capacity, so it may still join to cover a ward or service but takes no share of the money;
- at most ``max_partners`` partners: ``sum(x_i) <= max_partners``;
- objective: fewest partners first, then the largest total safe capacity. Both sit in one objective,
  ``sum((1 - cap_i / (2 * total_cap)) * x_i)``: the second term adds up to at most 1/2 over any
  consortium, so one partner fewer always wins, and among consortia of one size the one with most
  capacity (the most room to spare) wins.

Alternatives come from "no-good" cuts: once a set ``S`` is found, ``sum(x_i for i in S) <= |S| - 1``
rules out ``S`` and every set containing it (a found consortium with a spare partner added is no new
proposal), and the programme is solved again. Each answer is thus the best of what is left, so the
answers come smallest first.

Only organisations covering at least one required ward or service are considered.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

# The tie-break's whole weight: below 1, so it never outweighs one partner more or fewer.
_TIE_BREAK_WEIGHT = 0.5
# A tight gap, so that the tie-break is solved to optimality too and not only the count of partners.
_MIP_OPTIONS = {"mip_rel_gap": 1e-9}


@dataclass(frozen=True)
class Candidate:
    """An organisation that might join a consortium: where it works, what it offers, what it earns."""

    key: str
    name: str
    wards: frozenset[str]
    services: frozenset[str]
    income: float | None


@dataclass(frozen=True)
class Requirement:
    """What an opportunity needs covered, what it is worth, and the limits on a consortium."""

    wards: frozenset[str]
    services: frozenset[str]
    value: float
    safe_share: float = 0.5
    max_partners: int = 5


@dataclass(frozen=True)
class Consortium:
    """A proposed consortium: its partners' keys, each partner's share in pounds, and the reasons."""

    partners: tuple[str, ...]
    shares: dict[str, float]
    reasons: list[str]


def consortia(
    candidates: Sequence[Candidate], requirement: Requirement, *, alternatives: int = 3
) -> list[Consortium]:
    """The smallest consortium that covers the requirement, then up to ``alternatives - 1`` others.

    Each later one is the best consortium that contains none found before. [] when none is possible
    (``why_none`` says why).
    """
    _requirement_check(requirement)
    _keys_check(candidates)
    pool = _relevant(candidates, requirement)
    found: list[frozenset[int]] = []
    while len(found) < alternatives:
        chosen = _solve(pool, requirement, cuts=found, max_partners=requirement.max_partners)
        if chosen is None:
            break
        found.append(chosen)
    if not found:
        return []
    fewest = len(found[0])
    return [_consortium_build([pool[i] for i in sorted(s)], requirement, fewest) for s in found]


def why_none(candidates: Sequence[Candidate], requirement: Requirement) -> list[str]:
    """Why no consortium can meet the requirement, in plain English; [] when one can."""
    _requirement_check(requirement)
    _keys_check(candidates)
    pool = _relevant(candidates, requirement)
    reasons = []
    for kind, needed, offered in (
        ("ward", requirement.wards, {w for c in pool for w in c.wards}),
        ("service", requirement.services, {s for c in pool for s in c.services}),
    ):
        for item in sorted(needed - offered):
            reasons.append(f"No organisation covers the {kind} {item}.")
    total = sum(_capacity(c, requirement) for c in pool)
    if total < requirement.value:
        reasons.append(
            f"The organisations' safe capacity adds up to {_money(total)}, less than the "
            f"{_money(requirement.value)} the opportunity is worth."
        )
    if reasons:
        return reasons
    fewest = _solve(pool, requirement, cuts=[], max_partners=len(pool))
    if fewest is None or len(fewest) <= requirement.max_partners:
        return []
    return [
        f"A consortium needs at least {len(fewest)} partners to cover everything within their safe "
        f"shares, more than the {requirement.max_partners} allowed."
    ]


def _requirement_check(requirement: Requirement) -> None:
    if requirement.value <= 0:
        raise ValueError("The opportunity's value must be more than nothing.")
    if not 0 < requirement.safe_share <= 1:
        raise ValueError("The safe share must be more than 0 and at most 1.")
    if requirement.max_partners < 1:
        raise ValueError("A consortium needs room for at least one partner.")


def _keys_check(candidates: Sequence[Candidate]) -> None:
    keys = [c.key for c in candidates]
    if len(set(keys)) != len(keys):
        raise ValueError("Each candidate needs its own key.")


def _relevant(candidates: Iterable[Candidate], requirement: Requirement) -> list[Candidate]:
    """The candidates covering at least one required ward or service, in the order given."""
    return [c for c in candidates if c.wards & requirement.wards or c.services & requirement.services]


def _capacity(candidate: Candidate, requirement: Requirement) -> float:
    """The most, in pounds, this candidate may safely take: nothing when its income is unknown."""
    if candidate.income is None or candidate.income <= 0:
        return 0.0
    return min(requirement.value, requirement.safe_share * candidate.income)


def _solve(
    pool: Sequence[Candidate],
    requirement: Requirement,
    *,
    cuts: Sequence[frozenset[int]],
    max_partners: int,
) -> frozenset[int] | None:
    """The indices into ``pool`` of the best consortium avoiding every set in ``cuts``, or None."""
    n = len(pool)
    if n == 0:
        return None
    caps = np.array([_capacity(c, requirement) for c in pool]) / requirement.value
    total = caps.sum()
    tie_break = caps / total * _TIE_BREAK_WEIGHT if total > 0 else np.zeros(n)
    objective = np.concatenate([1.0 - tie_break, np.zeros(n)])
    result = milp(
        objective,
        constraints=_constraints(pool, requirement, caps, cuts=cuts, max_partners=max_partners),
        integrality=np.concatenate([np.ones(n), np.zeros(n)]),
        bounds=Bounds(np.zeros(2 * n), np.concatenate([np.ones(n), caps])),
        options=_MIP_OPTIONS,
    )
    if not result.success:
        return None
    return frozenset(i for i in range(n) if result.x[i] > 0.5)


def _constraints(
    pool: Sequence[Candidate],
    requirement: Requirement,
    caps: np.ndarray,
    *,
    cuts: Sequence[frozenset[int]],
    max_partners: int,
) -> list[LinearConstraint]:
    """The programme's rows over the variables ``x_0 .. x_n-1, s_0 .. s_n-1``."""
    n = len(pool)
    rows: list[np.ndarray] = []
    lower: list[float] = []
    upper: list[float] = []

    def add(row: np.ndarray, low: float, high: float) -> None:
        rows.append(row)
        lower.append(low)
        upper.append(high)

    for ward in sorted(requirement.wards):
        add(_cover_row([ward in c.wards for c in pool]), 1, np.inf)
    for service in sorted(requirement.services):
        add(_cover_row([service in c.services for c in pool]), 1, np.inf)
    add(np.concatenate([np.zeros(n), np.ones(n)]), 1, 1)
    for i in range(n):
        row = np.zeros(2 * n)
        row[i], row[n + i] = -caps[i], 1.0
        add(row, -np.inf, 0)
    add(np.concatenate([np.ones(n), np.zeros(n)]), -np.inf, max_partners)
    for cut in cuts:
        add(_cover_row([i in cut for i in range(n)]), -np.inf, len(cut) - 1)
    return [LinearConstraint(np.vstack(rows), np.array(lower), np.array(upper))]


def _cover_row(flags: Sequence[bool]) -> np.ndarray:
    """A row that counts the chosen organisations among those flagged (shares take no part)."""
    return np.concatenate([np.array(flags, dtype=float), np.zeros(len(flags))])


def _consortium_build(partners: Sequence[Candidate], requirement: Requirement, fewest: int) -> Consortium:
    """The consortium with each share in proportion to its partner's safe capacity, and the reasons.

    Proportional shares fit: the capacities add up to at least the value, so no share exceeds its
    partner's capacity.
    """
    caps = {c.key: _capacity(c, requirement) for c in partners}
    total = sum(caps.values())
    shares = {key: requirement.value * cap / total for key, cap in caps.items()}
    reasons = [_summary(len(partners), fewest)]
    for partner in partners:
        reasons.append(f"{partner.name}: {_coverage_text(partner, requirement)}")
        reasons.append(f"{partner.name}: {_share_text(partner, shares[partner.key], requirement)}")
    return Consortium(partners=tuple(c.key for c in partners), shares=shares, reasons=reasons)


def _summary(size: int, fewest: int) -> str:
    partners = "1 partner" if size == 1 else f"{size} partners"
    text = f"{partners} between them cover every required ward and service within their safe shares"
    if size == fewest:
        return text + "; no consortium of fewer partners can."
    return text + f"; the smallest consortium has {fewest}."


def _coverage_text(partner: Candidate, requirement: Requirement) -> str:
    wards = sorted(partner.wards & requirement.wards)
    services = sorted(partner.services & requirement.services)
    parts = []
    if wards:
        parts.append(f"covers {_join(wards)}")
    if services:
        parts.append(f"offers {_join(services)}")
    return "; ".join(parts)


def _share_text(partner: Candidate, share: float, requirement: Requirement) -> str:
    limit = f"the safe limit is {_percent(requirement.safe_share)}"
    if partner.income is None or partner.income <= 0:
        return "no share of the money, as its yearly income is not known."
    fraction = share / partner.income
    return f"share {_money(share)}: {_percent(fraction)} of its yearly income ({limit})."


def _join(items: Sequence[str]) -> str:
    """Items as a person would list them: "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _money(amount: float) -> str:
    return f"£{amount:,.0f}"


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.0f}%"
