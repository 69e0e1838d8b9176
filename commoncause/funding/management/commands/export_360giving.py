"""`manage.py export_360giving <out>`: the awards published as grants, as 360Giving data."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from commoncause.accounts.curation import DecisionError
from commoncause.funding.opendata.publisher import council_by_slug
from commoncause.funding.opendata.threesixty_out import threesixty_write


class Command(BaseCommand):
    help = (
        "Write every award published as a grant as 360Giving data: a JSON package (out.json) or the "
        "spreadsheet form with the standard's column titles (out.xlsx, out.csv), checked against the "
        "standard's schema first."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("out", type=Path, help="the file to write: .json, .xlsx or .csv")
        parser.add_argument("--council", help="only the awards of the council with this slug")
        parser.add_argument(
            "--no-examples",
            action="store_true",
            help="leave out the demonstration's example awards (by default included, and marked)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            council = council_by_slug(options["council"])
            count = threesixty_write(options["out"], council=council, examples=not options["no_examples"])
        except DecisionError as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(f"Wrote {count} grant{'s' if count != 1 else ''} to {options['out']}.")
