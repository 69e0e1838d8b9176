"""The curators' page of possible duplicates: its tabs, its pages, one pair alone, and who is refused."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from commoncause.linkage.merge import link_records
from commoncause.linkage.models import LinkCandidate, LinkStatus
from commoncause.linkage.tests.factories import LinkCandidateFactory
from commoncause.register.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
PAGE = "/curation/duplicates/"


def _cards(html: str) -> list[int]:
    return [int(number) for number in re.findall(r'id="pair-(\d+)"', html)]


@pytest.fixture
def pairs() -> dict[str, LinkCandidate]:
    """One pair in each state, named as in a funder's file and the register."""
    made = link_records(
        actor=None,
        source=OrganisationFactory.create(name="Royal Birmingham Conservatoire (360G)"),
        target=OrganisationFactory.create(name="Royal Birmingham Conservatoire"),
    )
    return {
        "pending": LinkCandidateFactory.create(source__name="Ulster Orchestra", points=6.5),
        "auto": LinkCandidateFactory.create(
            source=made.source, target=made.target, status="auto", merge=made
        ),
        "rejected": LinkCandidateFactory.create(
            source__name="Crisis", status="rejected", reason="Two bodies."
        ),
        "split": LinkCandidateFactory.create(source__name="Tron", status="split"),
        "confirmed": LinkCandidateFactory.create(source__name="Clean Break", status="confirmed"),
    }


@pytest.mark.parametrize(
    ("show", "shown"),
    [
        ("", ["pending"]),
        ("waiting", ["pending"]),
        ("automatic", ["auto"]),
        ("decided", ["rejected", "split", "confirmed"]),
        ("nonsense", ["pending"]),
    ],
)
def test_each_tab_shows_the_pairs_in_its_states(
    client: Client, curator: User, pairs: dict[str, LinkCandidate], show: str, shown: list[str]
) -> None:
    client.force_login(curator)
    page = client.get(PAGE, {"show": show} if show else {}).content.decode()
    assert sorted(_cards(page)) == sorted(pairs[state].pk for state in shown)
    assert "Waiting (1)" in page  # the count of waiting pairs, on every tab


def test_each_pair_shows_its_evidence_and_what_can_be_done_with_it(
    client: Client, curator: User, pairs: dict[str, LinkCandidate]
) -> None:
    client.force_login(curator)
    waiting = client.get(PAGE).content.decode()
    assert "Evidence: one name is part of the other, the same postcode (6.5 points)." in waiting
    assert "Same body: link them" in waiting
    decided = client.get(PAGE, {"show": "decided"}).content.decode()
    assert "Kept apart by a curator" in decided
    assert ": Two bodies." in decided
    assert decided.count("Decide again") == 1  # only the rejection can be reopened
    assert decided.count("Split them") == 1  # only the confirmed link can be split
    assert "Same body: link them" not in decided


def test_an_empty_tab_says_so(client: Client, curator: User) -> None:
    client.force_login(curator)
    assert "No possible duplicates are waiting." in client.get(PAGE).content.decode()
    assert "None yet." in client.get(PAGE, {"show": "automatic"}).content.decode()


def test_pairs_come_twenty_to_a_page_strongest_first_and_the_pages_keep_the_tab(
    client: Client, curator: User
) -> None:
    made = [LinkCandidateFactory.create(points=4.0 + n / 10, status="rejected") for n in range(21)]
    client.force_login(curator)
    first = client.get(PAGE, {"show": "decided"}).content.decode()
    assert _cards(first) == [pair.pk for pair in reversed(made[1:])]
    assert "?show=decided&amp;page=2" in first
    second = client.get(PAGE, {"show": "decided", "page": "2"}).content.decode()
    assert _cards(second) == [made[0].pk]
    assert _cards(client.get(PAGE, {"show": "decided", "page": "99"}).content.decode()) == [made[0].pk]


def test_one_pair_opens_alone_whatever_its_state(
    client: Client, curator: User, pairs: dict[str, LinkCandidate]
) -> None:
    client.force_login(curator)
    for pair in pairs.values():
        assert _cards(client.get(PAGE, {"pair": str(pair.pk)}).content.decode()) == [pair.pk]
    assert _cards(client.get(PAGE, {"pair": "999999"}).content.decode()) == []


