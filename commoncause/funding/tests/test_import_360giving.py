"""`import_source 360giving`: the Andrew Lloyd Webber Foundation's real 360Giving package (475 grants)."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client

from commoncause.funding.models import Grant
from commoncause.funding.threesixty import checking, writing
from commoncause.linkage.models import LinkCandidate, LinkStatus
from commoncause.register.selectors import organisation_by_identifier
from commoncause.register.tests.factories import OrganisationFactory
from commoncause.sources.tests.importing import (
    assert_import_fails,
    import_source,
    organisation,
    register_counts,
)

pytestmark = pytest.mark.django_db
PACKAGE = "alwf-360giving-grants-2021-02.json"


@pytest.fixture
def package(test_data_dir: Path) -> Path:
    return test_data_dir / "grants" / PACKAGE


def test_every_grant_loads_with_no_schema_errors_and_every_party_is_resolved(package: Path) -> None:
    run = import_source("360giving", package)
    assert (run.rows_read, run.created, run.rejected) == (475, 475, 0)
    assert Grant.objects.filter(funder__isnull=True).count() == 0
    assert Grant.objects.filter(recipient__isnull=True).count() == 0
    funder = organisation("GB-CHC-1015648")
    assert funder.grants_made.count() == 475
    first = Grant.objects.get(grant_id="360G-ALWF-1978")
    assert first.amount_awarded == Decimal("15000.00")
    assert first.award_date.isoformat() == "2020-11-03"
    assert first.programme == "Music"
    assert first.recipient == organisation("GB-EDU-133843")


def test_a_recipient_with_only_a_funders_own_id_is_one_local_group_whoever_funds_it(
    package: Path, tmp_path: Path
) -> None:
    import_source("360giving", package)
    grants = json.loads(package.read_text(encoding="utf-8"))["grants"]
    local = next(g for g in grants if g["recipientOrganization"][0]["id"].startswith("360G-"))
    group = organisation_by_identifier(local["recipientOrganization"][0]["id"])
    assert group is not None
    assert group.identifiers.get(is_primary=True).org_id.startswith("GB-LOCAL-")
    # A second funder publishes a grant to the same group under an id of its own making.
    other = {
        **local,
        "id": "360G-OTHERFUNDER-1",
        "fundingOrganization": [{"id": "GB-CHC-1000000", "name": "Another Trust"}],
        "recipientOrganization": [{**local["recipientOrganization"][0], "id": "360G-OTHERFUNDER-R1"}],
    }
    second = tmp_path / "other.json"
    second.write_text(json.dumps({"grants": [other]}), encoding="utf-8")
    import_source("360giving", second)
    assert organisation_by_identifier("360G-OTHERFUNDER-R1") == group
    assert group.grants_received.count() == 1 + sum(
        1 for g in grants if g["recipientOrganization"][0]["id"] == local["recipientOrganization"][0]["id"]
    )


def test_a_second_run_changes_nothing(package: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writing, "CHUNK", 7)  # earlier grants are found whatever the lookup size
    monkeypatch.setattr(writing, "BATCH", 50)  # and however many batches the file is written in
    import_source("360giving", package)
    again = import_source("360giving", package)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 475)


@pytest.mark.parametrize("processes", [1, 2])
def test_an_invalid_grant_is_refused_by_id_and_field_and_nothing_is_written(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, processes: int
) -> None:
    if processes == 2:  # as a big file is checked: in spans, by two processes
        monkeypatch.setattr(checking, "PARALLEL_GRANTS", 1)
        monkeypatch.setattr(checking, "SPAN", 3)
        monkeypatch.setattr(checking, "can_fork_workers", lambda: True)
    grants = json.loads(package.read_text(encoding="utf-8"))
    grants["grants"][4]["amountAwarded"] = "lots"
    del grants["grants"][9]["awardDate"]
    bad = tmp_path / PACKAGE
    bad.write_text(json.dumps(grants), encoding="utf-8")
    before = register_counts()
    message = assert_import_fails("360giving", bad, file=PACKAGE, row=5, field="amountAwarded")
    assert f"grant {grants['grants'][4]['id']} (number 5): amountAwarded" in message
    assert (
        f"grant {grants['grants'][9]['id']} (number 10): awardDate: 'awardDate' is a required property"
        in message
    )
    assert register_counts() == before
    assert Grant.objects.count() == 0

    run = import_source("360giving", bad, "--skip-invalid")
    assert (run.created, run.rejected) == (473, 2)
    assert grants["grants"][4]["id"] in run.notes


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "not a readable JSON file"),
        (b'{"grant": []}', 'needs a "grants" list'),
        (b'{"grants": []}', "no grants"),
    ],
)
def test_a_file_that_is_not_a_package_is_refused(tmp_path: Path, content: bytes, words: str) -> None:
    bad = tmp_path / "grants.json"
    bad.write_bytes(content)
    assert words in assert_import_fails("360giving", bad, file="grants.json")


def test_both_real_spreadsheets_load_with_no_schema_errors(test_data_dir: Path) -> None:
    abct = import_source("360giving", test_data_dir / "grants" / "abct-360giving-grants-2021.xlsx")
    assert (abct.rows_read, abct.created, abct.rejected) == (783, 783, 0)
    assert "Website: Decision Notes" in abct.notes  # a column of the publisher's own, named, not imported
    assert organisation("GB-CHC-1000147").grants_made.count() == 783
    assert Grant.objects.filter(recipient__isnull=True).count() == 0
    first = Grant.objects.get(grant_id="360G-ABCT-0065I000005BoDGQA044222")
    assert first.recipient == organisation("GB-CHC-1126147")
    assert first.programme == "Human Rights, particularly access to justice"


def test_a_spreadsheet_and_its_json_give_the_same_grants(test_data_dir: Path) -> None:
    import_source("360giving", test_data_dir / "grants" / "alwf-360giving-grants-2021-02.xlsx")
    from_sheet = {g.grant_id: (g.amount_awarded, g.award_date, g.recipient_id) for g in Grant.objects.all()}
    again = import_source("360giving", test_data_dir / "grants" / PACKAGE)
    from_json = {g.grant_id: (g.amount_awarded, g.award_date, g.recipient_id) for g in Grant.objects.all()}
    assert len(from_sheet) == 475
    assert from_json == from_sheet
    assert again.created == 0


def test_a_bad_spreadsheet_value_is_named_by_grant_and_field(test_data_dir: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "grants.csv"
    sheet.write_text(
        "Identifier,Title,Description,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,"
        "Recipient Org:Name,Funding Org:Identifier,Funding Org:Name\n"
        "360G-X-1,Grant to A,For a thing,GBP,1000,2024-04-01,GB-CHC-1126147,A,GB-CHC-1000147,B\n"
        "360G-X-2,Grant to C,For a thing,GBP,a lot,2024-04-01,GB-CHC-1126147,A,GB-CHC-1000147,B\n",
        encoding="utf-8",
    )
    message = assert_import_fails("360giving", sheet, file="grants.csv", row=2, field="amountAwarded")
    assert "grant 360G-X-2 (number 2): amountAwarded: 'a lot' is not of type 'number'" in message


def test_a_funders_own_id_with_a_charity_number_is_the_registered_charity(
    package: Path, tmp_path: Path, demo_data_dir: Path
) -> None:
    import_source("csv", demo_data_dir / "ukcat_sample_ccew_2000.csv")
    grants = json.loads(package.read_text(encoding="utf-8"))
    grant = next(g for g in grants["grants"] if g["recipientOrganization"][0]["id"].startswith("360G-"))
    # As many funders publish: their own id for the recipient, and its charity number beside it.
    grant["recipientOrganization"][0].update(name="Burnley Youth Theatre", charityNumber="1054763")
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"grants": [grant]}), encoding="utf-8")
    import_source("360giving", one)
    theatre = organisation("GB-CHC-1054763")
    assert Grant.objects.get(grant_id=grant["id"]).recipient == theatre
    assert organisation_by_identifier(grant["recipientOrganization"][0]["id"]) == theatre
    assert not theatre.identifiers.filter(org_id__startswith="GB-LOCAL-").exists()


def test_a_recipient_known_only_from_the_file_is_not_called_a_community_group_and_names_its_file(
    package: Path, client: Client
) -> None:
    """Eton College reaches the register only as a recipient under the funder's own id: the file says
    nothing of its legal form, so none is given, and its page names the file it came from."""
    import_source("360giving", package)
    eton = organisation_by_identifier("360G-ALWF-ORG:Eton_College")
    assert eton is not None
    assert eton.legal_form == ""
    (record,) = eton.source_records.all()
    assert (record.source, record.file_name) == ("360giving", PACKAGE)
    page = client.get(f"/organisations/{eton.identifiers.get(is_primary=True).org_id}/").content.decode()
    assert "Known only from funders' grants files" in page
    assert "Entered directly into the register" not in page
    assert "Unregistered community group" not in page
    assert PACKAGE in page


def test_the_funder_named_by_a_file_has_the_file_among_its_sources_and_the_home_page_counts_them(
    package: Path, client: Client
) -> None:
    import_source("360giving", package)
    funder = organisation("GB-CHC-1015648")
    assert {record.source for record in funder.source_records.all()} == {"360giving"}
    named = {g.funder_id for g in Grant.objects.all()} | {g.recipient_id for g in Grant.objects.all()}
    by_source = {t.label: t.count for t in client.get("/").context["summary"].by_source}
    assert by_source["360Giving grants files"] == len(named - {None})


def test_an_address_outside_the_uk_is_flagged_and_kept_out_of_the_postcode(
    package: Path, client: Client
) -> None:
    import_source("360giving", package)
    wing = organisation_by_identifier("360G-ALWF-ORG:American_Theatre_Wing")
    assert wing is not None
    assert (wing.postcode, wing.address, wing.extra.get("outside_uk")) == ("", "NY10036", True)
    eton = organisation_by_identifier("360G-ALWF-ORG:Eton_College")
    assert eton is not None
    assert (eton.postcode, eton.extra.get("outside_uk")) == ("SL4 6DW", None)
    page = client.get(f"/organisations/{wing.identifiers.get(is_primary=True).org_id}/").content.decode()
    assert "Outside the UK" in page


def test_naming_a_party_again_in_a_later_file_keeps_one_source_record_naming_the_later_file(
    package: Path, tmp_path: Path
) -> None:
    import_source("360giving", package)
    grants = json.loads(package.read_text(encoding="utf-8"))["grants"]
    later = tmp_path / "alwf-later.json"
    later.write_text(json.dumps({"grants": grants[:5]}), encoding="utf-8")
    import_source("360giving", later)
    funder = organisation("GB-CHC-1015648")
    (record,) = funder.source_records.filter(source="360giving")
    assert record.file_name == "alwf-later.json"


def test_names_and_titles_read_as_the_funder_meant_them(package: Path) -> None:
    """The file escapes an apostrophe ("Young People\\'s"): the register shows the apostrophe."""
    import_source("360giving", package)
    grant = Grant.objects.get(grant_id="360G-ALWF-1416")
    assert grant.title == "Grant to Toonspeak Young People's Theatre"
    assert grant.recipient_name == "Toonspeak Young People's Theatre"
    assert grant.recipient is not None
    assert grant.recipient.name == "Toonspeak Young People's Theatre"


def _one_grant_file(tmp_path: Path, package: Path, recipient: dict[str, str]) -> Path:
    """One of the funder's real grants, given to `recipient` under a new grant id."""
    grant = json.loads(package.read_text(encoding="utf-8"))["grants"][0]
    grant = {**grant, "id": "360G-ALWF-TEST-1", "recipientOrganization": [recipient]}
    path = tmp_path / "one-grant.json"
    path.write_text(json.dumps({"grants": [grant]}), encoding="utf-8")
    return path


