"""`manage.py backup [PATH]`: write a backup of the whole database to one file."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commoncause.core.backups import BackupError, backup_make, size_text


class Command(BaseCommand):
    help = (
        "Back up the whole database to one file (by default var/backups/commoncause-<kind>-<UTC time>.backup)"
        " while the service runs; restore it with `manage.py restore`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            help="the file to write, or a folder to write it in (default var/backups)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            written = backup_make(path=options["path"])
        except BackupError as error:
            raise CommandError(f"Backup failed, nothing was written. {error}") from error
        self.stdout.write(f"Backup written to {written} ({size_text(written.stat().st_size)})")
