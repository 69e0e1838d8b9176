"""Open data out, 360Giving: a grant round's award published as a grant, and every published award written
as a 360Giving package or spreadsheet that validates and re-imports as the same grants."""

from __future__ import annotations

import csv
import datetime as dt
import json
from decimal import Decimal
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings
from openpyxl import load_workbook

from commoncause.accounts.curation import DecisionError
from commoncause.accounts.models import AuditEntry, Council
from commoncause.funding.models import Award, Grant, OpportunityKind
from commoncause.funding.opendata import threesixty_out
from commoncause.funding.opendata.grants_out import award_grant, award_grant_publish, months_between
from commoncause.funding.opendata.threesixty_out import (
    grants_published,
    package_problems,
    sheet_columns,
    threesixty_package,
)
from commoncause.funding.tests import opendata_samples as samples
from commoncause.funding.threesixty.schema import grant_problems
from commoncause.funding.threesixty.sheets import column_fields
from commoncause.register.models import OrgIdentifier

pytestmark = pytest.mark.django_db
LICENCE = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


@pytest.fixture
def council() -> Council:
    samples.register_load()
    return samples.westminster()


@pytest.fixture
def published(council: Council) -> list[Award]:
    """Two grant-round awards published as grants (one an example) and a contract's award (not a grant)."""
    real = samples.grant_award(council, samples.BUDDY_BEAR)
    example = samples.grant_award(
        council, samples.CANCER_LIFELINE, is_example=True, amount=Decimal("9999.99"), starts=None, ends=None
    )
    for award in (real, example):
        award_grant_publish(award)
    contract = samples.opportunity(council, OpportunityKind.CONTRACT)
    samples.award(samples.bid(contract, samples.COMMUNITY_RESCUE))
    return [real, example]


def export(tmp_path: Path, name: str, *options: str) -> Path:
    out = tmp_path / name
    call_command("export_360giving", str(out), *options, stdout=StringIO())
    return out


def test_a_grant_rounds_award_is_a_360giving_grant_with_zero_schema_errors(council: Council) -> None:
    award = samples.grant_award(council, samples.BUDDY_BEAR)

    grant = award_grant(award)

    assert grant_problems(grant) == []
    assert grant["id"] == f"360G-commoncause-{award.pk}"
    assert (grant["currency"], grant["amountAwarded"], grant["awardDate"]) == ("GBP", 45000.5, "2025-03-10")
    assert grant["recipientOrganization"] == [
        {"id": "GB-NIC-104137", "name": "Buddy Bear Trust", "charityNumber": "NIC104137",
         "companyNumber": "NI022996", "postalCode": "BT71 6DE"}
    ]  # fmt: skip
    assert grant["fundingOrganization"] == [{"id": "GB-LAE-WSM", "name": "Westminster City Council"}]
    assert grant["grantProgramme"] == [
        {"code": str(award.opportunity.pk), "title": "Warm spaces this winter"}
    ]
    # 1 April 2025 to 31 March 2028, both days included: 36 whole months.
    assert grant["plannedDates"] == [{"startDate": "2025-04-01", "endDate": "2028-03-31", "duration": 36}]
    assert grant["beneficiaryLocation"] == [
        {"geoCode": samples.ABBEY_ROAD, "countryCode": "GB", "name": "Abbey Road", "geoCodeType": "WD"},
        {"geoCode": samples.REGENTS_PARK, "countryCode": "GB", "name": "Regent's Park", "geoCodeType": "WD"},
    ]
    assert grant["dateModified"] == award.updated_at.isoformat()
    assert "classifications" not in grant
    assert not grant["title"].startswith("Example")


def test_a_lots_wards_are_its_beneficiary_locations_and_its_title_names_it(council: Council) -> None:
    round_ = samples.opportunity(council)
    award = samples.award(samples.bid(round_, samples.CANCER_LIFELINE, lot=samples.lot(round_, 1)))

    grant = award_grant(award)

    assert [place["geoCode"] for place in grant["beneficiaryLocation"]] == [samples.REGENTS_PARK]
    assert grant["title"] == "Warm spaces this winter: Lot 1: Regent's Park"


