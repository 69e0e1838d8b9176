"""`manage.py export_oruk <folder>`: the public services directory as an Open Referral UK 3.0 tabular
data package (`datapackage.json` and one CSV per table), as `import_source oruk` reads it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from commoncause.services.oruk.export import directory_export


class Command(BaseCommand):
    help = "Write the public services directory as an Open Referral UK 3.0 tabular data package."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="where to write it (made if it does not exist)")

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        exported = directory_export(folder)
        for table, rows in sorted(exported.rows.items()):
            self.stdout.write(f"{table}: {rows}")
        for what, count in sorted(exported.skipped.items()):
            self.stdout.write(f"Left out (the standard's tables require what they lack): {count} {what}")
        self.stdout.write(f"Written to {folder}")
