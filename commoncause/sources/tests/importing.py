"""Helpers for importer tests: run `import_source` as a user would, and count the register."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from commoncause.register.models import (
    AreaOfOperation,
    Classification,
    FinancialYear,
    ImportRun,
    Organisation,
    OrganisationLink,
    OrgIdentifier,
    OtherName,
    SourceRecord,
)

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
    run = ImportRun.objects.order_by("-pk").first()
    assert run is not None
    return run


def register_counts() -> dict[str, int]:
    """How many rows each register table holds."""
    return {model.__name__: model.objects.count() for model in REGISTER_MODELS}


def organisation(org_id: str) -> Organisation:
    return Organisation.objects.get(identifiers__org_id=org_id)


def assert_import_fails(
    kind: str, path: Path, *options: str, file: str, row: int | None = None, field: str | None = None
) -> str:
    """Run an import that must fail: the message names the file (and row and field where they
    apply), and the register holds exactly the rows it held before. Returns the message."""
    before = register_counts()
    with pytest.raises(CommandError) as failure:
        import_source(kind, path, *options)
    message = str(failure.value)
    assert message.startswith("Import failed, nothing was changed.")
    assert file in message
    if row is not None:
        assert f"row {row}" in message
    if field is not None:
        assert f"field '{field}'" in message
    assert register_counts() == before
    return message
