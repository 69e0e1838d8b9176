"""Linking records from a funder's file to the register: automatic links, the curators' queue, splits."""

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from commoncause.accounts.models import AuditEntry
from commoncause.funding.models import Grant
from commoncause.linkage import queue as link_queue
from commoncause.linkage.merge import LinkError, link_records
from commoncause.linkage.models import LinkCandidate, LinkStatus
from commoncause.register.models import Organisation
from commoncause.register.selectors import organisation_by_identifier
from commoncause.sources.tests.importing import import_source

pytestmark = pytest.mark.django_db
ALWF = "alwf-360giving-grants-2021-02.json"
DEMO = Path(__file__).resolve().parents[3] / "data" / "demo"
REGISTER_SAMPLES = (
    ("ccni", "ccni-charitydetails-sample.csv"),
    ("csv", "ukcat_sample_ccew_2000.csv"),
    ("companies", "BasicCompanyData-2020-06-01-sample.csv"),
)


def load_demo_register() -> None:
    """The register samples `make run` loads (not the grants files the demo adds to them)."""
    for kind, name in REGISTER_SAMPLES:
        import_source(kind, DEMO / name)


@pytest.fixture
def linked(db: None, test_data_dir: Path) -> None:
    """The register `make run` loads, then the Andrew Lloyd Webber Foundation's real grants."""
    load_demo_register()
    import_source("360giving", test_data_dir / "grants" / ALWF)


def _pair(name: str) -> LinkCandidate:
    return LinkCandidate.objects.select_related("source", "target").get(source__name=name)