def test_the_planned_dates_give_only_what_is_known(council: Council) -> None:
    no_end = samples.grant_award(council, ends=None)
    assert award_grant(no_end)["plannedDates"] == [{"startDate": "2025-04-01", "duration": 36}]
    round_ = samples.opportunity(council, starts=None)
    unknown = samples.award(samples.bid(round_, samples.BUDDY_BEAR), starts=None, ends=None)
    assert "plannedDates" not in award_grant(unknown)


def test_months_between_counts_whole_months_with_both_days_included() -> None:
    assert months_between(dt.date(2025, 4, 1), dt.date(2028, 3, 31)) == 36
    assert months_between(dt.date(2025, 4, 15), dt.date(2025, 5, 14)) == 1
    assert months_between(dt.date(2025, 4, 15), dt.date(2025, 5, 13)) == 0
    assert months_between(dt.date(2025, 4, 1), dt.date(2025, 3, 31)) is None


@override_settings(GRANTS_ID_PREFIX="360G-wcc")
def test_the_grant_id_starts_with_the_publishers_prefix(council: Council) -> None:
    award = samples.grant_award(council)
    assert award_grant(award)["id"] == f"360G-wcc-{award.pk}"


def test_an_example_award_says_so_in_its_title_description_and_a_classification(council: Council) -> None:
    award = samples.grant_award(council, is_example=True)

    grant = award_grant(award)

    assert grant_problems(grant) == []
    assert grant["title"] == "Example: Warm spaces this winter"
    assert grant["description"].endswith("not a real council's decision.")
    assert grant["classifications"] == [
        {"vocabulary": "Common Cause", "code": "example", "title": "Example data",
         "description": "An example made for the demonstration of Common Cause, on a real organisation: "
         "not a real council's decision."}
    ]  # fmt: skip


def test_an_award_on_an_example_round_is_an_example_too(council: Council) -> None:
    round_ = samples.opportunity(council, is_example=True)
    award = samples.award(samples.bid(round_, samples.BUDDY_BEAR), is_example=False)

    grant = award_grant_publish(award)

    assert grant.is_example is True
    assert grant.title == "Example: Warm spaces this winter"


def test_a_council_without_an_org_id_is_refused_by_name_and_field_and_nothing_is_written(
    council: Council,
) -> None:
    council.org_id = ""
    council.save()
    award = samples.grant_award(council)

    with pytest.raises(DecisionError) as refused:
        award_grant_publish(award)

    assert refused.value.field == "org_id"
    assert "Westminster City Council" in str(refused.value)
    assert "org_id" in str(refused.value)
    award.refresh_from_db()
    assert (
        Grant.objects.count(),
        award.grant,
        AuditEntry.objects.filter(target_type="funding.grant").count(),
    ) == (
        0,
        None,
        0,
    )


def test_a_contracts_award_is_not_a_grant(council: Council) -> None:
    contract = samples.opportunity(council, OpportunityKind.CONTRACT)
    award = samples.award(samples.bid(contract, samples.BUDDY_BEAR))

    with pytest.raises(DecisionError, match="is a contract") as refused:
        award_grant_publish(award)

    assert refused.value.field == "opportunity"
    assert Grant.objects.count() == 0


def test_publishing_writes_the_grant_as_the_importer_would_links_it_and_audits_it(council: Council) -> None:
    award = samples.grant_award(council, samples.BUDDY_BEAR, is_example=True)

    grant = award_grant_publish(award)

    award.refresh_from_db()
    assert award.grant == grant
    funder = OrgIdentifier.objects.get(
        org_id="GB-LAE-WSM"
    ).organisation  # found or made, as the importer does
    assert (grant.funder, grant.recipient) == (funder, award.organisation)
    assert (grant.funder_org_id, grant.funder_name) == ("GB-LAE-WSM", "Westminster City Council")
    assert (grant.recipient_org_id, grant.recipient_name) == ("GB-NIC-104137", "Buddy Bear Trust")
    assert (grant.amount_awarded, grant.award_date, grant.currency) == (
        Decimal("45000.50"), dt.date(2025, 3, 10), "GBP",
    )  # fmt: skip
    assert (grant.programme, grant.source_file, grant.is_example) == (
        "Warm spaces this winter", "Common Cause", True,
    )  # fmt: skip
    assert grant.data == award_grant(award)
    entry = AuditEntry.objects.get(target_type="funding.grant")
    assert (entry.action, entry.before, entry.after["grant_id"]) == ("create", {}, grant.grant_id)


