"""`manage.py import_source <kind> <path>`: import one file or folder of a source."""

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commoncause.sources.base import import_source_run
from commoncause.sources.orglist_columns import mapping_help
from commoncause.sources.registry import IMPORTERS, importer_for, with_options
from commoncause.sources.run_words import EXPECTED, failure_words, summary_words


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
        except EXPECTED as error:
            words = failure_words(error)
            if words is None:
                raise
            raise CommandError(words) from error
        self.stdout.write(summary_words(run))


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None
