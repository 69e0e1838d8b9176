"""`manage.py refresh [CONFIG] [--only kind,…] [--dry-run] [--json PATH]`: every source's scheduled
refresh, in order, as one run (`sources.pipeline`)."""

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from commoncause.sources.pipeline import (
    FINISHING,
    IMPORT_ORDER,
    RefreshBusy,
    RefreshConfigError,
    RefreshSummary,
    Step,
    StepResult,
    refresh_json_write,
    refresh_missing,
    refresh_plan,
    refresh_run,
    refresh_step_line,
    refresh_totals_line,
)


class Command(BaseCommand):
    help = (
        "Refresh every source named in CONFIG, in order: the registers (ccew, ccni, oscr, companies), "
        "the lists (csv, 360giving, oruk), geography (wards, lsoa, imd, postcodes), then "
        f"{', '.join(FINISHING)}. CONFIG (TOML; default var/refresh.toml) gives each source's kind and the "
        "path of its downloaded file or folder: this command fetches nothing, so download first. One "
        "refresh at a time: a second is refused with exit status 75. A failed step skips the steps that "
        "need it and the others still run; the summary says what failed and why, and the exit status is 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("config", nargs="?", type=Path, help="the configuration file (TOML)")
        parser.add_argument(
            "--only",
            type=_names,
            default=[],
            help=f"run only these steps, comma-separated: import kinds or {', '.join(FINISHING)}",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would run, and check the files are there"
        )
        parser.add_argument("--json", type=Path, help="also write the summary as JSON to this file")
        parser.add_argument("--no-progress", action="store_true", help="never show a progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        config = options["config"] or Path(settings.VAR_DIR) / "refresh.toml"
        try:
            steps = refresh_plan(config, only=options["only"])
        except RefreshConfigError as error:
            raise CommandError(f"Refresh not started, nothing was changed. {error}") from error
        if options["dry_run"]:
            self._plan_show(steps, options["json"], config)
            return
        show_progress = sys.stderr.isatty() and not options["no_progress"]
        try:
            summary = refresh_run(config, steps, on_step=self._step_show, show_progress=show_progress)
        except RefreshBusy as busy:
            raise CommandError(
                f"Refresh not started, nothing was changed. {busy} Wait for it to end.",
                returncode=os.EX_TEMPFAIL,
            ) from busy
        self._summary_end(summary, options["json"])

    def _step_show(self, result: StepResult) -> None:
        self.stdout.write(refresh_step_line(result))

    def _summary_end(self, summary: RefreshSummary, json_path: Path | None) -> None:
        self.stdout.write(refresh_totals_line(summary))
        if json_path:
            refresh_json_write(summary, json_path)
        if summary.failed:
            failed = "; ".join(f"{r.step.label}: {r.message}" for r in summary.failed)
            raise CommandError(
                f"Refresh failed: {len(summary.failed)} step(s) failed, {len(summary.skipped)} skipped. "
                f"{failed}"
            )

    def _plan_show(self, steps: list[Step], json_path: Path | None, config: Path) -> None:
        missing = refresh_missing(steps)
        for number, step in enumerate(steps, start=1):
            where = f" {step.path}" if step.path else ""
            absent = " (not there)" if step in missing else ""
            self.stdout.write(f"{number:>2}. {step.name}{where}{absent}")
        self.stdout.write(f"Dry run: {len(steps)} steps would run; nothing was changed.")
        if json_path:
            planned = RefreshSummary(config=config, started=timezone.now())
            planned.results = [StepResult(s, "missing" if s in missing else "planned") for s in steps]
            refresh_json_write(planned, json_path)
        if missing:
            raise CommandError(f"{len(missing)} file(s) named in {config} are not there.")


def _names(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = sorted(set(names) - set(IMPORT_ORDER) - set(FINISHING))
    if unknown:
        raise argparse.ArgumentTypeError(
            f"no step is called {', '.join(unknown)} (steps: {', '.join(IMPORT_ORDER + FINISHING)})"
        )
    return names
