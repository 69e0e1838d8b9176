"""`manage.py import_source <kind> <path>`: import one file or folder of a source."""

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import OperationalError

from commoncause.core.busy import is_busy, is_disk_full
from commoncause.core.locks import ImportBusy
from commoncause.sources.base import ImportProblem, import_source_run
from commoncause.sources.orglist_columns import mapping_help
from commoncause.sources.registry import IMPORTERS, importer_for, with_options


class Command(BaseCommand):
    help = "Import one file or folder of a source kind into the register."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(IMPORTERS))
        parser.add_argument("path", type=Path)
        parser.add_argument("--mapping", type=Path, help=mapping_help())
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="360giving: import the grants that meet the standard and report the others",
        )
        parser.add_argument(
            "--extract-date",
            type=_day,
            help="the date the file's publisher gave its data (YYYY-MM-DD), for a file that does not say",
        )
        parser.add_argument("--no-progress", action="store_true", help="never show a progress bar")
        parser.add_argument(
            "--wait",
            action="store_true",
            help="if another import is running, wait for it to end (by default this one is refused)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kind, path = options["kind"], options["path"]
        importer = importer_for(kind)
        if options.get("mapping"):
            if kind != "csv":
                raise CommandError("--mapping is only for the csv kind")
            importer = with_options(importer, mapping_path=options["mapping"])
        if options.get("skip_invalid"):
            if kind != "360giving":
                raise CommandError("--skip-invalid is only for the 360giving kind")
            importer = with_options(importer, skip_invalid=True)
        show_progress = sys.stderr.isatty() and not options["no_progress"]
        try:
            run = import_source_run(
                kind=kind,
                path=path,
                importer=importer,
                show_progress=show_progress,
                extract_date=options.get("extract_date"),
                wait=options["wait"],
            )
        except ImportProblem as problem:
            raise CommandError(f"Import failed, nothing was changed. {problem}") from problem
        except ImportBusy as busy:
            raise CommandError(f"Import not started, nothing was changed. {busy}") from busy
        except (OperationalError, OSError) as error:
            if is_disk_full(error):
                raise CommandError(
                    f"Import failed, nothing was changed: there is no room left on the disk ({error}). Free "
                    "some room and run it again."
                ) from error
            if not is_busy(error):
                raise
            raise CommandError(
                "Import failed, nothing was changed: the database stayed busy with another writer "
                f"for too long ({error}). Try again when it is quieter."
            ) from error
        self.stdout.write(
            f"Imported {kind} from {run.file_name}: {run.created} created, {run.updated} updated, "
            f"{run.unchanged} unchanged, {run.removed} removed, {run.rejected} rejected "
            f"({run.rows_read} rows in {run.duration_seconds:.1f}s)"
        )


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None
