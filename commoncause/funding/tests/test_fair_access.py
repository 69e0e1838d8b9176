"""The fair-access check: lot values held against the incomes of the organisations matched to deliver
them (hand-worked), the suggested lotting, the plain-English review, the grant route left and the term."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from commoncause.funding.fair_access import fair_access_check, lot_check, suggest_lots, ward_names
from commoncause.funding.models import Lot, Opportunity, OpportunityKind, OpportunityStatus
from commoncause.funding.tests.opportunity_samples import TODAY, contract_values, westminster_council
from commoncause.places.tests.westminster import CHURCH_STREET, ST_JAMESS, WESTMINSTER

WARDS = ("Abbey Road", "Bayswater", "Church Street", "Harrow Road", "Hyde Park")


def test_a_lot_no_small_group_could_hold_even_together_shuts_them_out_and_a_lotting_is_suggested() -> None:
    # £300,000 over three years is £100,000 a year: it needs a yearly income of £200,000 to hold safely.
    checked = lot_check(
        "Lot 1", Decimal(300_000), 36, [60_000, 90_000, 5_000, 250_000, None], ward_names=WARDS
    )
    assert checked.yearly == Decimal("100000.00")
    assert checked.verdict == "shut_out"
    assert "£200,000 or more" in checked.message
    assert (checked.able_alone, checked.small_able, checked.unknown_income) == (1, 0, 1)
    bands = {band.band: (band.matched, band.able) for band in checked.bands}
    assert bands["micro"] == (1, 0)
    assert bands["small"] == (2, 0)
    assert bands["medium"] == (1, 1)
    # The largest small group (£90,000) holds £45,000 a year: three lots of £33,333.33 a year.
    suggestion = checked.suggestion
    assert suggestion is not None
    assert (suggestion.lots, suggestion.value_each, suggestion.yearly_each) == (
        3, Decimal("100000.00"), Decimal("33333.33"),
    )  # fmt: skip
    assert suggestion.small_able == 1  # £60,000 holds £30,000 a year: not enough
    assert suggestion.groups == (
        ("Abbey Road", "Bayswater"),
        ("Church Street", "Harrow Road"),
        ("Hyde Park",),
    )


def test_small_groups_that_could_hold_a_lot_together_can_take_part_only_in_a_consortium() -> None:
    checked = lot_check("Lot 1", Decimal(300_000), 36, [80_000, 90_000, 70_000])
    assert checked.verdict == "consortium"  # together they hold £120,000 a year safely
    assert checked.suggestion is not None
    assert checked.suggestion.small_able == 3


def test_a_lot_a_small_group_could_hold_alone_is_open_to_them_with_no_suggestion() -> None:
    checked = lot_check("Lot 1", Decimal(120_000), 36, [90_000, 20_000])
    assert checked.verdict == "open"
    assert checked.small_able == 1
    assert checked.suggestion is None


def test_a_term_under_a_year_counts_as_a_year_and_too_many_lots_suggest_nothing() -> None:
    assert lot_check("Lot", Decimal(40_000), 6, [90_000]).yearly == Decimal("40000.00")
    assert suggest_lots(Decimal(10_000_000), 36, [9_000]) is None  # 741 lots: no lotting helps
    assert suggest_lots(Decimal(10_000), 36, []) is None


@pytest.fixture
def contract(westminster: object) -> Opportunity:
    return Opportunity.objects.create(council=westminster_council(), **contract_values())


def test_a_large_contract_over_westminster_warns_that_small_groups_are_shut_out(
    contract: Opportunity,
) -> None:
    result = fair_access_check(contract, AnonymousUser(), today=TODAY)
    [whole] = result.lots
    assert whole.matched > 10  # the register sample's charities working in Westminster
    assert whole.verdict == "shut_out"
    assert [warning.code for warning in result.warnings] == ["shut_out"]
    assert whole.suggestion is not None
    assert whole.suggestion.lots >= 2
    assert len(whole.suggestion.groups) == whole.suggestion.lots  # Westminster's wards, split
    assert not result.passed


def test_lots_are_checked_each_against_the_organisations_working_in_their_wards(
    contract: Opportunity,
) -> None:
    contract.value = Decimal(90_000)
    contract.save()
    Lot.objects.create(
        opportunity=contract, number=1, title="St James's", value=Decimal(30_000), areas=[ST_JAMESS]
    )
    Lot.objects.create(
        opportunity=contract, number=2, title="The rest", value=Decimal(60_000), areas=[WESTMINSTER]
    )
    result = fair_access_check(contract, AnonymousUser(), today=TODAY)
    assert [lot.label for lot in result.lots] == ["Lot 1: St James's", "Lot 2: The rest"]
    ward, rest = result.lots
    assert ward.matched <= rest.matched  # no more organisations work in one ward than in the borough
    assert ward.yearly == Decimal("10000.00")
    assert ward.verdict == "open"  # £10,000 a year: a small group with £20,000 a year could hold it


def test_where_no_small_group_matched_the_lot_size_is_not_blamed(contract: Opportunity) -> None:
    contract.value = Decimal(30_000)
    contract.areas = [CHURCH_STREET]  # one charity of the sample works there: a medium one
    contract.save()
    [lot] = fair_access_check(contract, AnonymousUser(), today=TODAY).lots
    assert lot.verdict == "no_small_groups"
    assert lot.suggestion is None


def test_jargon_in_the_specification_is_a_warning(contract: Opportunity) -> None:
    contract.specification = "We will leverage synergies to deliver a step change in outcomes going forward."
    contract.value = Decimal(30_000)
    contract.save()
    result = fair_access_check(contract, AnonymousUser(), today=TODAY)
    assert "plain_english" in [warning.code for warning in result.warnings]
    assert result.review["review_count"] > 0


def test_a_contract_replacing_a_grant_programme_warns_when_no_grant_route_is_left(
    contract: Opportunity,
) -> None:
    contract.replaces_programme = "Community Chest"
    contract.value = Decimal(30_000)
    contract.save()
    codes = [warning.code for warning in fair_access_check(contract, AnonymousUser(), today=TODAY).warnings]
    assert "no_grant_route" in codes
    Opportunity.objects.create(
        council=contract.council,
        **contract_values(kind=OpportunityKind.GRANT, route="strategic", title="Community grants"),
        status=OpportunityStatus.OPEN,
    )
    codes = [warning.code for warning in fair_access_check(contract, AnonymousUser(), today=TODAY).warnings]
    assert "no_grant_route" not in codes


def test_a_grant_round_of_another_council_or_closed_leaves_no_grant_route(contract: Opportunity) -> None:
    contract.replaces_programme = "Community Chest"
    contract.save()
    Opportunity.objects.create(
        council=contract.council,
        **contract_values(kind=OpportunityKind.GRANT, route="strategic", closes=TODAY.replace(year=2026)),
        status=OpportunityStatus.OPEN,
    )
    codes = [warning.code for warning in fair_access_check(contract, AnonymousUser(), today=TODAY).warnings]
    assert "no_grant_route" in codes


def test_a_short_term_is_noted_with_its_reason(contract: Opportunity) -> None:
    contract.duration_months = 12
    contract.short_term_reason = "A pilot, to learn what works."
    contract.save()
    result = fair_access_check(contract, AnonymousUser(), today=TODAY)
    assert result.notes == [
        "The term is 12 months, under the three years expected: A pilot, to learn what works."
    ]


def test_ward_names_of_a_council_are_its_wards(westminster: object) -> None:
    names = ward_names([WESTMINSTER])
    assert "Church Street" in names
    assert "Westminster City Council" not in names
    assert ward_names([CHURCH_STREET]) == ["Church Street"]
