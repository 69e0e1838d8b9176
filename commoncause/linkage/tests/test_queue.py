"""Acting on the matcher's verdicts (link, queue, leave) and curators' decisions on the pairs it found."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from commoncause.accounts.models import AuditEntry
from commoncause.linkage.index import Entry, MatchIndex
from commoncause.linkage.merge import LinkError, link_records
from commoncause.linkage.models import LinkCandidate, LinkStatus
from commoncause.linkage.queue import (
    act_on_matches,
    confirm,
    linkage_note,
    match_new_organisations,
    match_organisations,
    pending_involving,
    reject,
    reopen,
    split,
)
from commoncause.linkage.register_index import register_index
from commoncause.linkage.score import Comparison, best_matches
from commoncause.linkage.tests.factories import LinkCandidateFactory
from commoncause.register.models import Organisation
from commoncause.register.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _record(index: MatchIndex, organisation: Organisation) -> Entry:
    record = index.get(organisation.pk)
    assert record is not None
    return record


def _act(
    source: Organisation,
    index: MatchIndex | None = None,
    found_by: str = "a file",
    found: list[Comparison] | None = None,
) -> LinkCandidate | None:
    index = index or register_index()
    return act_on_matches(
        source=source, record=_record(index, source), index=index, found_by=found_by, found=found
    )


def _audit(actions: str) -> list[tuple[str, object]]:
    return list(AuditEntry.objects.filter(action__in=actions.split()).values_list("action", "actor"))


def test_a_record_like_no_other_is_left_alone() -> None:
    OrganisationFactory.create(name="Cancer Lifeline", postcode="BT14 7PJ")
    group = OrganisationFactory.create(name="Belfast Boxing Academy", postcode="BT14 7PJ")
    assert _act(group) is None
    assert not LinkCandidate.objects.exists()
    assert _audit("create merge") == []


def test_strong_unambiguous_evidence_links_the_record_automatically() -> None:
    conservatoire = OrganisationFactory.create(name="Royal Birmingham Conservatoire", postcode="B4 7XR")
    group = OrganisationFactory.create(name="Royal Birmingham Conservatoire", postcode="B4 7XR")
    index = register_index()
    pair = _act(group, index)
    assert pair is not None
    assert (pair.status, pair.target, pair.points) == (LinkStatus.AUTO, conservatoire, 17.0)
    assert pair.decided_by is None
    assert pair.decided_at is not None
    assert pair.merge is not None
    assert pair.merge.reason == "Linked automatically (the same name, the same postcode; 17 points)."
    group.refresh_from_db()
    assert group.merged_into == conservatoire
    assert index.get(group.pk) is None  # no later record of the import is matched with it
    assert _audit("create merge") == [("merge", None)]


def test_a_pair_the_evidence_cannot_settle_waits_for_a_curator() -> None:
    youth = OrganisationFactory.create(name="The Ulster Youth Orchestra", postcode="BT1 1FF")
    group = OrganisationFactory.create(name="Ulster Orchestra", postcode="BT1 4LS")
    pair = _act(group, found_by="x" * 300)
    assert pair is not None
    assert (pair.status, pair.target, pair.reasons) == (
        LinkStatus.PENDING,
        youth,
        ["one name is part of the other", "the same postcode district"],
    )
    assert pair.found_by == "x" * 200
    assert _audit("create merge") == [("create", None)]
    group.refresh_from_db()
    assert group.merged_into is None


@pytest.mark.parametrize("status", ["removed", "dissolved"])
def test_a_closed_body_is_queued_for_a_curator_not_linked(status: str) -> None:
    # A removed charity's successor may carry its name: a curator decides.
    OrganisationFactory.create(name="Migration Museum Project", postcode="SE1 7PB", status=status)
    group = OrganisationFactory.create(name="Migration Museum Project", postcode="SE1 7PB")
    pair = _act(group)
    assert pair is not None
    assert pair.status == LinkStatus.PENDING
    assert pair.points >= 11


@pytest.mark.parametrize("decided", [LinkStatus.REJECTED, LinkStatus.SPLIT])
def test_a_rejected_or_split_pair_is_never_linked_again(decided: str) -> None:
    conservatoire = OrganisationFactory.create(name="Royal Birmingham Conservatoire", postcode="B4 7XR")
    group = OrganisationFactory.create(name="Royal Birmingham Conservatoire", postcode="B4 7XR")
    kept_apart = LinkCandidateFactory.create(
        source=group, target=conservatoire, status=decided, reason="Two schools."
    )
    assert _act(group) == kept_apart
    kept_apart.refresh_from_db()
    assert (kept_apart.status, kept_apart.reason) == (decided, "Two schools.")
    group.refresh_from_db()
    assert group.merged_into is None
    assert _audit("create merge") == []


def test_best_matches_worked_out_before_a_candidate_left_the_index_are_worked_out_again() -> None:
    first = OrganisationFactory.create(name="Royal Birmingham Conservatoire", postcode="B4 7XR")
    second = OrganisationFactory.create(name="Royal Birmingham Conservatoire", postcode="B4 7XR")
    group = OrganisationFactory.create(name="Royal Birmingham Conservatoire", postcode="B4 7XR")
    index = register_index()
    ahead = best_matches(index, _record(index, group))  # two bodies by one name: ambiguous
    index.remove(first.pk)  # linked into another meanwhile
    pair = _act(group, index, found=ahead)
    assert pair is not None
    assert (pair.target, pair.status) == (second, LinkStatus.AUTO)


def test_a_curator_decides_a_pair_once(curator: User) -> None:
    pair = LinkCandidateFactory.create()
    reject(candidate=pair, curator=curator, reason="  Different postcodes and trustees.  ")
    assert (pair.status, pair.reason, pair.decided_by) == (
        LinkStatus.REJECTED,
        "Different postcodes and trustees.",
        curator,
    )
    with pytest.raises(LinkError, match="decided already"):
        confirm(candidate=pair, curator=curator)
    with pytest.raises(LinkError, match="decided already"):
        reject(candidate=pair, curator=curator, reason="Again.")


def test_a_confirmed_pair_without_a_reason_records_the_evidence(curator: User) -> None:
    pair = LinkCandidateFactory.create()
    made = confirm(candidate=pair, curator=curator)
    assert made.reason == "Confirmed as one body (one name is part of the other, the same postcode)."
    assert (pair.status, pair.merge, pair.reason) == (LinkStatus.CONFIRMED, made, "")
    assert made.merged_by == curator


def test_only_a_pair_kept_apart_is_reopened_and_only_by_a_curator(curator: User, member: User) -> None:
    pair = LinkCandidateFactory.create()
    with pytest.raises(LinkError, match="Only a pair kept apart"):
        reopen(candidate=pair, curator=curator)
    reject(candidate=pair, curator=curator, reason="Different bodies.")
    with pytest.raises(LinkError) as refused:
        reopen(candidate=pair, curator=member)
    assert refused.value.not_allowed
    reopen(candidate=pair, curator=curator)
    assert (pair.status, pair.decided_by, pair.decided_at, pair.reason) == (
        LinkStatus.PENDING,
        None,
        None,
        "",
    )
    update = AuditEntry.objects.get(action="update", target_type="linkage.linkcandidate")
    assert update.before == {"status": "rejected", "reason": "Different bodies."}


def test_only_a_linked_pair_is_split_and_only_by_a_curator(curator: User, member: User) -> None:
    waiting = LinkCandidateFactory.create()
    with pytest.raises(LinkError, match="not linked"):
        split(candidate=waiting, curator=curator)
    made = link_records(actor=None, source=waiting.source, target=waiting.target)
    linked = LinkCandidateFactory.create(status=LinkStatus.AUTO, merge=made)
    with pytest.raises(LinkError) as refused:
        split(candidate=linked, curator=member)
    assert refused.value.not_allowed
    split(candidate=linked, curator=curator)
    linked.refresh_from_db()
    assert linked.status == LinkStatus.SPLIT
    with pytest.raises(LinkError, match="not linked"):
        split(candidate=linked, curator=curator)


def test_the_pairs_waiting_that_an_organisation_is_one_of() -> None:
    charity = OrganisationFactory.create(name="Cancer Lifeline")
    as_target = LinkCandidateFactory.create(target=charity)
    as_source = LinkCandidateFactory.create(source=charity)
    LinkCandidateFactory.create(source=charity, status=LinkStatus.REJECTED)
    LinkCandidateFactory.create()
    assert {pair.pk for pair in pending_involving(charity)} == {as_target.pk, as_source.pk}


def test_matching_many_records_counts_each_outcome_and_names_the_records_a_link_changed() -> None:
    conservatoire = OrganisationFactory.create(name="Royal Birmingham Conservatoire", postcode="B4 7XR")
    OrganisationFactory.create(name="The Ulster Youth Orchestra", postcode="BT1 1FF")
    OrganisationFactory.create(name="Cancer Lifeline", postcode="BT14 7PJ")
    groups = [
        OrganisationFactory.create(name="Royal Birmingham Conservatoire", postcode="B4 7XR"),
        OrganisationFactory.create(name="Ulster Orchestra", postcode="BT1 4LS"),
        OrganisationFactory.create(name="Belfast Boxing Academy", postcode="BT14 7PJ"),
        OrganisationFactory.create(name="Larch Street Lunch Club", merged_into=conservatoire),  # skipped
    ]
    counts, changed = match_new_organisations([group.pk for group in groups], found_by="a council's list")
    assert counts == {"linked": 1, "queued": 1, "apart": 1}
    assert changed == {groups[0].pk, conservatoire.pk}
    assert linkage_note(counts) == (
        "Of 3 groups new to the register without a register's number, 1 were linked to an organisation "
        "already in it, 1 wait for a curator and 1 matched none."
    )


def test_two_records_of_one_body_in_one_file_are_linked_once() -> None:
    """The first is linked into the second, which then has nothing left to be linked into."""
    first = OrganisationFactory.create(name="Arts Educational Schools London", postcode="W4 1LY")
    second = OrganisationFactory.create(name="Arts Educational Schools London", postcode="W4 1LY")
    index = register_index()
    counts, changed = match_organisations([first, second], index=index, found_by="a file")
    assert counts["linked"] == 1
    assert changed == {first.pk, second.pk}
    pair = LinkCandidate.objects.get()
    assert (pair.source, pair.target, pair.status) == (first, second, LinkStatus.AUTO)
    second.refresh_from_db()
    assert second.merged_into is None
