"""`manage.py restore PATH --yes`: replace the whole database with a backup made by `manage.py backup`."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commoncause.core.backups import (
    BackupError,
    BackupProblem,
    RestoreRefused,
    backup_check,
    backup_restore,
    database_describe,
)
from commoncause.core.locks import ImportBusy


class Command(BaseCommand):
    help = (
        "Replace everything in the database with a backup made by `manage.py backup`, then apply the "
        "migrations newer than the backup. Refuses unless given --yes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the backup file")
        parser.add_argument(
            "--yes", action="store_true", help="replace the database (without it, nothing is done)"
        )
        parser.add_argument(
            "--wait",
            action="store_true",
            help="if an import is running, wait for it to end (by default the restore is refused)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["path"]
        try:
            if not options["yes"]:
                header, target = backup_check(path), database_describe()
                raise CommandError(
                    f"Nothing was changed. Restoring {path} would replace everything in {target} with "
                    f"{header.describe()}. Run again with --yes to do it."
                )
            target = database_describe()
            header, applied = backup_restore(path, wait=options["wait"])
        except (BackupProblem, RestoreRefused, ImportBusy) as refused:
            raise CommandError(f"Restore not started, nothing was changed. {refused}") from refused
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {header.describe()} from {path} into {target}. "
            f"Migrations newer than the backup applied: {applied}."
        )
