"""The register the search and API tests run on, loaded by the real importers.

Real rows: the CCNI register sample and the 2,000 real CCEW charities (data/demo). On request the
synthetic CCEW extract in tests/data adds areas of operation; its counts are only ever compared with
counts taken from the register itself.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from commoncause.register.models import Organisation
from commoncause.register.services import search_index_refresh

DEMO = Path(settings.DATA_DIR) / "demo"
TEST_DATA = Path(settings.BASE_DIR) / "tests" / "data"
# A few of CCNI's words for purposes, beneficiaries and activities as CCEW what/who/how codes, for
# tests that build organisations with the ORM (page_samples).
CCNI_CODES = {
    "The advancement of education": "102",
    "The advancement of health or the saving of lives": "103",
    "The prevention or relief of poverty": "105",
    "The advancement of religion": "108",
    "The advancement of amateur sport": "110",
    "The advancement of animal welfare": "111",
    "The advancement of citizenship or community development": "113",
    "Other charitable purposes": "117",
    "Children (5-13 year olds)": "201",
    "Youth (14-25 year olds)": "201",
    "Older people": "202",
    "Physical disabilities": "203",
    "Learning disabilities": "203",
    "Ethnic minorities": "204",
    "Voluntary and community sector": "205",
    "General public": "207",
    "Grant making": "302",
    "Advice/advocacy/information": "307",
    "Research/evaluation": "308",
}


def load_sample_register(*, with_areas: bool = False) -> None:
    """Import the real samples (each importer refreshes the search index at the end of its run).

    `with_areas` adds the synthetic CCEW extract, for tests of the area facet.
    """
    call_command("import_source", "ccni", str(DEMO / "ccni-charitydetails-sample.csv"), no_progress=True)
    call_command("import_source", "csv", str(DEMO / "ukcat_sample_ccew_2000.csv"), no_progress=True)
    if with_areas:
        call_command("import_source", "ccew", str(TEST_DATA / "ccew_txt"), no_progress=True)


def clear_register() -> None:
    """Empty the register a module-wide fixture loaded (outside any test's transaction), audit log too:
    the log refuses deletes through the ORM, so this test-only clean-up goes round it."""
    from django.db import connection

    from commoncause.register.models import ImportRun

    Organisation.objects.all().delete()
    ImportRun.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_auditentry")
    search_index_refresh()
