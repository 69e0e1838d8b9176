"""A council's outcomes framework: the documented starter set, its officers' changes with every value
checked and named, who may change it, the audit, and the indicators a return then asks for."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from commoncause.accounts.models import AuditEntry, Council, Role
from commoncause.accounts.tests.cast import council, person, staff
from commoncause.funding.models import Award
from commoncause.funding.return_reach import framework_indicators
from commoncause.funding.tests.monitoring_samples import (
    award_made,
    officer_of,
    other_council,
    register_loaded,
)
from commoncause.outcomes.framework import (
    FrameworkError,
    framework_start,
    indicator_delete,
    indicator_save,
    outcome_delete,
    outcome_save,
    starter_set,
)
from commoncause.outcomes.models import Indicator, Outcome, Unit
from commoncause.places.themes import themes

pytestmark = pytest.mark.django_db

GOOD: dict[str, Any] = {
    "name": "People helped home from hospital", "unit": "people", "direction": "higher",
    "source": "Reported in returns", "baseline": "40", "baseline_year": "2025", "target": "90",
    "target_year": "2027", "themes": ["older"], "services": "he101, so102",
}  # fmt: skip


@pytest.fixture
def officer() -> User:
    return staff("officer@council.example", Role.OFFICER)


@pytest.fixture
def outcome(officer: User) -> Outcome:
    return outcome_save(user=officer, council=council(), title="Older people live independently for longer")


def test_the_starter_set_is_the_documented_file_whole() -> None:
    path = Path(settings.DATA_DIR) / "outcomes" / "starter_framework.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    starter = starter_set()
    assert [outcome.title for outcome in starter] == list(dict.fromkeys(row["outcome"] for row in rows))
    assert len(starter) == 6
    assert sum(len(outcome.indicators) for outcome in starter) == len(rows) == 13
    codes = {theme.code for theme in themes()}
    for outcome in starter:
        assert outcome.description
        for indicator in outcome.indicators:
            assert indicator.unit in Unit.values
            assert indicator.direction in ("higher", "lower")
            assert indicator.source
            assert set(indicator.themes) <= codes, indicator.name
    assert "Adult Social Care Outcomes Framework" in " ".join(
        indicator.source for outcome in starter for indicator in outcome.indicators
    )


def test_an_officer_starts_the_framework_from_the_starter_set_once(officer: User) -> None:
    made = framework_start(user=officer, council=council())

    assert [outcome.title for outcome in made] == [outcome.title for outcome in starter_set()]
    assert Indicator.objects.filter(outcome__council=council()).count() == 13
    lonely = Indicator.objects.get(name="Adults who feel lonely often or always")
    assert (lonely.unit, lonely.direction, lonely.baseline) == ("percent", "lower", None)
    assert Indicator.objects.get(name="People supported to keep living at home").counts_outcomes
    entry = AuditEntry.objects.get(target_type="outcomes.framework")
    assert (entry.actor, entry.action, entry.note) == (officer, "create", "Started from the starter set.")
    with pytest.raises(FrameworkError, match="already has a framework"):
        framework_start(user=officer, council=council())


def test_only_the_councils_officers_change_its_framework() -> None:
    register_loaded()
    elsewhere = officer_of(other_council(), "elsewhere@council.example")
    member = person("member@group.example")
    for user in (elsewhere, member):
        with pytest.raises(FrameworkError) as refused:
            framework_start(user=user, council=council())
        assert refused.value.not_allowed
    admin = staff("admin@service.example", Role.ADMIN)
    assert framework_start(user=admin, council=council())
    assert not Outcome.objects.filter(council=other_council()).exists()


def test_an_outcome_needs_a_title_of_its_own(officer: User, outcome: Outcome) -> None:
    with pytest.raises(FrameworkError) as empty:
        outcome_save(user=officer, council=council(), title="   ")
    assert empty.value.field == "title"
    with pytest.raises(FrameworkError, match="already has an outcome") as twice:
        outcome_save(user=officer, council=council(), title="older people live independently for LONGER")
    assert twice.value.field == "title"
    changed = outcome_save(
        user=officer, council=council(), outcome=outcome, title="Older people stay well at home",
        description="Safe and well in their own homes.",
    )  # fmt: skip
    assert Outcome.objects.get(pk=outcome.pk).title == "Older people stay well at home"
    entry = AuditEntry.objects.filter(target_type="outcomes.outcome", action="update").get()
    assert entry.before["title"] == "Older people live independently for longer"
    assert entry.after["title"] == changed.title
    with pytest.raises(FrameworkError) as theirs:
        outcome_save(user=officer, council=other_council(), outcome=outcome, title="Taken")
    assert theirs.value.not_allowed


def test_an_indicator_is_saved_with_its_values_and_links_and_audited(officer: User, outcome: Outcome) -> None:
    register_loaded()
    award = award_made()
    indicator = indicator_save(user=officer, outcome=outcome, values=GOOD, opportunities=[award.opportunity])

    found = Indicator.objects.get(pk=indicator.pk)
    assert (found.baseline, found.baseline_year, found.target, found.target_year) == (
        Decimal(40), 2025, Decimal(90), 2027
    )  # fmt: skip
    assert (found.themes, found.services) == (["older"], ["HE101", "SO102"])
    assert list(found.opportunities.all()) == [award.opportunity]
    entry = AuditEntry.objects.get(target_type="outcomes.indicator", action="create")
    assert entry.after["opportunities"] == [str(award.opportunity.pk)]
    # A return for the award now asks for it, with the bounds of its unit.
    assert framework_indicators(award) == [
        {"name": "People helped home from hospital", "unit": "people", "lowest": Decimal(0), "highest": None}
    ]


@pytest.mark.parametrize(
    ("changed", "field", "words"),
    [
        ({"name": ""}, "name", "Enter the indicator's name"),
        ({"unit": "furlongs"}, "unit", "Choose the indicator's unit"),
        ({"direction": "sideways"}, "direction", "higher or lower"),
        ({"source": " "}, "source", "where the figures come from"),
        ({"unit": "percent", "target": "150"}, "target", "cannot be above 100 for per cent"),
        ({"unit": "score", "baseline": "4", "target": "11"}, "target", "cannot be above 10"),
        ({"baseline": "-3"}, "baseline", "cannot be below 0"),
        ({"baseline": "many"}, "baseline", "as a number"),
        ({"baseline": "40.125"}, "baseline", "two decimal places"),
        ({"baseline_year": ""}, "baseline_year", "the year the baseline is for"),
        ({"target_year": "1850"}, "target_year", "a year from 1990 to 2100"),
        ({"target_year": "2024"}, "target_year", "cannot be before the baseline's"),
        ({"target": "30"}, "target", "above the baseline, as higher is better"),
        ({"direction": "lower"}, "target", "below the baseline, as lower is better"),
        ({"themes": ["dragons"]}, "themes", "Choose themes from the list"),
        ({"services": "HE101 <b>"}, "services", "UK-CAT codes"),
    ],
)
def test_an_impossible_indicator_is_refused_naming_its_field(
    officer: User, outcome: Outcome, changed: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(FrameworkError, match=words) as refused:
        indicator_save(user=officer, outcome=outcome, values={**GOOD, **changed})
    assert refused.value.field == field
    assert not Indicator.objects.exists()


def test_an_indicator_links_only_its_own_councils_opportunities_and_keeps_its_name_unique(
    officer: User, outcome: Outcome
) -> None:
    register_loaded()
    theirs = award_made(funder=other_council(), title="Someone else's round")
    with pytest.raises(FrameworkError, match="your council's opportunities") as refused:
        indicator_save(user=officer, outcome=outcome, values=GOOD, opportunities=[theirs.opportunity])
    assert refused.value.field == "opportunities"
    indicator_save(user=officer, outcome=outcome, values=GOOD)
    other = outcome_save(user=officer, council=council(), title="People are less lonely")
    with pytest.raises(FrameworkError, match="already has an indicator"):
        indicator_save(user=officer, outcome=other, values={**GOOD, "name": GOOD["name"].upper()})


def test_taking_out_an_indicator_or_an_outcome_is_audited_and_stops_returns_asking(
    officer: User, outcome: Outcome
) -> None:
    register_loaded()
    award = award_made()
    indicator = indicator_save(user=officer, outcome=outcome, values=GOOD, opportunities=[award.opportunity])
    second = indicator_save(
        user=officer, outcome=outcome, values={**GOOD, "name": "Hours of company given", "unit": "hours"},
        opportunities=[award.opportunity],
    )  # fmt: skip
    assert [row["name"] for row in framework_indicators(Award.objects.get(pk=award.pk))] == [
        indicator.name, second.name,
    ]  # fmt: skip

    indicator_delete(user=officer, indicator=indicator)
    assert [row["name"] for row in framework_indicators(award)] == [second.name]
    outcome_delete(user=officer, outcome=outcome)
    assert framework_indicators(award) == []
    deleted = AuditEntry.objects.filter(action="delete").order_by("id")
    assert [entry.target_type for entry in deleted] == ["outcomes.indicator", "outcomes.outcome"]
    assert deleted[1].before["indicators"] == [second.name]


def test_a_council_with_no_framework_asks_for_nothing_more_in_returns() -> None:
    register_loaded()
    assert framework_indicators(award_made()) == []
    assert isinstance(council(), Council)