def test_publishing_again_rewrites_the_same_grant_and_audits_the_change(council: Council) -> None:
    award = samples.grant_award(council)
    first = award_grant_publish(award)
    Award.objects.filter(pk=award.pk).update(amount=Decimal("30000.00"))
    award.refresh_from_db()

    again = award_grant_publish(award)

    assert (again.pk, Grant.objects.count(), again.amount_awarded) == (first.pk, 1, Decimal("30000.00"))
    assert again.data["amountAwarded"] == 30000
    change = AuditEntry.objects.filter(target_type="funding.grant").order_by("-pk").first()
    assert change is not None
    assert change.action == "update"
    assert (change.before["amount_awarded"], change.after["amount_awarded"]) == ("45000.50", "30000.00")


def test_the_json_export_is_a_valid_package_of_every_published_award(
    published: list[Award], tmp_path: Path
) -> None:
    package = json.loads(export(tmp_path, "grants.json").read_text(encoding="utf-8"))

    assert package_problems(package) == []
    assert [grant_problems(grant) for grant in package["grants"]] == [[], []]
    assert {grant["id"] for grant in package["grants"]} == {f"360G-commoncause-{a.pk}" for a in published}
    assert (package["version"], package["license"]) == ("1.4", LICENCE)
    assert package["publisher"] == {"name": "Common Cause", "website": "http://127.0.0.1:8000"}
    assert "1 of them is an example" in package["description"]


def test_the_package_check_reads_the_grants_through_the_package_schema(published: list[Award]) -> None:
    package = threesixty_package(grants_published())
    broken = {**package, "grants": [{**package["grants"][0], "amountAwarded": "lots"}]}

    assert package_problems(package) == []
    assert any(problem.startswith("grants/0/amountAwarded") for problem in package_problems(broken))
    assert package_problems({**package, "grants": []}) == ["grants: [] should be non-empty"]


def test_an_export_with_an_invalid_grant_is_refused_by_grant_and_field(
    published: list[Award], tmp_path: Path
) -> None:
    grant = Grant.objects.get(award=published[0])
    grant.data = {**grant.data, "awardDate": "10 March 2025"}
    grant.save()

    with pytest.raises(CommandError, match=f"grant {grant.grant_id}: awardDate"):
        export(tmp_path, "grants.json")

    assert not (tmp_path / "grants.json").exists()


@pytest.mark.parametrize("name", ["grants.json", "grants.xlsx", "grants.csv"])
def test_an_export_reimports_as_the_same_grants(published: list[Award], tmp_path: Path, name: str) -> None:
    fields = ("grant_id", "amount_awarded", "award_date", "currency", "recipient_id", "recipient_org_id",
              "funder_id", "funder_org_id", "title", "programme")  # fmt: skip
    before = sorted(Grant.objects.values_list(*fields))
    out = export(tmp_path, name)
    Grant.objects.all().delete()

    call_command("import_source", "360giving", str(out), no_progress=True, stdout=StringIO())

    assert sorted(Grant.objects.values_list(*fields)) == before
    assert len(before) == 2


def test_the_spreadsheet_has_the_standards_column_titles_which_read_back_to_their_fields(
    published: list[Award], tmp_path: Path
) -> None:
    sheet = load_workbook(export(tmp_path, "grants.xlsx"), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))

    titles = [str(title) for title in rows[0]]
    for wanted in ("Identifier", "Amount Awarded", "Award Date", "Recipient Org:Identifier",
                   "Recipient Org:Charity Number", "Funding Org:Identifier", "Grant Programme:Title",
                   "Planned Dates:Duration (months)", "Beneficiary Location:Geographic Code",
                   "Classifications:Code"):  # fmt: skip
        assert wanted in titles
    assert len(rows) == 3
    fields = column_fields()
    for title, path in sheet_columns():
        assert fields[title.casefold()][0] == path


