"""The state of the local sector: a council's printable report of its organisations by size, legal form,
theme and age, their income and its sources, their staff and volunteers, and registrations and removals
by year, each with a chart, its table, a CSV and the imports its figures came from. Counted on the real
charities of Westminster in the demo's UK-CAT sample, placed by their real postcodes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from commoncause.accounts.models import Council, Role, StaffRole
from commoncause.accounts.tests.cast import person
from commoncause.places import sector
from commoncause.places.models import Area
from commoncause.places.report_sections import report_parts, table_csv
from commoncause.places.sector_charts import breakdown_chart_svg
from commoncause.places.services import organisations_place
from commoncause.register.models import Organisation, OrganisationStatus
from commoncause.relationships.models import Contact

pytestmark = pytest.mark.django_db
DATA = Path(settings.DATA_DIR)
WESTMINSTER = "E09000033"
REPORT = f"/places/{WESTMINSTER}/report/"
TABLES = ("size", "legal_form", "themes", "age", "income", "income_sources", "people", "registrations")
DRAWN = dt.datetime(2021, 1, 1, 12, tzinfo=dt.UTC)


def load_westminster() -> None:
    """The demo's charities of England and Wales and Westminster's wards and postcodes, placed."""
    for kind, path in (
        ("csv", "demo/ukcat_sample_ccew_2000.csv"),
        ("wards", "geo/boundaries/E09000033_ward.geojson"),
        ("postcodes", "geo/postcodes/charity_postcodes.csv"),
    ):
        call_command("import_source", kind, str(DATA / path), no_progress=True)
    organisations_place()


@pytest.fixture
def westminster() -> Area:
    load_westminster()
    council = sector.council_by_code(WESTMINSTER)
    assert council is not None
    return council


@pytest.fixture
def scope(westminster: Area) -> sector.ReportScope:
    return sector.report_scope(westminster, now=DRAWN)


def placed_in_westminster() -> list[Organisation]:
    return list(Organisation.objects.filter(place__local_authority=WESTMINSTER).order_by("name"))


def test_the_organisations_counted_are_the_live_ones_placed_in_the_council(westminster: Area) -> None:
    placed = placed_in_westminster()
    assert len(placed) == 62  # of the 2,000 charities, those at a Westminster postcode
    removed, linked = placed[0], placed[1]
    removed.status, removed.date_removed = OrganisationStatus.REMOVED, dt.date(2019, 5, 1)
    removed.save()
    linked.merged_into = placed[2]
    linked.save()

    scope = sector.report_scope(westminster)

    assert len(scope.organisation_ids) == 60
    assert removed.pk not in scope.organisation_ids
    assert removed.pk in scope.placed_ids  # registrations and removals still count it
    assert linked.pk not in scope.placed_ids
    assert scope.gone == 1
    changes = sector.registrations(scope)
    assert {year.year: year.removed for year in changes.years if year.removed} == {2019: 1}


def test_sizes_are_the_ncvo_bands_of_the_latest_income(scope: sector.ReportScope) -> None:
    found = sector.size_bands(scope)

    assert [(row.label.split(" ")[0], row.count) for row in found.rows] == [
        ("Micro", 11), ("Small", 17), ("Medium", 23), ("Large", 9), ("Major", 1),
    ]  # fmt: skip
    assert found.unknown == 1
    assert found.total == 62


def test_legal_form_falls_back_to_the_register_when_none_is_published(scope: sector.ReportScope) -> None:
    found = sector.legal_forms(scope)

    assert [(row.label, row.count) for row in found.rows] == [
        ("Not published: registered charity (England and Wales)", 62)
    ]
    charity = placed_in_westminster()[0]
    charity.legal_form = "Charitable incorporated organisation"
    charity.save()
    again = sector.legal_forms(scope)
    assert ("Charitable incorporated organisation", 1) in [(row.label, row.count) for row in again.rows]


def test_themes_count_each_organisation_under_every_theme_it_has(scope: sector.ReportScope) -> None:
    found = sector.theme_counts(scope)

    counts = {row.code: row.count for row in found.rows}
    assert counts["education"] == 17
    assert counts["arts"] == 12
    assert counts["poverty"] == 11
    assert found.without == 9
    assert sum(counts.values()) > found.total - found.without  # several themes each


def test_age_is_counted_from_registration_to_the_day_drawn(scope: sector.ReportScope) -> None:
    found = sector.ages(scope)

    expected: dict[str, int] = {}
    for organisation in placed_in_westminster():
        day = organisation.date_registered
        assert day is not None
        years = 2020 - day.year + (day <= dt.date(day.year, 1, 1))  # whole years on 1 January 2021
        bands = ((25, "25 years or more"), (10, "10 to 24 years"), (5, "5 to 9 years"), (2, "2 to 4 years"))
        label = next((label for least, label in bands if years >= least), "Under 2 years")
        expected[label] = expected.get(label, 0) + 1
    assert {row.label: row.count for row in found.rows} == expected
    assert expected == {"Under 2 years": 1, "2 to 4 years": 10, "5 to 9 years": 12, "10 to 24 years": 18,
                        "25 years or more": 21}  # fmt: skip
    assert found.unknown == 0


def test_income_adds_up_the_latest_published_incomes(scope: sector.ReportScope) -> None:
    found = sector.income(scope)

    incomes = [o.latest_income for o in placed_in_westminster() if o.latest_income is not None]
    assert found.published == len(incomes) == 61
    assert found.income == sum(incomes) == 50_275_618
    assert [(band.label.split(" ")[0], band.income) for band in found.bands][-1] == ("Major", 22_524_000)
    assert sum(band.income for band in found.bands) == found.income


def test_income_sources_and_people_say_when_no_source_publishes_them(scope: sector.ReportScope) -> None:
    sources = sector.income_sources(scope)
    people = sector.people(scope)

    assert sources.published == 0
    assert people.staff_published == people.volunteers_published == 0
    charity = placed_in_westminster()[0]
    charity.employees, charity.volunteers = 4, 30
    charity.save()
    charity.financial_years.create(
        source="ccew", period_end=dt.date(2019, 3, 31), income=1000,
        breakdown={"income_donations_and_legacies": 700, "income_charitable_activities": 300},
    )  # fmt: skip
    sources, people = sector.income_sources(scope), sector.people(scope)
    assert sources.published == 1
    assert [(row.label, row.income) for row in sources.rows[:2]] == [
        ("Donations and legacies", 700), ("Charitable activities", 300),
    ]  # fmt: skip
    assert (people.staff, people.volunteers, people.staff_published) == (4, 30, 1)


def test_registrations_run_year_by_year_from_the_first(scope: sector.ReportScope) -> None:
    found = sector.registrations(scope)

    assert (found.years[0].year, found.years[-1].year) == (1964, 2020)
    assert [year.year for year in found.years] == list(range(1964, 2021))
    assert sum(year.registered for year in found.years) == 62
    assert found.undated == 0


def test_each_section_names_the_imports_its_figures_came_from(scope: sector.ReportScope) -> None:
    sources = sector.report_sources(scope)

    assert [(f.kind, f.file_name) for f in sources.register] == [("csv", "ukcat_sample_ccew_2000.csv")]
    assert {(f.kind, f.file_name) for f in sources.placement} == {
        ("postcodes", "charity_postcodes.csv"), ("wards", "E09000033_ward.geojson"),
    }  # fmt: skip
    assert all(f.imported_at for f in sources.files)


def test_the_page_shows_the_council_the_date_drawn_who_is_counted_and_every_section(
    westminster: Area, client: Client
) -> None:
    page = client.get(REPORT)

    assert page.status_code == 200
    html = page.content.decode()
    assert '<h1 class="govuk-heading-xl">The state of the local sector</h1>' in html
    assert "Westminster (E09000033)" in html
    drawn = re.search(r'data-testid="drawn">([^<]+)<', html)
    assert drawn is not None
    assert drawn.group(1).startswith(f"{timezone.localdate().day} {timezone.localdate():%B %Y}")
    assert "placed there by the postcode of their address" in html
    assert 'data-testid="counted">62<' in html
    for name in TABLES:
        assert f'id="{name}"' in html
        assert f'href="{REPORT}{name}.csv"' in html or name == "income_sources"  # no figures, no file
    assert html.count("ukcat_sample_ccew_2000.csv") >= len(TABLES)
    assert "charity_postcodes.csv" in html
    assert ">£50,275,618<" in html
    assert "The sources publish the staff or volunteers of none of the 62 organisations." in html


def test_every_chart_is_one_image_described_in_words_under_the_pages_nonce(
    westminster: Area, client: Client
) -> None:
    page = client.get(REPORT)

    html = page.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", page["Content-Security-Policy"])
    assert nonce is not None
    charts = re.findall(r"<svg [^>]*role=\"img\"[^>]*>", html)
    assert len(charts) >= 5  # size, legal form has one bar, themes, age, income, registrations
    assert html.count(f'<style nonce="{nonce.group(1)}"') == len(charts)
    assert "<script" not in "".join(re.findall(r"<svg.*?</svg>", html, flags=re.DOTALL))
    assert 'aria-describedby="' in charts[0]


def test_a_chart_of_one_bar_is_left_to_the_words_and_the_table() -> None:
    one = sector.Breakdown(total=3, rows=(sector.Tally("Trust", 3),))
    assert breakdown_chart_svg(one, title="t", summary="s") == ""


def test_each_table_downloads_as_csv_named_by_council_table_and_day(
    westminster: Area, client: Client
) -> None:
    for name in TABLES:
        response = client.get(f"{REPORT}{name}.csv")
        assert response.status_code == 200, name
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        day = timezone.now().strftime("%Y-%m-%d")
        assert response["Content-Disposition"] == f'attachment; filename="{WESTMINSTER}-{name}-{day}.csv"'
    rows = list(csv.reader(io.StringIO(client.get(f"{REPORT}size.csv").content.decode())))
    assert rows[0] == ["Size (latest income)", "Organisations", "Share"]
    assert rows[3] == ["Medium (£100,000 under £1,000,000)", "23", "0.3710"]
    registrations = list(csv.reader(io.StringIO(client.get(f"{REPORT}registrations.csv").content.decode())))
    assert registrations[1] == ["1964", "1", "0"]


def test_a_csv_cell_a_spreadsheet_would_run_is_defused(scope: sector.ReportScope) -> None:
    table = sector.Table("t", "t", (sector.Column("Legal form", "text"),), (("=HYPERLINK(1)",),))
    assert table_csv(table).splitlines()[1] == "'=HYPERLINK(1)"


def test_an_unknown_code_or_table_is_not_found_and_a_wards_code_says_it_is_not_a_council(
    westminster: Area, client: Client
) -> None:
    assert client.get("/places/E09999999/report/").status_code == 404
    assert client.get(f"{REPORT}trustees.csv").status_code == 404
    ward = Area.objects.filter(parent_code=WESTMINSTER, area_type="ward").order_by("code").first()
    assert ward is not None

    answer = client.get(f"/places/{ward.code}/report/")

    assert answer.status_code == 404
    html = answer.content.decode()
    assert f"{ward.code} is not a council" in html
    assert f"{ward.name} ({ward.code}) is a ward." in html
    assert f'href="{REPORT}"' in html
    assert client.get(f"/places/{ward.code}/report/size.csv").status_code == 404


def test_a_council_with_no_organisations_placed_gets_a_report_that_says_so(client: Client) -> None:
    call_command(
        "import_source", "wards", str(DATA / "geo/boundaries/E09000033_ward.geojson"), no_progress=True
    )

    page = client.get(REPORT)

    assert page.status_code == 200
    assert "No live organisation is placed in the council." in page.content.decode()
    assert client.get(f"{REPORT}size.csv").content.decode().splitlines() == [
        "Size (latest income),Organisations,Share"
    ]


def test_the_public_report_names_no_person(westminster: Area, client: Client) -> None:
    charity = placed_in_westminster()[0]
    Contact.objects.create(
        organisation=charity, name="Quinlan Ashdown", email="q.ashdown@charity.example",
        phone="020 7946 0000", purpose="partnership", lawful_basis="legitimate_interests",
    )  # fmt: skip
    Organisation.objects.filter(pk=charity.pk).update(email="office@charity.example", phone="020 7946 0001")

    pages = [client.get(REPORT).content] + [client.get(f"{REPORT}{name}.csv").content for name in TABLES]

    text = b"".join(pages).decode().lower()
    for secret in ("quinlan ashdown", "q.ashdown@", "office@charity.example", "020 7946"):
        assert secret not in text
    assert charity.name.lower() not in text  # figures about organisations, not a list of them


def test_it_prints_on_a4_without_navigation_a_section_to_a_page(westminster: Area, client: Client) -> None:
    html = client.get(REPORT).content.decode()
    css = (Path(settings.BASE_DIR) / "commoncause/core/static/core/commoncause.css").read_text()
    script = (Path(settings.BASE_DIR) / "commoncause/places/static/places/report.mjs").read_text()

    printing = css[css.index("@media print") :]
    assert "@page { size: A4" in printing
    assert re.search(r"\.govuk-header,[^{]*\.govuk-service-navigation,[^{]*\{ display: none", printing)
    assert ".cc-report-section { break-before: page" in printing
    assert "break-inside: avoid" in printing
    button = re.search(r"<button [^>]*data-cc-print hidden>Print this report</button>", html)
    assert button is not None  # shown by the script
    assert 'src="/static/places/report.mjs"' in html
    assert "window.print()" in script
    assert "use your browser's print command" in html  # without JavaScript
    assert html.count('class="cc-report-section"') == len(report_parts())


def test_an_officer_finds_the_report_of_their_council_on_their_account_page(
    westminster: Area, client: Client
) -> None:
    council = Council.objects.create(
        name="Westminster City Council", slug="westminster", area_codes=[WESTMINSTER]
    )
    officer = person("officer@westminster.example")
    StaffRole.objects.create(user=officer, role=Role.OFFICER, council=council)
    client.force_login(officer)

    assert (
        f'href="{REPORT}">The state of the local sector in Westminster</a>'
        in client.get("/accounts/").content.decode()
    )
    client.force_login(person("someone@charity.example"))
    assert REPORT not in client.get("/accounts/").content.decode()
