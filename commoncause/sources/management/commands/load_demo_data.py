"""`manage.py load_demo_data [--once]`: load the demo register from data/demo/."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commoncause.sources.base import ImportProblem
from commoncause.sources.demo import DEMO_FILES, demo_finish, demo_load


class Command(BaseCommand):
    help = (
        "Import the demo register shipped in data/ (the CCNI register sample, 2,000 CCEW charities from "
        "the UK-CAT sample, Companies House rows, and the demo council's geography) through the same "
        "import service as import_source, then place the organisations in their wards. "
        "Re-running updates in place; --once skips files already imported, so a second `make run` starts "
        "at once."
    )
    # `make run` has just run migrate, which checks the project; skipping the checks here (they load
    # every URL and the API) lets a second `make run` get past this in a fraction of a second.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="do nothing for files already imported")
        parser.add_argument("--no-progress", action="store_true", help="never show a progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        show_progress = sys.stderr.isatty() and not options["no_progress"]
        try:
            runs = demo_load(once=options["once"], show_progress=show_progress)
        except ImportProblem as problem:
            raise CommandError(f"Loading the demo data failed, nothing was changed. {problem}") from problem
        if not runs:
            names = ", ".join(path.rsplit("/", 1)[-1] for _, path in DEMO_FILES)
            self.stdout.write(f"Demo data already loaded ({names}); nothing to do.")
        for run in runs:
            self.stdout.write(
                f"Imported {run.kind} from {run.file_name}: {run.created} created, {run.updated} updated, "
                f"{run.unchanged} unchanged, {run.removed} removed ({run.rows_read} rows in "
                f"{run.duration_seconds:.1f}s)"
            )
        if runs:
            for said in demo_finish():
                self.stdout.write(said)
