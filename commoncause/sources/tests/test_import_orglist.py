"""`import_source csv`: an organisation list (the UK-CAT sample of 2,000 real charities, and lists
re-cut from it in other shapes)."""

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from commoncause.register.models import Organisation, OrganisationStatus, SourceRecord
from commoncause.sources.orglist_columns import FIELDS, mapping_help
from commoncause.sources.tests.importing import import_source, organisation

pytestmark = pytest.mark.django_db

SAMPLE = "ukcat_sample_ccew_2000.csv"


@pytest.fixture
def sample(demo_data_dir: Path) -> Path:
    return demo_data_dir / SAMPLE


@pytest.fixture
def sample_rows(sample: Path) -> list[dict[str, str]]:
    with sample.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, rows: list[dict[str, str]], *, encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_ukcat_sample_imports_every_charity_under_its_org_id(sample):
    run = import_source("csv", sample)

    assert (run.created, run.rows_read, run.rejected) == (2000, 2000, 0)
    assert Organisation.objects.count() == 2000
    assert organisation("GB-CHC-1024664").name == "BOB CHAMPION CANCER TRUST"


def test_charity_has_its_income_spending_and_financial_year(sample):
    import_source("csv", sample)

    trust = organisation("GB-CHC-1024664")
    assert (trust.latest_income, trust.latest_spending) == (409024, 529767)
    assert trust.latest_financial_year_end == dt.date(2019, 6, 30)
    assert trust.income_band == "medium"
    year = trust.financial_years.get()
    assert (year.period_end, year.income, year.spending, year.source) == (
        dt.date(2019, 6, 30),
        409024,
        529767,
        "csv",
    )


def test_charity_keeps_its_contact_details_activities_and_objects(sample):
    import_source("csv", sample)

    trust = organisation("GB-CHC-200166")
    assert trust.name == "MRS JANE CART'S TRUST"
    assert trust.postcode == "LU2 0LA"
    assert trust.website == "http://www.blcf.org.uk/jane_cart_trust"
    assert trust.date_registered == dt.date(1961, 9, 21)
    assert trust.activities.startswith("Supporting clergy, clergy widows")
    assert trust.charitable_objects.startswith("1. FOR THE RELIEF OF POOR CLERGYMEN.")
    assert trust.status == OrganisationStatus.REGISTERED


def test_ukcat_tags_and_icnptso_code_are_kept_as_classifications(sample):
    import_source("csv", sample)

    trust = organisation("GB-CHC-200166")
    codes = set(trust.classifications.values_list("scheme", "code"))
    assert codes == {
        ("ukcat", "SW102"),
        ("ukcat", "RL200"),
        ("ukcat", "BE113"),
        ("ukcat", "SW101"),
        ("icnptso", "I90"),
    }


def test_company_number_becomes_a_companies_house_org_id(sample):
    import_source("csv", sample)

    assert organisation("GB-COH-07444292").name == "THE KAREN CLIFFORD SKIN CANCER CHARITY"
    # A number written without its leading zeros is padded to Companies House's eight characters.
    assert organisation("GB-COH-00645708").name == "COUNSEL AND CARE FOR THE ELDERLY"
    primary = organisation("GB-CHC-1150048").identifiers.get(is_primary=True)
    assert primary.org_id == "GB-CHC-1150048"


def test_reimporting_the_same_list_changes_nothing(sample):
    import_source("csv", sample)
    first_updated = organisation("GB-CHC-1024664").updated_at

    run = import_source("csv", sample)

    assert (run.created, run.updated, run.unchanged, run.removed) == (0, 0, 2000, 0)
    assert Organisation.objects.count() == 2000
    assert organisation("GB-CHC-1024664").updated_at == first_updated
    record = SourceRecord.objects.get(source="csv", source_key="GB-CHC-1024664")
    assert record.last_seen_run == run
    assert record.first_seen_run != run


def test_rows_that_leave_the_list_are_marked_disappeared_not_deleted(sample_rows, tmp_path):
    write_csv(tmp_path / SAMPLE, sample_rows[:10])
    import_source("csv", tmp_path / SAMPLE)

    run = import_source("csv", write_csv(tmp_path / SAMPLE, sample_rows[:8]))

    assert (run.unchanged, run.removed) == (8, 2)
    gone = SourceRecord.objects.get(source_key=sample_rows[9]["org_id"])
    assert gone.disappeared_at is not None
    assert Organisation.objects.count() == 10


