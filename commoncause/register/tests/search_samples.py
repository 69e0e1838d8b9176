"""The register the search and API tests run on, loaded by the real importers.

Real rows: the CCNI register sample and the 2,000 real CCEW charities (data/demo). The synthetic CCEW
extract in tests/data adds areas of operation and every classification kind; its counts are only ever
compared with counts taken from the register itself.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from commoncause.register.models import Organisation
from commoncause.register.services import search_index_refresh

DEMO = Path(settings.DATA_DIR) / "demo"
TEST_DATA = Path(settings.BASE_DIR) / "tests" / "data"


def load_sample_register() -> None:
    """Import the samples (each importer refreshes the search index at the end of its run)."""
    call_command("import_source", "ccni", str(DEMO / "ccni-charitydetails-sample.csv"), no_progress=True)
    call_command("import_source", "csv", str(DEMO / "ukcat_sample_ccew_2000.csv"), no_progress=True)
    call_command("import_source", "ccew", str(TEST_DATA / "ccew_txt"), no_progress=True)


def clear_register() -> None:
    from commoncause.sources.models import ImportRun

    Organisation.objects.all().delete()
    ImportRun.objects.all().delete()
    search_index_refresh()
