"""Linking a record into another and undoing it: steps other apps add, rows that move or stay, who may."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client

from commoncause.accounts.models import AuditEntry
from commoncause.funding.models import Grant
from commoncause.linkage import merge as merging
from commoncause.linkage.merge import (
    LinkError,
    MergeStep,
    link_records,
    organisation_link,
    organisation_unlink,
)
from commoncause.linkage.models import LinkCandidate, LinkStatus, OrganisationMerge
from commoncause.linkage.selectors import links_into
from commoncause.linkage.tests.factories import LinkCandidateFactory, OrganisationMergeFactory
from commoncause.register.models import FinancialYear, Organisation, OrgIdentifier, SourceRecord
from commoncause.register.tests.factories import (
    FinancialYearFactory,
    OrganisationFactory,
    OrganisationLinkFactory,
    SourceRecordFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def group() -> Organisation:
    """A funder's record of a group (as the Andrew Lloyd Webber Foundation's file names it)."""
    return OrganisationFactory.create(
        name="Ulster Orchestra", postcode="BT1 4LS", org_ids=["GB-LOCAL-5D1A2B3C4E"]
    )


@pytest.fixture
def body() -> Organisation:
    return OrganisationFactory.create(
        name="The Ulster Youth Orchestra", postcode="BT1 1FF", org_ids=["GB-NIC-101104"]
    )


@pytest.fixture
def steps(monkeypatch: pytest.MonkeyPatch) -> dict[str, MergeStep]:
    """The registered steps, restored after the test."""
    registered = dict(merging._STEPS)
    monkeypatch.setattr(merging, "_STEPS", registered)
    return registered


def test_a_merge_step_runs_before_rows_move_and_is_undone_after_they_move_back(
    group: Organisation, body: Organisation, curator: User, steps: dict[str, MergeStep]
) -> None:
    seen: list[tuple[str, int, list[int]]] = []

    def link(source: Organisation, target: Organisation) -> list[int]:
        seen.append(("link", source.identifiers.count(), []))
        return [target.identifiers.count(), 2024]

    def unlink(source: Organisation, target: Organisation, remembered: list[int]) -> None:
        seen.append(("unlink", source.identifiers.count(), remembered))

    merging.merge_step_add(MergeStep(name="notes", link=link, unlink=unlink))
    made = organisation_link(curator=curator, source=group, target=body)
    assert made.moved["notes"] == [1, 2024]
    organisation_unlink(curator=curator, merge=made)
    # The step saw the source's identifier still there when linking, and back when unlinking.
    assert seen == [("link", 1, []), ("unlink", 1, [1, 2024])]


def test_a_merge_step_added_again_under_its_name_replaces_the_first(
    group: Organisation, body: Organisation, curator: User, steps: dict[str, MergeStep]
) -> None:
    calls: list[str] = []

    def step(label: str) -> MergeStep:
        def link(source: Organisation, target: Organisation) -> list[int]:
            calls.append(label)
            return []

        return MergeStep(name="notes", link=link, unlink=lambda source, target, remembered: None)

    merging.merge_step_add(step("first"))
    merging.merge_step_add(step("second"))
    organisation_link(curator=curator, source=group, target=body)
    assert calls == ["second"]


def test_a_row_the_body_already_has_an_equal_of_stays_behind_and_the_rest_move(
    group: Organisation, body: Organisation, curator: User
) -> None:
    year_end = dt.date(2024, 3, 31)
    both = FinancialYearFactory.create(organisation=group, source="ccni", period_end=year_end, income=1)
    FinancialYearFactory.create(organisation=body, source="ccni", period_end=year_end, income=2)
    earlier = FinancialYearFactory.create(organisation=group, source="ccni", period_end=dt.date(2023, 3, 31))
    other_source = FinancialYearFactory.create(organisation=group, source="ccew", period_end=year_end)
    made = organisation_link(curator=curator, source=group, target=body)
    assert sorted(made.moved["register.financialyear.organisation"]) == sorted(
        [str(earlier.pk), str(other_source.pk)]
    )
    assert FinancialYear.objects.get(pk=both.pk).organisation == group
    assert body.financial_years.count() == 3
    organisation_unlink(curator=curator, merge=made)
    assert set(group.financial_years.values_list("pk", flat=True)) == {both.pk, earlier.pk, other_source.pk}
    assert list(body.financial_years.values_list("income", flat=True)) == [2]


def test_source_records_move_with_the_body_and_come_back(
    group: Organisation, body: Organisation, curator: User
) -> None:
    record = SourceRecordFactory.create(organisation=group, source="360giving", source_key="360G-ALWF-12")
    made = organisation_link(curator=curator, source=group, target=body)
    assert SourceRecord.objects.get(pk=record.pk).organisation == body
    organisation_unlink(curator=curator, merge=made)
    assert SourceRecord.objects.get(pk=record.pk).organisation == group


def test_the_matchers_pairs_and_earlier_links_stay_with_the_record_they_name(
    group: Organisation, body: Organisation, curator: User
) -> None:
    elsewhere = LinkCandidateFactory.create(source=group)
    earlier = OrganisationMergeFactory.create(target=group)
    made = organisation_link(curator=curator, source=group, target=body)
    assert LinkCandidate.objects.get(pk=elsewhere.pk).source == group
    assert OrganisationMerge.objects.get(pk=earlier.pk).target == group
    assert "linkage.linkcandidate" not in made.moved
    assert "linkage.organisationmerge" not in made.moved


def test_the_bodys_canonical_org_id_stays_primary_and_the_groups_is_primary_again_after_undoing(
    group: Organisation, body: Organisation, curator: User
) -> None:
    made = organisation_link(curator=curator, source=group, target=body)
    assert list(body.identifiers.filter(is_primary=True).values_list("org_id", flat=True)) == [
        "GB-NIC-101104"
    ]
    assert made.moved["primary_identifiers"] == ["GB-LOCAL-5D1A2B3C4E"]
    organisation_unlink(curator=curator, merge=made)
    assert OrgIdentifier.objects.get(org_id="GB-LOCAL-5D1A2B3C4E").is_primary
    assert OrgIdentifier.objects.get(org_id="GB-LOCAL-5D1A2B3C4E").organisation == group


def test_a_link_made_by_the_matcher_has_no_person_and_one_a_curator_undoes_names_them(
    group: Organisation, body: Organisation, curator: User
) -> None:
    made = link_records(actor=None, source=group, target=body, reason="  Linked automatically.  ")
    assert (made.merged_by, made.reason) == (None, "Linked automatically.")
    entry = AuditEntry.objects.get(action="merge")
    assert entry.actor is None
    assert entry.target_label == "Ulster Orchestra linked into The Ulster Youth Orchestra"
    organisation_unlink(curator=curator, merge=made)
    assert AuditEntry.objects.get(action="unmerge").actor == curator
    made.refresh_from_db()
    assert made.undone_by == curator
    assert made.undone_at is not None


def test_undoing_a_link_the_matcher_found_marks_its_pair_split(
    group: Organisation, body: Organisation, curator: User
) -> None:
    made = link_records(actor=None, source=group, target=body)
    pair = LinkCandidateFactory.create(source=group, target=body, status=LinkStatus.AUTO, merge=made)
    organisation_unlink(curator=curator, merge=made)
    pair.refresh_from_db()
    assert (pair.status, pair.decided_by) == (LinkStatus.SPLIT, curator)


def test_only_curators_undo_links_and_a_record_already_linked_cannot_be_linked_again(
    group: Organisation, body: Organisation, curator: User, member: User
) -> None:
    made = organisation_link(curator=curator, source=group, target=body)
    with pytest.raises(LinkError) as refused:
        organisation_unlink(curator=member, merge=made)
    assert refused.value.not_allowed
    third = OrganisationFactory.create(name="Ulster Youth Orchestra Friends")
    with pytest.raises(LinkError, match="linked into another already"):
        organisation_link(curator=curator, source=third, target=group)  # into a record now part of another


def test_the_records_linked_into_a_body_are_those_not_undone(
    group: Organisation, body: Organisation, curator: User
) -> None:
    made = organisation_link(curator=curator, source=group, target=body)
    assert [link.source for link in links_into(body)] == [group]
    organisation_unlink(curator=curator, merge=made)
    assert list(links_into(body)) == []


def test_only_curators_reach_the_link_page_and_the_undo(
    client: Client, group: Organisation, body: Organisation, curator: User, member: User, officer: User
) -> None:
    page = "/organisations/GB-LOCAL-5D1A2B3C4E/link/"
    assert client.get(page)["Location"].startswith("/accounts/sign-in/")
    for person in (member, officer):
        client.force_login(person)
        assert client.get(page).status_code == 403
        assert client.post(page, {"target": "GB-NIC-101104"}).status_code == 403
    group.refresh_from_db()
    assert group.merged_into is None
    made = organisation_link(curator=curator, source=group, target=body)
    assert client.post(f"/curation/links/{made.pk}/undo/").status_code == 403
    made.refresh_from_db()
    assert made.undone_at is None


def test_the_link_page_refuses_a_link_to_itself_and_an_unknown_record(
    client: Client, group: Organisation, curator: User
) -> None:
    client.force_login(curator)
    page = client.post("/organisations/GB-LOCAL-5D1A2B3C4E/link/", {"target": "GB-LOCAL-5D1A2B3C4E"})
    assert page.status_code == 400
    assert "a record cannot be linked to itself" in page.content.decode()
    assert client.get("/organisations/GB-LOCAL-0000000000/link/").status_code == 404


def test_a_curator_undoes_a_link_from_the_bodys_page_once(
    client: Client, group: Organisation, body: Organisation, curator: User, officer: User
) -> None:
    made = organisation_link(curator=curator, source=group, target=body, reason="Registered in May")
    client.force_login(officer)
    assert "Undo the link" not in client.get(f"/organisations/{body.pk}/").content.decode()
    client.force_login(curator)
    shown = client.get(f"/organisations/{body.pk}/").content.decode()
    assert "Ulster Orchestra</a> was linked into this record on" in shown
    assert "Registered in May" in shown
    undo = f"/curation/links/{made.pk}/undo/"
    assert client.get(undo).status_code == 405
    answer = client.post(undo, follow=True)
    assert answer.redirect_chain[0][0] == f"/organisations/{group.pk}/"
    assert "Ulster Orchestra is a record of its own again." in answer.content.decode()
    again = client.post(undo, follow=True).content.decode()
    assert "This link has been undone already." in again
    assert client.post("/curation/links/999999/undo/").status_code == 404


def _grant(grant_id: str, funder: Organisation, recipient: Organisation) -> Grant:
    return Grant.objects.create(
        grant_id=grant_id, title="Community fund", currency="GBP", amount_awarded=5000,
        award_date=dt.date(2021, 2, 1), funder=funder, recipient=recipient,
        funder_org_id="360G-X", funder_name="A funder", source_file="grants.json",
    )  # fmt: skip


def test_undoing_a_link_puts_back_the_grants_a_record_made_and_received(curator: User) -> None:
    # A record that both funds and is funded (a community foundation, say): a grant points at it twice.
    foundation = OrganisationFactory.create(name="Larch Street Community Foundation")
    body = OrganisationFactory.create(name="Larch Street Community Foundation Ltd")
    other = OrganisationFactory.create(name="Cancer Lifeline")
    made = _grant("360G-X-1", funder=foundation, recipient=other)
    received = _grant("360G-X-2", funder=other, recipient=foundation)
    link = organisation_link(curator=curator, source=foundation, target=body)
    assert link.moved["funding.grant.funder"] == [str(made.pk)]
    assert link.moved["funding.grant.recipient"] == [str(received.pk)]
    organisation_unlink(curator=curator, merge=link)
    made.refresh_from_db()
    received.refresh_from_db()
    assert (made.funder, made.recipient) == (foundation, other)
    assert (received.funder, received.recipient) == (other, foundation)


def test_undoing_a_link_puts_back_links_to_and_from_the_record(curator: User) -> None:
    group = OrganisationFactory.create(name="Ulster Orchestra")
    body = OrganisationFactory.create(name="The Ulster Youth Orchestra")
    other = OrganisationFactory.create(name="Cancer Lifeline")
    out = OrganisationLinkFactory.create(from_organisation=group, to_organisation=other, kind="company")
    back = OrganisationLinkFactory.create(from_organisation=other, to_organisation=group, kind="merger")
    organisation_unlink(curator=curator, merge=organisation_link(curator=curator, source=group, target=body))
    out.refresh_from_db()
    back.refresh_from_db()
    assert (out.from_organisation, out.to_organisation) == (group, other)
    assert (back.from_organisation, back.to_organisation) == (other, group)


def test_a_link_recorded_by_model_alone_is_undone_by_each_of_its_foreign_keys(curator: User) -> None:
    # Links made before rows were recorded by field name them by the model's label alone.
    foundation = OrganisationFactory.create(name="Larch Street Community Foundation")
    body = OrganisationFactory.create(name="Larch Street Community Foundation Ltd")
    other = OrganisationFactory.create(name="Cancer Lifeline")
    received = _grant("360G-X-2", funder=other, recipient=body)
    link = OrganisationMergeFactory.create(
        source=foundation, target=body, moved={"funding.grant": [str(received.pk)]}
    )
    Organisation.objects.filter(pk=foundation.pk).update(merged_into=body)
    organisation_unlink(curator=curator, merge=link)
    received.refresh_from_db()
    assert (received.funder, received.recipient) == (other, foundation)


def test_undoing_a_link_leaves_each_record_its_own_primary_org_id(curator: User) -> None:
    charity = OrganisationFactory.create(name="Cancer Lifeline", org_ids=["GB-NIC-100002"])
    company = OrganisationFactory.create(name="CANCER LIFELINE", org_ids=["GB-COH-NI055010"])
    link = organisation_link(curator=curator, source=charity, target=company)
    # Linked, the charity's number is the body's primary org-id (charity registers come first).
    assert list(company.identifiers.filter(is_primary=True).values_list("org_id", flat=True)) == [
        "GB-NIC-100002"
    ]
    organisation_unlink(curator=curator, merge=link)
    assert list(company.identifiers.filter(is_primary=True).values_list("org_id", flat=True)) == [
        "GB-COH-NI055010"
    ]
    assert list(charity.identifiers.filter(is_primary=True).values_list("org_id", flat=True)) == [
        "GB-NIC-100002"
    ]
