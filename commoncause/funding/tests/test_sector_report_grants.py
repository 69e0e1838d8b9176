"""Funding adds the grants a council's organisations received to the state-of-the-local-sector report
(through places' report sections, so places never imports funding): by funder and year, from the
360Giving files loaded, named as the source; and "no published grants" when none are known."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.test import Client

from commoncause.funding.models import Grant
from commoncause.places import sector
from commoncause.places.report_sections import report_part, report_parts
from commoncause.places.services import organisations_place
from commoncause.places.tests.test_sector_report import REPORT, WESTMINSTER, load_westminster

pytestmark = pytest.mark.django_db
ALWF = "alwf-360giving-grants-2021-02.json"


def westminster_scope() -> sector.ReportScope:
    council = sector.council_by_code(WESTMINSTER)
    assert council is not None
    return sector.report_scope(council)


@pytest.fixture
def scope() -> sector.ReportScope:
    load_westminster()
    return westminster_scope()


def load_grants(test_data_dir: Path) -> sector.ReportScope:
    """The foundation's grants; its recipients the register did not hold join it and are placed by
    the postcodes the file gives, as `make run` does."""
    call_command("import_source", "360giving", str(test_data_dir / "grants" / ALWF), no_progress=True)
    organisations_place()
    return westminster_scope()


def test_the_grants_section_is_added_by_funding_after_where_income_comes_from() -> None:
    names = [part.name for part in report_parts()]

    assert "grants" in names
    assert names.index("income_sources") < names.index("grants") < names.index("people")


def test_grants_to_the_councils_organisations_by_funder_and_year(
    scope: sector.ReportScope, test_data_dir: Path
) -> None:
    scope = load_grants(test_data_dir)
    part = report_part("grants")
    assert part is not None

    section = part.build(scope, "")

    received = Grant.objects.filter(recipient_id__in=scope.organisation_ids, currency="GBP")
    assert received.count() > 0
    total = received.aggregate(total=Sum("amount_awarded"))["total"]
    assert sum(row[3] for row in section.table.rows) == total  # type: ignore[misc]
    assert {row[1] for row in section.table.rows} == {"Andrew Lloyd Webber Foundation"}
    assert sum(row[2] for row in section.table.rows) == received.count()  # type: ignore[misc]
    years = sorted({grant.award_date.year for grant in received})
    assert [row[0] for row in section.table.rows] == [str(year) for year in years]
    assert [source.file_name for source in section.sources] == [ALWF]
    assert section.sources[0].kind == "360giving"
    assert "Andrew Lloyd Webber Foundation" in section.summary
    recipients = received.values("recipient_id").distinct().count()
    assert (
        f"{recipients:,} of the {len(scope.organisation_ids)} organisations received at least one"
        in section.summary
    )
    assert section.chart.startswith("<svg") == (len(years) > 1)


def test_the_report_page_and_csv_show_the_grants_and_name_the_file(
    scope: sector.ReportScope, test_data_dir: Path, client: Client
) -> None:
    scope = load_grants(test_data_dir)

    html = client.get(REPORT).content.decode()
    rows = list(csv.reader(io.StringIO(client.get(f"{REPORT}grants.csv").content.decode())))

    assert 'id="grants"' in html
    assert f'360Giving grants: <span class="cc-break-anywhere">{ALWF}</span> (360giving)' in html
    assert rows[0] == ["Year", "Funder", "Grants", "Total"]
    assert len(rows) > 1
    assert all(row[1] == "Andrew Lloyd Webber Foundation" for row in rows[1:])
    assert (
        sum(Decimal(row[3]) for row in rows[1:])
        == Grant.objects.filter(recipient_id__in=scope.organisation_ids, currency="GBP").aggregate(
            total=Sum("amount_awarded")
        )["total"]
    )


def test_with_no_grants_loaded_the_section_says_there_are_no_published_grants(
    scope: sector.ReportScope, client: Client
) -> None:
    html = client.get(REPORT).content.decode()

    assert "No published grants to these organisations are known." in html
    assert "No 360Giving file has been loaded." in html
    assert client.get(f"{REPORT}grants.csv").content.decode().splitlines() == ["Year,Funder,Grants,Total"]
