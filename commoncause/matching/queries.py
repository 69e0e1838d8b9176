"""A need as the engine reads it: its words, its areas, who it is for, its budget and, for a fund,
its eligibility as hard rules."""

from __future__ import annotations

from commoncause.matching.engine.rank import Query
from commoncause.matching.engine.rules import Rules
from commoncause.matching.matcher import area_fits, who_labels
from commoncause.matching.models import Need, NeedKind


def need_text(need: Need) -> str:
    """What the need asks, in its own words: title, description, outcomes sought, what a fund pays for."""
    return "\n".join(part for part in (need.title, need.description, need.outcomes, need.pays_for) if part)


def need_rules(need: Need, labels: dict[str, str]) -> Rules:
    """A fund's eligibility (other needs have none): size band, legal forms, themes; a fund for an area
    takes only organisations that work there."""
    if need.kind != NeedKind.FUND:
        return Rules()
    _, names = area_fits(need.areas) if need.areas else ({}, {})
    themes = tuple(need.themes)
    return Rules(
        income_below=float(need.income_below) if need.income_below is not None else None,
        income_from=float(need.income_from) if need.income_from is not None else None,
        legal_forms=tuple(need.legal_forms),
        areas=tuple(need.areas),
        area_names=tuple(names.get(code, code) for code in need.areas),
        themes=themes,
        theme_labels=tuple(labels.get(code, code) for code in themes),
        # A small group with no published accounts is who capacity funds are for.
        unknown_income_allowed=True,
    )


def need_query(need: Need) -> Query:
    """The engine's query for a need."""
    fits, names = area_fits(need.areas)
    labels = who_labels()
    budget = need.budget_max if need.budget_max is not None else need.budget_min
    return Query(
        text=need_text(need),
        areas=fits,
        area_names=names,
        who=tuple(need.who),
        who_labels=labels,
        budget=float(budget) if budget is not None else None,
        rules=need_rules(need, labels),
    )
