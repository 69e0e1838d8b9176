"""The consortium builder on Westminster's real wards and the register sample's charities placed in
them: the requirement, the candidates' wards (as coverage counts them) and services (as the matching
engine reads them), the smallest consortia checked against brute force, why none fits, and its page."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from commoncause.funding import consortium_builder as builder
from commoncause.funding.models import Bid, PartnerStatus
from commoncause.funding.opportunity_matching import opportunity_matches
from commoncause.funding.tests.bid_samples import (
    BABYLON,
    CHURCH_STREET,
    SOHO,
    ST_JAMESS,
    WESTMINSTER,
    Cast,
    bid_cast,
    organisation,
)
from commoncause.places.selectors import council_coverage, council_of
from commoncause.register.models import AreaOfOperation

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast() -> Cast:
    return bid_cast(geography=True)


def _page(cast: Cast, **query: object) -> str:
    found = "&".join(f"{key}={value}" for key, value in query.items())
    return f"/opportunities/{cast.opportunity.pk}/consortia/" + (f"?{found}" if found else "")


def test_a_council_stands_for_all_its_wards_and_a_ward_for_itself(cast: Cast) -> None:
    whole = builder.requirement_wards(cast.opportunity)
    assert len(whole) == 18
    assert whole[CHURCH_STREET] == "Church Street"
    assert builder.requirement_wards(cast.opportunity, cast.lot(1)) == {
        CHURCH_STREET: "Church Street", ST_JAMESS: "St James's",
    }  # fmt: skip
    assert (
        builder.requirement_wards(cast.opportunity, cast.lot(2)) == whole
    )  # a lot with no wards: the whole's
    needed = builder.needed_for(cast.opportunity, cast.lot(1))
    assert (needed.services, needed.value, needed.yearly) == (
        {"HE": "Health"},
        Decimal(120000),
        Decimal(40000),
    )


def test_a_candidates_wards_are_those_coverage_counts_it_in(cast: Cast) -> None:
    needed = builder.needed_for(cast.opportunity, cast.lot(1))
    rows = {
        row.organisation.pk: row for row in builder.builder_candidates(cast.opportunity, cast.lot(1), needed)
    }
    babylon, soho = organisation(BABYLON), organisation(SOHO)

    assert rows[babylon.pk].covered == {CHURCH_STREET}  # based there, by its postcode
    assert rows[soho.pk].covered == {ST_JAMESS}
    assert rows[soho.pk].services == {"HE"}
    assert rows[babylon.pk].services == frozenset()
    assert rows[babylon.pk].income == 280100

    AreaOfOperation.objects.create(organisation=babylon, area_type="Local authority", name="Westminster",
                                   gss_code=WESTMINSTER, source="its own statement")  # fmt: skip
    coverage = council_coverage(council_of(WESTMINSTER))  # type: ignore[arg-type]
    serving = {row.ward.code for row in coverage.wards for cell in row.cells.values()
               if any(text.replace("-", "") == babylon.pk.hex for text in cell.serving)}  # fmt: skip
    assert len(serving) == 18
    assert builder.organisation_wards([CHURCH_STREET])[babylon.pk] == serving


def _brute_force_smallest(answer: builder.BuilderAnswer) -> int | None:
    """The fewest candidates covering every ward and service with enough safe capacity, trying every set."""
    needed, share = answer.needed, answer.safe_share
    pool = [row for row in answer.candidates if row.covered or row.services]
    for size in range(1, 5):
        for chosen in itertools.combinations(pool, size):
            wards = set().union(*(row.covered for row in chosen))
            services = set().union(*(row.services for row in chosen))
            room = sum(min(float(needed.yearly), share * (row.income or 0)) for row in chosen)
            if (
                wards >= set(needed.wards)
                and services >= set(needed.services)
                and room >= float(needed.yearly)
            ):
                return size
    return None


def test_the_smallest_consortia_match_brute_force_and_keep_within_safe_shares(cast: Cast) -> None:
    answer = builder.builder_answer(cast.opportunity, cast.lot(1))

    assert answer.proposals
    assert _brute_force_smallest(answer) == 2
    first = answer.proposals[0]
    assert len(first.members) == 2
    assert organisation(BABYLON).pk in {member.candidate.organisation.pk for member in first.members}
    for proposal in answer.proposals:
        members = proposal.members
        assert set().union(*(m.wards for m in members)) == {CHURCH_STREET, ST_JAMESS}
        assert set().union(*(m.services for m in members)) == {"HE"}
        assert sum(m.share for m in members) == Decimal(40000)  # the yearly value, shared out
        assert all(m.share <= Decimal("0.5") * m.candidate.income for m in members)  # type: ignore[operator]
        assert proposal.consortium.reasons[0].startswith("2 partners between them cover every required ward")
    assert len({frozenset(m.candidate.key for m in p.members) for p in answer.proposals}) == len(
        answer.proposals
    )


def test_why_none_names_the_ward_no_one_covers_and_too_little_capacity(cast: Cast) -> None:
    lot = cast.lot(2)
    lot.areas, lot.services = ["E05013793"], ["HE"]  # Bayswater: none of the matches work there
    lot.save()
    answer = builder.builder_answer(cast.opportunity, lot)
    assert answer.proposals == ()
    assert answer.why_none[0] == "No organisation covers the ward E05013793."

    lot.areas, lot.value = [CHURCH_STREET, ST_JAMESS], Decimal(30_000_000)
    lot.save()
    answer = builder.builder_answer(cast.opportunity, lot, safe_share=0.1)
    assert answer.proposals == ()
    assert answer.why_none[0].startswith("The organisations' safe capacity adds up to £")
    assert answer.why_none[0].endswith("less than the £10,000,000 the opportunity is worth.")


def test_the_page_shows_consortia_with_reasons_computing_the_matches_once(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Any] = []
    real = opportunity_matches

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr("commoncause.funding.consortium_builder.opportunity_matches", counted)
    client = Client()
    client.force_login(cast.other_member)

    response = client.get(_page(cast, lot=1))

    html = response.content.decode()
    assert response.status_code == 200
    assert calls == [{"lot": cast.lot(1), "limit": 40}]
    assert "Consortium 1: 2 partners" in html
    assert "BABYLON TRUST: covers E05013794" in html
    assert "of its yearly income (the safe limit is 50%)" in html
    assert "Start a bid with these partners" in html
    assert (
        '<caption class="govuk-table__caption govuk-table__caption--s">The partners of consortium 1</caption>'
        in html
    )


def test_the_safe_share_is_adjustable_from_10_to_100_percent(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.lead_member)

    refused = client.get(_page(cast, lot=1, safe_share=5))
    assert refused.status_code == 400
    assert "Ensure this value is greater than or equal to 10." in refused.content.decode()
    whole = client.get(_page(cast, lot=1, safe_share=100))
    assert whole.status_code == 200
    assert "100% of a partner's yearly income" in whole.content.decode()


def test_a_member_starts_a_bid_with_the_partners_the_page_proposed(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.lead_member)
    html = client.get(_page(cast, lot=1)).content.decode()
    start = html.index(f'<form method="post" action="/opportunities/{cast.opportunity.pk}/bids/new/"')
    form = html[start : html.index("</form>", start)]
    posted: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form):
        posted.setdefault(name, []).append(value)
    posted["lead"] = [str(cast.lead.pk)]

    response = client.post(f"/opportunities/{cast.opportunity.pk}/bids/new/", posted)

    assert response.status_code == 302, re.findall(
        r"<li><a href=[^>]*>([^<]*)</a>", response.content.decode()
    )
    bid = Bid.objects.get()
    assert (bid.lead, bid.lot) == (cast.lead, cast.lot(1))
    rows = list(bid.partners.order_by("-is_lead", "id"))
    assert [row.organisation.pk for row in rows][0] == cast.lead.pk
    assert {str(row.organisation.pk) for row in rows} >= set(posted["partner"])
    assert all(row.status == PartnerStatus.INVITED for row in rows if not row.is_lead)
    assert sum(row.work_share for row in rows) == Decimal(100)
    assert sum(row.money_share for row in rows) == Decimal(120000)  # the lot's whole value, to the penny


def test_the_builder_is_for_signed_in_people_on_an_open_opportunity(cast: Cast) -> None:
    assert Client().get(_page(cast)).status_code == 302
    client = Client()
    client.force_login(cast.officer)
    assert client.get(_page(cast)).status_code == 200  # anyone signed in may look
    cast.opportunity.status = "closed"
    cast.opportunity.save()
    assert client.get(_page(cast)).status_code == 404
    assert client.post(_page(cast)).status_code == 405