def test_a_number_whose_holder_is_named_otherwise_is_not_taken_on_trust_but_put_before_a_curator(
    package: Path, tmp_path: Path
) -> None:
    """A funder gives its own charity number for a recipient it names otherwise: the recipient does not
    become the funder (which would then seem to fund itself); it is a group of its own, queued with the
    holder of the number for a curator."""
    import_source("360giving", package)
    funder = organisation("GB-CHC-1015648")
    recipient = {"id": "360G-ALWF-ORG:Eton_College", "name": "Eton College", "charityNumber": "1015648"}
    run = import_source("360giving", _one_grant_file(tmp_path, package, recipient))
    grant = Grant.objects.get(grant_id="360G-ALWF-TEST-1")
    assert grant.recipient is not None
    assert grant.recipient != funder
    assert grant.recipient.name == "Eton College"
    pair = LinkCandidate.objects.get(source=grant.recipient, target=funder)
    assert pair.status == LinkStatus.PENDING
    assert "gives GB-CHC-1015648, the number of" in pair.reasons[0]
    assert "waiting for a curator" in run.notes
    assert not funder.grants_received.exists()


def test_a_number_whose_holder_has_the_same_name_finds_it(package: Path, tmp_path: Path) -> None:
    devon = OrganisationFactory.create(name="REFUGEE SUPPORT DEVON", org_ids=["GB-CHC-1143884"])
    recipient = {
        "id": "360G-ABCT-ORG:001b000002XZkhd",
        "name": "Refugee Support Devon",
        "charityNumber": "1143884",
    }
    import_source("360giving", _one_grant_file(tmp_path, package, recipient))
    assert Grant.objects.get(grant_id="360G-ALWF-TEST-1").recipient == devon


def test_a_spreadsheet_too_big_to_hold_in_memory_is_refused_with_advice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from commoncause.funding.threesixty import sheets

    sheet = tmp_path / "grants.csv"
    sheet.write_text(
        "Identifier,Title\n" + "".join(f"360G-X-{n},Grant {n}\n" for n in range(100)), encoding="utf-8"
    )
    monkeypatch.setattr(sheets, "MAX_SHEET_BYTES", 1_000)

    message = assert_import_fails("360giving", sheet, file="grants.csv")

    assert "import its JSON package" in message
