"""Helpers for importer tests: run `import_source` as a user would, and count the register."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command

from commoncause.register.models import (
    AreaOfOperation,
    Classification,
    FinancialYear,
    Organisation,
    OrganisationLink,
    OrgIdentifier,
    OtherName,
)
from commoncause.sources.models import ImportRun, SourceRecord

REGISTER_MODELS = (
    Organisation,
    OrgIdentifier,
    OtherName,
    Classification,
    AreaOfOperation,
    FinancialYear,
    OrganisationLink,
    SourceRecord,
    ImportRun,
)


def import_source(kind: str, path: Path, *options: str) -> ImportRun:
    """Run `manage.py import_source <kind> <path>` and return the run it recorded."""
    call_command("import_source", kind, str(path), "--no-progress", *options, stdout=StringIO())
    return ImportRun.objects.order_by("-pk").first()


def register_counts() -> dict[str, int]:
    """How many rows each register table holds."""
    return {model.__name__: model.objects.count() for model in REGISTER_MODELS}


def organisation(org_id: str) -> Organisation:
    return Organisation.objects.get(identifiers__org_id=org_id)
