"""`import_source ccni`: the Charity Commission for Northern Ireland register (364 real rows)."""

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from commoncause.accounts.models import AuditEntry
from commoncause.register.models import Organisation, OrganisationStatus
from commoncause.sources.tests.importing import import_source, organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def register_file(demo_data_dir: Path) -> Path:
    return demo_data_dir / "ccni-charitydetails-sample.csv"


def test_every_charity_in_the_register_is_imported(register_file):
    run = import_source("ccni", register_file)

    assert (run.created, run.rows_read, run.rejected) == (364, 364, 0)
    assert Organisation.objects.filter(identifiers__org_id__startswith="GB-NIC-").count() == 364
    logged = AuditEntry.objects.get(target_type="register.importrun")
    assert logged.target_id == str(run.pk)
    assert logged.after["created"] == 364


def test_cancer_lifeline_has_its_income_status_and_financial_year(register_file):
    import_source("ccni", register_file)

    charity = organisation("GB-NIC-100002")
    assert charity.name == "Cancer Lifeline"
    assert (charity.latest_income, charity.latest_spending) == (462154, 469480)
    assert charity.status == OrganisationStatus.REGISTERED
    assert charity.status_detail == "Received: on time"
    assert charity.latest_financial_year_end == dt.date(2023, 3, 31)
    assert charity.date_registered == dt.date(2013, 12, 13)
    assert (charity.employees, charity.volunteers) == (11, 20)
    year = charity.financial_years.get()
    assert (year.period_start, year.period_end) == (dt.date(2022, 4, 1), dt.date(2023, 3, 31))
    assert year.breakdown["income_donations_and_legacies"] == 403523
    assert year.breakdown["expenditure_governance"] == 3600
    assert year.breakdown["assets_net"] == -18235


def test_charity_keeps_its_public_contact_details(register_file):
    import_source("ccni", register_file)

    charity = organisation("GB-NIC-100002")
    assert charity.address == "Cancer Lifeline, 44 Alliance Avenue, Belfast"
    assert charity.postcode == "BT14 7PJ"
    assert charity.website == "www.cancerlifeline.info"
    assert charity.email == "info@cancerlifeline.info"
    assert charity.phone == "028 90351999"
    assert charity.charitable_objects.startswith("Cancer Lifeline is established for the relief of sickness")


def test_categories_are_read_across_to_ccew_codes_and_unmapped_text_stays_visible(register_file):
    import_source("ccni", register_file)

    charity = organisation("GB-NIC-100002")
    codes = set(charity.classifications.values_list("code", flat=True))
    # Education (102), health (103); carers and mental health (206), physical disabilities (203),
    # the voluntary sector (205), the general public (207); advice (307), counselling (306),
    # community development (113).
    assert codes == {"102", "103", "113", "203", "205", "206", "207", "306", "307"}
    assert set(charity.classifications.values_list("scheme", "source").distinct()) == {("ccew", "ccni")}
    assert charity.extra["ccni"]["who"] == [
        "Carers",
        "General public",
        "Mental health",
        "Physical disabilities",
        "Voluntary and community sector",
    ]
    assert charity.extra["ccni"]["unmapped_categories"] == [
        "The relief of those in need by reason of youth, age, ill-health, disability, financial hardship "
        "or other disadvantage"
    ]


def test_removed_charity_is_kept_as_removed(register_file):
    import_source("ccni", register_file)

    charity = organisation("GB-NIC-100007")
    assert charity.name == "CLOONEY SOCCER SCHOOL"
    assert charity.status == OrganisationStatus.REMOVED
    assert charity.is_removed


def test_overdue_charity_is_still_registered(register_file):
    import_source("ccni", register_file)

    charity = organisation("GB-NIC-100003")
    assert charity.status == OrganisationStatus.REGISTERED
    assert charity.status_detail == "Overdue: 64 days"