def test_the_council_option_keeps_only_its_awards_and_names_it_the_publisher(
    published: list[Award], tmp_path: Path
) -> None:
    other = Council.objects.create(name="Belfast City Council", slug="belfast", org_id="GB-LAN-BFS")
    award_grant_publish(samples.grant_award(other, samples.COMMUNITY_RESCUE))

    package = json.loads(export(tmp_path, "wsm.json", "--council", "westminster").read_text(encoding="utf-8"))

    assert {grant["fundingOrganization"][0]["id"] for grant in package["grants"]} == {"GB-LAE-WSM"}
    assert package["publisher"]["identifier"] == "GB-LAE-WSM"
    assert package["identifier"] == "360G-commoncause-grants-westminster"


def test_no_examples_leaves_the_example_awards_out(published: list[Award], tmp_path: Path) -> None:
    package = json.loads(export(tmp_path, "real.json", "--no-examples").read_text(encoding="utf-8"))

    assert [grant["id"] for grant in package["grants"]] == [f"360G-commoncause-{published[0].pk}"]
    assert "example" not in package["description"]


def test_the_command_refuses_an_unknown_council_a_wrong_ending_and_nothing_to_export(
    council: Council, tmp_path: Path
) -> None:
    with pytest.raises(CommandError, match="No award has been published as a grant"):
        export(tmp_path, "none.json")
    award_grant_publish(samples.grant_award(council))
    with pytest.raises(CommandError, match="No council has the slug 'nowhere'"):
        export(tmp_path, "x.json", "--council", "nowhere")
    with pytest.raises(CommandError, match="ending in .json, .xlsx, .csv"):
        export(tmp_path, "grants.txt")
    assert list(tmp_path.iterdir()) == []


def test_anyone_downloads_the_package_and_the_spreadsheet(published: list[Award]) -> None:
    client = Client()

    as_json = client.get("/grants/360giving.json")
    as_xlsx = client.get("/grants/360giving.xlsx")

    assert as_json.status_code == 200
    assert as_json["Content-Type"] == "application/json"
    assert as_json["Content-Disposition"] == 'attachment; filename="360giving.json"'
    package = json.loads(as_json.content)
    assert package_problems(package) == []
    assert len(package["grants"]) == 2
    assert package["downloadURL"] == "http://testserver/grants/360giving.json"
    assert as_xlsx.status_code == 200
    assert as_xlsx["Content-Type"].endswith("spreadsheetml.sheet")
    rows = list(
        load_workbook(BytesIO(as_xlsx.content), read_only=True).worksheets[0].iter_rows(values_only=True)
    )
    assert len(rows) == 3


def test_the_downloads_answer_404_for_nothing_published_and_an_unknown_council(council: Council) -> None:
    client = Client()
    assert client.get("/grants/360giving.json").status_code == 404
    award_grant_publish(samples.grant_award(council))
    assert client.get("/grants/360giving.xlsx?council=nowhere").status_code == 404
    narrowed = client.get("/grants/360giving.json?council=westminster")
    assert narrowed.status_code == 200
    assert narrowed["Content-Disposition"] == 'attachment; filename="360giving-westminster.json"'


def test_the_export_module_writes_nothing_for_an_unknown_format(council: Council, tmp_path: Path) -> None:
    award_grant_publish(samples.grant_award(council))
    with pytest.raises(DecisionError) as refused:
        threesixty_out.threesixty_write(tmp_path / "grants.ods")
    assert refused.value.field == "out"


def test_a_title_like_a_formula_stays_text_in_the_spreadsheet_and_the_csv(
    council: Council, tmp_path: Path
) -> None:
    formula = '=HYPERLINK("http://evil.example","Click")'
    round_ = samples.opportunity(council, title=formula)
    award_grant_publish(samples.award(samples.bid(round_, samples.BUDDY_BEAR)))

    sheet = load_workbook(export(tmp_path, "grants.xlsx")).worksheets[0]
    cells = {cell.value: cell.data_type for row in sheet.iter_rows() for cell in row}
    text = export(tmp_path, "grants.csv").read_text(encoding="utf-8")
    csv_cells = [cell for row in csv.reader(StringIO(text)) for cell in row]

    assert cells[formula] == "s"  # text, not a formula, and exactly as published
    assert "f" not in cells.values()
    assert f"'{formula}" in csv_cells
    assert not any(cell.startswith("=") for cell in csv_cells)
