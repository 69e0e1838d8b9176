"""Awards on the recipients' pages: a grant round's award among the organisation's grants (through the
grant it was published as), its contracts in a section of their own next to them, examples marked."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client

from commoncause.accounts.models import Council
from commoncause.funding.models import AwardStatus, OpportunityKind
from commoncause.funding.opendata.grants_out import award_grant_publish
from commoncause.funding.tests import opendata_samples as samples

pytestmark = pytest.mark.django_db
EXAMPLE_TAG = '<strong class="govuk-tag govuk-tag--grey">Example</strong>'


@pytest.fixture
def council() -> Council:
    samples.register_load(wards=False)
    return samples.westminster()


def page(org_id: str) -> str:
    answer = Client().get(f"/organisations/{org_id}/")  # public: awards are
    assert answer.status_code == 200
    return answer.content.decode()


def section(html: str) -> str:
    found = re.search(r'<h2 class="govuk-heading-l" id="contract-awards">.*?</table>', html, re.S)
    assert found is not None, "no contract awards section"
    return found.group(0)


def test_a_contract_award_shows_with_its_council_amount_and_date(council: Council) -> None:
    contract = samples.opportunity(council, OpportunityKind.CONTRACT, title="Home visits after hospital")
    samples.award(samples.bid(contract, samples.BUDDY_BEAR), amount=Decimal("45000.50"))

    shown = section(page(samples.BUDDY_BEAR))

    assert "Home visits after hospital" in shown
    assert "Westminster City Council" in shown
    assert "10 Mar 2025" in shown
    assert "£45,001" in shown  # whole pounds, as the grants are shown
    assert "1 contract awarded through this service, £45,001 in all." in shown
    assert EXAMPLE_TAG not in shown


def test_the_awards_section_follows_the_grants_section(council: Council) -> None:
    award_grant_publish(samples.grant_award(council, samples.BUDDY_BEAR))
    contract = samples.opportunity(council, OpportunityKind.CONTRACT)
    samples.award(samples.bid(contract, samples.BUDDY_BEAR))

    html = page(samples.BUDDY_BEAR)

    assert html.index('id="grants"') < html.index('id="contract-awards"')


def test_an_example_contract_award_is_tagged_and_explained(council: Council) -> None:
    contract = samples.opportunity(council, OpportunityKind.CONTRACT, is_example=True)
    samples.award(samples.bid(contract, samples.CANCER_LIFELINE))

    shown = section(page(samples.CANCER_LIFELINE))

    assert EXAMPLE_TAG in shown
    assert "Those marked Example were made for the demonstration" in shown


def test_an_ended_contract_says_so(council: Council) -> None:
    contract = samples.opportunity(council, OpportunityKind.CONTRACT)
    samples.award(samples.bid(contract, samples.CANCER_LIFELINE), status=AwardStatus.ENDED)

    assert '<strong class="govuk-tag govuk-tag--grey">Ended</strong>' in section(
        page(samples.CANCER_LIFELINE)
    )


def test_an_organisation_with_no_contract_award_has_no_section(council: Council) -> None:
    grant_round_award = samples.grant_award(council, samples.CANCER_LIFELINE)  # a grant, not a contract
    award_grant_publish(grant_round_award)
    contract = samples.opportunity(council, OpportunityKind.CONTRACT)
    samples.award(samples.bid(contract, samples.BUDDY_BEAR))  # another organisation's

    html = page(samples.CANCER_LIFELINE)

    assert 'id="contract-awards"' not in html
    assert "Warm spaces this winter" in html  # its grant round's award, among its grants


def test_a_grant_rounds_award_shows_among_the_grants_and_an_example_is_tagged(council: Council) -> None:
    real = award_grant_publish(samples.grant_award(council, samples.BUDDY_BEAR))
    example = award_grant_publish(
        samples.grant_award(council, samples.BUDDY_BEAR, is_example=True, award_date=dt.date(2025, 3, 11))
    )

    html = page(samples.BUDDY_BEAR)
    grants = html[html.index('id="grants"') :]
    rows = re.findall(r'<tr class="govuk-table__row">\s*<td class="govuk-table__cell">.*?</tr>', grants, re.S)
    [example_row] = [row for row in rows if example.grant_id in row]
    [real_row] = [row for row in rows if real.grant_id in row]

    assert EXAMPLE_TAG in example_row
    assert "Example: Warm spaces this winter" in example_row
    assert EXAMPLE_TAG not in real_row
    assert "Westminster City Council" in real_row


def test_an_example_grants_own_page_is_tagged_and_says_it_is_not_a_real_decision(council: Council) -> None:
    example = award_grant_publish(samples.grant_award(council, is_example=True))
    real = award_grant_publish(samples.grant_award(council, samples.BUDDY_BEAR))

    shown = Client().get(f"/grants/{example.grant_id}/").content.decode()
    plain = Client().get(f"/grants/{real.grant_id}/").content.decode()

    assert f'<div class="govuk-inset-text">{EXAMPLE_TAG} An example grant made for the demonstration' in shown
    assert "not a real council's decision" in shown
    assert "Awarded through this service and published in the 360Giving standard" in shown
    assert EXAMPLE_TAG not in plain
    assert "govuk-inset-text" not in plain


def test_the_grant_list_tags_an_example(council: Council) -> None:
    example = award_grant_publish(samples.grant_award(council, is_example=True))

    html = Client().get("/grants/").content.decode()
    [row] = [row for row in html.split("<tr") if example.grant_id in row]

    assert EXAMPLE_TAG in row
