"""`manage.py export_ocds <out.json>`: the published contracts as an OCDS 1.1 release package."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from commoncause.accounts.curation import DecisionError
from commoncause.funding.opendata.ocds import ocds_write
from commoncause.funding.opendata.publisher import council_by_slug


class Command(BaseCommand):
    help = (
        "Write every published contract opportunity as an Open Contracting (OCDS 1.1) release package, "
        "one release per contract at its stage, checked against the OCDS schema first."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("out", type=Path, help="the .json file to write")
        parser.add_argument("--council", help="only the contracts of the council with this slug")
        parser.add_argument(
            "--no-examples",
            action="store_true",
            help="leave out the demonstration's example contracts (by default included, and marked)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            council = council_by_slug(options["council"])
            count = ocds_write(options["out"], council=council, examples=not options["no_examples"])
        except DecisionError as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(f"Wrote {count} release{'s' if count != 1 else ''} to {options['out']}.")