def test_changed_row_is_updated_in_place(sample_rows, tmp_path):
    rows = sample_rows[:3]
    import_source("csv", write_csv(tmp_path / SAMPLE, rows))
    rows[0] |= {"income": "250000.0", "UKCAT": "SW102;HE200"}

    run = import_source("csv", write_csv(tmp_path / SAMPLE, rows))

    assert (run.created, run.updated, run.unchanged) == (0, 1, 2)
    trust = organisation(rows[0]["org_id"])
    assert trust.latest_income == 250000
    assert sorted(trust.classifications.filter(scheme="ukcat").values_list("code", flat=True)) == [
        "HE200",
        "SW102",
    ]
    assert trust.financial_years.count() == 1


def test_groups_without_a_number_get_a_local_id_that_survives_reimport(sample_rows, tmp_path):
    rows = [{"Group name": r["name"], "Post code": r["postcode"]} for r in sample_rows[:5]]
    path = write_csv(tmp_path / "groups.csv", rows)
    import_source("csv", path)
    ids = {o.name: o.identifiers.get().org_id for o in Organisation.objects.all()}

    run = import_source("csv", write_csv(path, list(reversed(rows))))

    assert (run.created, run.unchanged) == (0, 5)
    assert {o.name: o.identifiers.get().org_id for o in Organisation.objects.all()} == ids
    assert all(org_id.startswith("GB-LOCAL-") for org_id in ids.values())


def test_windows_1252_list_is_read_without_being_told(sample_rows, tmp_path):
    rows = [r for r in sample_rows if r["org_id"] in {"GB-CHC-236782", "GB-CHC-1121829"}]
    import_source("csv", write_csv(tmp_path / "list.csv", rows, encoding="cp1252"))

    assert "£" in organisation("GB-CHC-236782").activities + organisation("GB-CHC-236782").charitable_objects
    assert (
        "ú" in organisation("GB-CHC-1121829").activities + organisation("GB-CHC-1121829").charitable_objects
    )


def test_xlsx_list_with_its_own_column_names_imports_through_a_mapping(sample_rows, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.append(["Group", "Reg. charity", "Money in (£)", "Year ending", "Tags", "Internal ref"])
    for number, row in enumerate(sample_rows[:20], start=1):
        fye = dt.date.fromisoformat(row["fye"]) if row["fye"] else None
        income = float(row["income"]) if row["income"] else None
        sheet.append([row["name"], int(row["reg_number"]), income, fye, row["UKCAT"], f"R{number}"])
    workbook.save(tmp_path / "groups.xlsx")
    mapping: dict[str, str | None] = {"Group": "name", "Reg. charity": "charity_number"}
    mapping["Money in (£)"] = "income"
    mapping |= {"Year ending": "financial_year_end", "Tags": "classification:ukcat", "Internal ref": None}
    (tmp_path / "mapping.json").write_text(json.dumps({"columns": mapping}))

    run = import_source("csv", tmp_path / "groups.xlsx", "--mapping", str(tmp_path / "mapping.json"))

    assert run.created == 20
    trust = organisation("GB-CHC-200166")
    assert (trust.name, trust.latest_income, trust.latest_financial_year_end) == (
        "MRS JANE CART'S TRUST",
        202540,
        dt.date(2019, 3, 31),
    )
    assert set(trust.classifications.values_list("code", flat=True)) == {"SW102", "RL200", "BE113", "SW101"}


def test_mapping_help_names_every_field_a_column_can_hold():
    help_text = mapping_help()

    assert all(name.partition(":")[0] in help_text for name in FIELDS)


def test_a_councils_groups_without_numbers_are_matched_with_the_register(sample, tmp_path):
    """A council's list names registered charities without their numbers, beside groups on no register."""
    from commoncause.linkage.models import LinkCandidate, LinkStatus

    import_source("csv", sample)
    rows = [
        {"name": "Burnley Youth Theatre", "postcode": "BB10 3LB"},  # a registered charity, unnumbered
        {"name": "Friends of Burnley Youth Theatre", "postcode": "BB10 3LB"},  # another body, same place
        {"name": "Larch Street Lunch Club", "postcode": "BT1 5GS"},  # on no register
    ]
    run = import_source("csv", write_csv(tmp_path / "council-groups.csv", rows))
    assert "Of 3 groups new to the register without a register's number, 1 were linked" in run.notes
    theatre = organisation("GB-CHC-1054763")
    linked = LinkCandidate.objects.get(status=LinkStatus.AUTO)
    assert (linked.source.name, linked.target) == ("Burnley Youth Theatre", theatre)
    assert linked.source.merged_into == theatre
    friends = LinkCandidate.objects.get(source__name="Friends of Burnley Youth Theatre")
    assert (friends.status, friends.target) == (LinkStatus.PENDING, theatre)
    assert not LinkCandidate.objects.filter(source__name="Larch Street Lunch Club").exists()
    assert Organisation.objects.get(name="Larch Street Lunch Club").merged_into is None