def _audit(candidate: LinkCandidate) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_type="linkage.linkcandidate", target_id=str(candidate.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_a_funders_group_that_is_a_registered_charity_waits_for_a_curator(linked: None) -> None:
    # The file names "Ulster Orchestra" (BT1 4LS) by the funder's own id; the register holds
    # "The Ulster Youth Orchestra" (BT1 1FF): the evidence is not enough to link them unseen.
    pair = _pair("Ulster Orchestra")
    assert pair.status == LinkStatus.PENDING
    assert pair.target == organisation_by_identifier("GB-NIC-101104")
    assert "one name is part of the other" in pair.reasons
    assert pair.found_by == f"360Giving file {ALWF}"
    assert pair.source.merged_into is None
    assert _audit(pair) == ["create"]


def test_the_same_body_under_two_ids_in_one_file_is_linked_automatically_and_its_grants_follow(
    linked: None,
) -> None:
    pair = _pair("Royal Birmingham Conservatoire")
    assert pair.status == LinkStatus.AUTO
    assert {"the same name", "the same postcode"} <= set(pair.reasons)
    group = Organisation.objects.get(pk=pair.source_id)
    assert group.merged_into == pair.target
    # Every grant to either id now counts for the one body, and the funder's id leads to it.
    assert Grant.objects.filter(recipient=group).count() == 0
    assert pair.merge is not None
    funders_ids = pair.merge.moved["register.orgidentifier.organisation"]
    assert funders_ids
    assert pair.target.identifiers.filter(pk__in=funders_ids).count() == len(funders_ids)
    assert organisation_by_identifier(pair.target.identifiers.get(pk=funders_ids[0]).org_id) == pair.target
    assert AuditEntry.objects.filter(
        target_type="linkage.organisationmerge", action="merge", actor__isnull=True
    ).exists()


def test_every_recipient_is_resolved(linked: None) -> None:
    assert not Grant.objects.filter(recipient__isnull=True).exists()


def test_a_curator_confirms_a_pair_and_can_split_it_again(linked: None, curator: User) -> None:
    pair = _pair("Ulster Orchestra")
    grants = Grant.objects.filter(recipient=pair.source).count()
    link_queue.confirm(candidate=pair, curator=curator, reason="The orchestra's own website says so.")
    pair.refresh_from_db()
    assert pair.status == LinkStatus.CONFIRMED
    assert pair.target.grants_received.count() >= grants > 0
    link_queue.split(candidate=pair, curator=curator)
    pair.refresh_from_db()
    assert pair.status == LinkStatus.SPLIT
    assert Grant.objects.filter(recipient=pair.source).count() == grants
    assert _audit(pair) == ["create", "approve"]
    assert AuditEntry.objects.filter(target_type="linkage.organisationmerge", action="unmerge").exists()


def test_a_rejected_pair_is_never_linked_again_until_a_curator_reopens_it(
    linked: None, curator: User, test_data_dir: Path
) -> None:
    pair = _pair("Ulster Orchestra")
    with pytest.raises(LinkError, match="Say why"):
        link_queue.reject(candidate=pair, curator=curator, reason=" ")
    link_queue.reject(candidate=pair, curator=curator, reason="The Ulster Orchestra is a different body.")
    import_source("360giving", test_data_dir / "grants" / ALWF)  # the same file again
    pair.refresh_from_db()
    assert pair.status == LinkStatus.REJECTED
    assert LinkCandidate.objects.filter(source=pair.source).count() == 1
    link_queue.reopen(candidate=pair, curator=curator)
    pair.refresh_from_db()
    assert (pair.status, pair.reason) == (LinkStatus.PENDING, "")
    assert _audit(pair) == ["create", "refuse", "update"]


def test_a_split_pair_is_not_linked_again_by_the_next_import(
    linked: None, curator: User, test_data_dir: Path
) -> None:
    pair = _pair("Royal Birmingham Conservatoire")
    link_queue.split(candidate=pair, curator=curator)
    import_source("360giving", test_data_dir / "grants" / ALWF)
    pair.refresh_from_db()
    assert pair.status == LinkStatus.SPLIT
    assert Organisation.objects.get(pk=pair.source_id).merged_into is None


def test_only_curators_decide(linked: None, member: User) -> None:
    pair = _pair("Ulster Orchestra")
    with pytest.raises(LinkError) as problem:
        link_queue.confirm(candidate=pair, curator=member)
    assert problem.value.not_allowed


def test_the_queue_page_shows_both_records_and_a_refusal_keeps_what_was_typed(
    linked: None, curator: User, client: Client
) -> None:
    client.force_login(curator)
    page = client.get(reverse("linkage:link_queue")).content.decode()
    assert "Ulster Orchestra and Ulster Youth Orchestra" in page
    assert "BT1 4LS" in page
    assert "BT1 1FF" in page
    pair = _pair("Ulster Orchestra")
    assert f'href="/organisations/{pair.source.pk}/">View Ulster Orchestra</a>' in page
    assert f'href="/organisations/{pair.target.pk}/">View {pair.target.name}</a>' in page
    answer = client.post(reverse("linkage:link_decide", args=[pair.pk]), {"decision": "reject", "reason": ""})
    assert answer.status_code == 400
    assert "Say why the records are kept apart" in answer.content.decode()
    answer = client.post(
        reverse("linkage:link_decide", args=[pair.pk]), {"decision": "approve", "reason": "Same charity."}
    )
    assert answer.status_code == 302
    pair.refresh_from_db()
    assert pair.status == LinkStatus.CONFIRMED
    automatic = client.get(reverse("linkage:link_queue") + "?show=automatic").content.decode()
    assert "Royal Birmingham Conservatoire" in automatic
    assert "Split them" in automatic


def test_match_groups_finds_a_groups_registered_body_once_the_register_holds_it(
    db: None, tmp_path: Path
) -> None:
    from commoncause.register.tests.search_samples import DEMO

    council_list = tmp_path / "council-groups.csv"
    # ("Burnley Youth Theatre" at BB10 3LB exactly would get the charity's own local id: linked at once.)
    council_list.write_text("name,postcode\nBurnley Youth Theatre Ltd,BB10 3LB\n", encoding="utf-8")
    import_source("csv", council_list)  # the register holds nothing else yet: kept apart
    assert not LinkCandidate.objects.exists()
    import_source("csv", DEMO / "ukcat_sample_ccew_2000.csv")
    out = StringIO()
    call_command("match_groups", stdout=out)
    assert "Of 1 groups new to the register without a register's number, 1 were linked" in out.getvalue()
    pair = LinkCandidate.objects.get()
    assert (pair.status, pair.target) == (LinkStatus.AUTO, organisation_by_identifier("GB-CHC-1054763"))
    call_command("match_groups", stdout=out)  # nothing left to match: the group is part of the charity
    assert LinkCandidate.objects.count() == 1


def test_matching_ahead_in_two_processes_decides_as_matching_one_by_one(
    db: None, test_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from commoncause.linkage import queue

    monkeypatch.setattr(queue, "PARALLEL_MATCHES", 1)
    monkeypatch.setattr(queue, "SPAN", 7)
    monkeypatch.setattr(queue, "can_fork_workers", lambda: True)
    load_demo_register()
    import_source("360giving", test_data_dir / "grants" / ALWF)
    decided = dict(LinkCandidate.objects.values_list("source__name", "status"))
    assert decided == {  # as the other tests find them, one by one
        "Royal Birmingham Conservatoire": LinkStatus.AUTO,
        "Arts Educational Schools London": LinkStatus.AUTO,
        "Ulster Orchestra": LinkStatus.PENDING,
    }


def test_a_target_linked_into_another_body_meanwhile_is_queued_not_linked(db: None, curator: User) -> None:
    from commoncause.linkage.register_index import register_index

    group = Organisation.objects.create(name="Royal Birmingham Conservatoire", postcode="B4 7XR")
    school = Organisation.objects.create(name="Royal Birmingham Conservatoire", postcode="B4 7XR")
    university = Organisation.objects.create(name="Birmingham City University", postcode="B4 7XG")
    index = register_index()  # built before the school's record is linked into the university's
    link_records(actor=curator, source=school, target=university)
    record = index.get(group.pk)
    assert record is not None
    pair = link_queue.act_on_matches(source=group, record=record, index=index, found_by="a file")
    assert pair is not None
    assert (pair.target, pair.status) == (school, LinkStatus.PENDING)
    group.refresh_from_db()
    assert group.merged_into is None


def test_a_curator_sees_an_organisations_waiting_pairs_on_its_page_and_the_public_does_not(
    linked: None, curator: User, client: Client
) -> None:
    pair = _pair("Ulster Orchestra")
    page = client.get(f"/organisations/{pair.target.pk}/").content.decode()
    assert "Possible duplicates waiting" not in page
    client.force_login(curator)
    page = client.get(f"/organisations/{pair.target.pk}/").content.decode()
    assert "Possible duplicates waiting for a curator" in page
    assert f"/curation/duplicates/?pair={pair.pk}" in page
    only = client.get(f"/curation/duplicates/?pair={pair.pk}").content.decode()
    assert only.count('class="govuk-summary-card"') == 1
    assert f'id="pair-{pair.pk}"' in only