def test_company_number_becomes_a_northern_ireland_company_org_id(register_file):
    import_source("ccni", register_file)

    charity = organisation("GB-NIC-104137")
    assert charity.name == "Buddy Bear Trust"
    assert charity.legal_form == "Charitable company"
    assert set(charity.identifiers.values_list("org_id", "is_primary")) == {
        ("GB-NIC-104137", True),
        ("GB-COH-NI022996", False),
    }
    # Company number 0 means none.
    assert list(organisation("GB-NIC-100002").identifiers.values_list("org_id", flat=True)) == [
        "GB-NIC-100002"
    ]


def test_other_name_is_kept_and_placeholders_are_not(register_file):
    import_source("ccni", register_file)

    assert list(organisation("GB-NIC-100012").other_names.values_list("name", flat=True)) == ["NICVA"]
    assert organisation("GB-NIC-100490").other_names.get().name == "Bóthar"
    assert not organisation("GB-NIC-100016").other_names.exists()  # "N/A"


def test_windows_1252_copy_keeps_its_accented_names(register_file):
    run = import_source("ccni", register_file)

    assert "Read as Windows-1252 text." in run.notes

    assert organisation("GB-NIC-100016").name == "Fírinne"
    assert organisation("GB-NIC-101181").name.startswith("Endowment of Gwyn’s Charitable Institution")


def test_utf8_copy_with_byte_order_mark_imports_the_same_values(register_file, tmp_path):
    copy = tmp_path / "charitydetails.csv"
    copy.write_text(register_file.read_text(encoding="cp1252"), encoding="utf-8-sig", newline="")

    run = import_source("ccni", copy)

    assert run.created == 364
    assert organisation("GB-NIC-100016").name == "Fírinne"
    assert organisation("GB-NIC-100002").latest_income == 462154


def test_reimporting_the_register_changes_nothing(register_file):
    import_source("ccni", register_file)

    run = import_source("ccni", register_file)

    assert (run.created, run.updated, run.unchanged, run.removed) == (0, 0, 364, 0)
    assert Organisation.objects.count() == 364


def test_character_references_in_the_register_read_as_the_characters_they_stand_for(register_file):
    """Three real charities' objects hold HTML references ('&#9679;', a symbol font's '&#61607;')."""
    raw = register_file.read_text(encoding="utf-8", errors="replace")
    assert "&#9679;" in raw
    assert "&#61607;" in raw
    import_source("ccni", register_file)
    shown = Organisation.objects.values_list("name", "activities", "charitable_objects")
    assert not [row for row in shown if any("&#" in value for value in row)]
    assert Organisation.objects.filter(charitable_objects__contains="●").exists()
    assert Organisation.objects.filter(charitable_objects__contains="•").exists()


def test_a_file_that_gives_no_date_is_not_given_the_import_day_as_its_own(register_file, client):
    """The CCNI register CSV says nothing of when it was published: its facts are read on the day of the
    import, and the organisation page says so rather than presenting that day as the file's."""
    run = import_source("ccni", register_file)
    assert run.extract_date is None
    lifeline = organisation("GB-NIC-100002")
    (record,) = lifeline.source_records.all()
    assert record.extract_date is None
    assert record.last_confirmed == dt.date.today()
    page = client.get("/organisations/GB-NIC-100002/").content.decode()
    assert "the file gives no date of its own" in page


def test_the_date_its_publisher_gave_a_file_can_be_given_with_the_import(register_file, client):
    call_command(
        "import_source", "ccni", str(register_file), "--extract-date", "2024-03-31", stdout=StringIO()
    )
    (record,) = organisation("GB-NIC-100002").source_records.all()
    assert (record.extract_date, record.last_confirmed) == (dt.date(2024, 3, 31), dt.date(2024, 3, 31))
    page = client.get("/organisations/GB-NIC-100002/").content.decode()
    assert "the file gives no date of its own" not in page
    with pytest.raises(CommandError, match="extract-date"):
        call_command("import_source", "ccni", str(register_file), "--extract-date", "31/03/2024")
