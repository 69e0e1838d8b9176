"""Hard eligibility rules: a fund only for groups under £100,000 a year, only for charities and CICs,
only in these wards. A rule excludes, whatever the score; for any one organisation, each rule it fails
is said in words ("why not")."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from commoncause.core.templatetags.govuk_format import format_money as money
from commoncause.matching.engine.corpus import Corpus


@dataclass(frozen=True)
class Rules:
    income_below: float | None = None  # a yearly income under this
    income_from: float | None = None  # a yearly income of at least this
    legal_forms: tuple[str, ...] = ()  # one of these legal forms (any, if none)
    areas: tuple[str, ...] = ()  # works in one of these areas (GSS codes)
    area_names: tuple[str, ...] = ()  # the same areas' names, for saying why not
    themes: tuple[str, ...] = ()  # covers one of these themes
    theme_labels: tuple[str, ...] = ()
    unknown_income_allowed: bool = False  # whether an organisation with no accounts may take part

    @property
    def any(self) -> bool:
        return bool(
            self.income_below is not None or self.income_from is not None or self.legal_forms
            or self.areas or self.themes
        )  # fmt: skip


def _column_any(matrix: object, columns: list[int], size: int) -> np.ndarray:
    if not columns:
        return np.zeros(size, dtype=bool)
    return np.asarray(matrix[:, columns].sum(axis=1)).ravel() > 0  # type: ignore[index]


def passing(corpus: Corpus, rules: Rules) -> np.ndarray:
    """Which organisations every rule allows (a 0/1 mask in the corpus's order)."""
    allowed = np.ones(len(corpus), dtype=bool)
    income = corpus.income
    unknown = np.isnan(income)
    if rules.income_below is not None:
        allowed &= np.where(unknown, rules.unknown_income_allowed, income < rules.income_below)
    if rules.income_from is not None:
        allowed &= np.where(unknown, rules.unknown_income_allowed, income >= rules.income_from)
    if rules.legal_forms:
        allowed &= np.isin(corpus.legal_forms, list(rules.legal_forms))
    if rules.areas:
        columns = [corpus.area_codes[code] for code in rules.areas if code in corpus.area_codes]
        allowed &= _column_any(corpus.areas, columns, len(corpus))
    if rules.themes:
        columns = [corpus.theme_at[code] for code in rules.themes if code in corpus.theme_at]
        allowed &= _column_any(corpus.themes, columns, len(corpus))
    return allowed


def failed_rules(corpus: Corpus, rules: Rules, at: int) -> list[str]:
    """Each rule one organisation fails, in words."""
    failed = []
    income = corpus.income[at]
    unknown = bool(np.isnan(income))
    if rules.income_below is not None or rules.income_from is not None:
        if unknown and not rules.unknown_income_allowed:
            failed.append("Its yearly income is not known, and the rules need it")
        elif not unknown and rules.income_below is not None and income >= rules.income_below:
            failed.append(f"Its yearly income ({money(income)}) is not under {money(rules.income_below)}")
        elif not unknown and rules.income_from is not None and income < rules.income_from:
            failed.append(f"Its yearly income ({money(income)}) is under {money(rules.income_from)}")
    if rules.legal_forms and corpus.legal_forms[at] not in rules.legal_forms:
        form = corpus.legal_forms[at] or "not known"
        failed.append(f"Its legal form ({form}) is not one of: {', '.join(rules.legal_forms)}")
    if rules.areas:
        held = {corpus.area_codes[code] for code in rules.areas if code in corpus.area_codes}
        if not held & corpus.columns_of(corpus.areas, at):
            names = rules.area_names or rules.areas
            failed.append(f"There is no sign it works in {', '.join(names)}")
    if rules.themes:
        held = {corpus.theme_at[code] for code in rules.themes if code in corpus.theme_at}
        if not held & corpus.columns_of(corpus.themes, at):
            labels = rules.theme_labels or rules.themes
            failed.append(f"There is no sign it works on {', '.join(labels)}")
    return failed