@pytest.mark.parametrize("who", ["member", "officer"])
def test_people_who_are_not_curators_are_refused_the_page_and_every_decision(
    client: Client, pairs: dict[str, LinkCandidate], request: pytest.FixtureRequest, who: str
) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(PAGE).status_code == 403
    pending, auto, rejected = pairs["pending"], pairs["auto"], pairs["rejected"]
    answers = [
        client.post(f"{PAGE}{pending.pk}/", {"decision": "approve"}),
        client.post(f"{PAGE}{auto.pk}/split/"),
        client.post(f"{PAGE}{rejected.pk}/reopen/"),
    ]
    assert [answer.status_code for answer in answers] == [403, 403, 403]
    statuses = dict(LinkCandidate.objects.values_list("pk", "status"))
    assert (statuses[pending.pk], statuses[auto.pk], statuses[rejected.pk]) == ("pending", "auto", "rejected")


def test_the_public_is_sent_to_sign_in(client: Client, pairs: dict[str, LinkCandidate]) -> None:
    for answer in (client.get(PAGE), client.post(f"{PAGE}{pairs['pending'].pk}/", {"decision": "approve"})):
        assert answer.status_code == 302
        assert answer["Location"].startswith("/accounts/sign-in/")
    assert LinkCandidate.objects.get(pk=pairs["pending"].pk).status == LinkStatus.PENDING


def test_an_administrator_may_decide_too(
    client: Client, admin_user: User, pairs: dict[str, LinkCandidate]
) -> None:
    client.force_login(admin_user)
    assert client.get(PAGE).status_code == 200
    answer = client.post(f"{PAGE}{pairs['pending'].pk}/", {"decision": "reject", "reason": "Two orchestras."})
    assert answer.status_code == 302
    assert LinkCandidate.objects.get(pk=pairs["pending"].pk).status == LinkStatus.REJECTED


def test_decisions_are_posted_and_name_a_pair_that_exists(
    client: Client, curator: User, pairs: dict[str, LinkCandidate]
) -> None:
    client.force_login(curator)
    pending = pairs["pending"]
    assert client.get(f"{PAGE}{pending.pk}/").status_code == 405
    assert client.get(f"{PAGE}{pending.pk}/split/").status_code == 405
    assert client.post(f"{PAGE}999999/", {"decision": "approve"}).status_code == 404
    assert client.post(f"{PAGE}999999/reopen/").status_code == 404


def test_a_curator_reopens_a_rejection_and_returns_to_the_tab_they_were_on(
    client: Client, curator: User, pairs: dict[str, LinkCandidate]
) -> None:
    client.force_login(curator)
    rejected = pairs["rejected"]
    answer = client.post(f"{PAGE}{rejected.pk}/reopen/", {"show": "decided"})
    assert answer["Location"] == f"{PAGE}?show=decided"
    page = client.get(PAGE).content.decode()
    assert "wait for a decision again" in page
    assert rejected.pk in _cards(page)


def test_splitting_a_pair_that_is_not_linked_says_why_and_changes_nothing(
    client: Client, curator: User, pairs: dict[str, LinkCandidate]
) -> None:
    client.force_login(curator)
    answer = client.post(f"{PAGE}{pairs['pending'].pk}/split/", {"show": "elsewhere"}, follow=True)
    assert answer.redirect_chain[0][0] == PAGE  # an unknown tab is not carried back
    assert "This pair is not linked." in answer.content.decode()
    assert LinkCandidate.objects.get(pk=pairs["pending"].pk).status == LinkStatus.PENDING


def test_a_curator_splits_an_automatic_link_from_its_tab(
    client: Client, curator: User, pairs: dict[str, LinkCandidate]
) -> None:
    client.force_login(curator)
    auto = pairs["auto"]
    answer = client.post(f"{PAGE}{auto.pk}/split/", {"show": "automatic"}, follow=True)
    assert answer.redirect_chain[0][0] == f"{PAGE}?show=automatic"
    assert "are separate records again" in answer.content.decode()
    auto.refresh_from_db()
    assert auto.status == LinkStatus.SPLIT
    assert auto.source.merged_into is None
