"""The scheduled refresh: every source's import, then the steps that follow imports, in one ordered run.

A configuration file (TOML) says where each source's downloaded files are; the order is fixed here,
lower layers first, whatever order the file lists them in:

1. the registers: ccew, ccni, oscr, companies (charities before Companies House, so that a company
   joins the charity it belongs to);
2. the lists matched against them: csv (councils' and others' organisation lists), 360giving, oruk;
3. geography: wards, lsoa, imd, postcodes;
4. the finishing steps, as their own commands: place_organisations, match_groups, match_prepare,
   search_index_rebuild.

Each import goes through `import_source_run`, so it takes its own import lock and is one transaction,
exactly as `import_source` runs it. The whole refresh holds a lock of its own (`refresh_lock`), apart
from the imports' locks: two refreshes never overlap, and a refresh never waits for itself.

A failed step leaves the database as it was (an import is rolled back whole). The steps that need it,
by `NEEDS`, are skipped, and so are the steps that need a skipped one; the others still run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import sys
import time
import tomllib
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import IO, Any

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from commoncause.core.busy import is_busy
from commoncause.core.locks import ImportBusy, LockHeld, process_lock
from commoncause.sources.base import ImportProblem, import_source_run
from commoncause.sources.registry import IMPORTERS, importer_for, with_options

logger = logging.getLogger(__name__)

REGISTERS = ("ccew", "ccni", "oscr", "companies")
LISTS = ("csv", "360giving", "oruk")
GEOGRAPHY = ("wards", "lsoa", "imd", "postcodes")
IMPORT_ORDER = REGISTERS + LISTS + GEOGRAPHY
FINISHING = ("place_organisations", "match_groups", "match_prepare", "search_index_rebuild")

# What each step needs: a step is skipped when a step of a kind it needs failed or was skipped in the same
# run. Lists are matched against the registers; LSOAs and postcodes are placed in the wards, deprivation
# is kept by LSOA; placing organisations needs them and the geography; the search index is rebuilt only
# when everything before it succeeded (imports keep it up to date meanwhile).
NEEDS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(REGISTERS, ()),
    **dict.fromkeys(LISTS, REGISTERS),
    "wards": (),
    "lsoa": ("wards",),
    "imd": ("lsoa",),
    "postcodes": ("wards",),
    "place_organisations": IMPORT_ORDER,
    "match_groups": REGISTERS + LISTS,
    "match_prepare": REGISTERS + LISTS,
    "search_index_rebuild": IMPORT_ORDER + FINISHING[:-1],
}
COUNTED = ("created", "updated", "unchanged", "removed", "rejected", "rows_read")
_SOURCE_KEYS = {"kind", "path", "mapping", "skip_invalid", "extract_date"}
_LOCK_KEY = int.from_bytes(hashlib.sha256(b"commoncause:refresh").digest()[:8], "big", signed=True)


class RefreshConfigError(Exception):
    """The configuration file cannot be used: says which file and entry, and why."""


class RefreshBusy(Exception):
    """Another refresh holds the refresh lock."""


@dataclass(frozen=True)
class Step:
    """One step of a refresh: an import of one file or folder (`kind`, `path`), or a finishing command."""

    name: str
    path: Path | None = None
    options: dict[str, Any] = field(default_factory=dict)
    extract_date: dt.date | None = None

    @property
    def label(self) -> str:
        return f"{self.name} {self.path.name}" if self.path else self.name


@dataclass
class StepResult:
    step: Step
    status: str  # done, failed or skipped
    message: str = ""
    seconds: float = 0.0
    counts: dict[str, int] | None = None  # an import's created, updated, … from its run record
    run_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        path = str(self.step.path) if self.step.path else None
        shown = {"step": self.step.name, "path": path, "status": self.status, "message": self.message}
        return shown | {"seconds": round(self.seconds, 3), "counts": self.counts, "import_run": self.run_id}


@dataclass
class RefreshSummary:
    config: Path
    started: dt.datetime
    results: list[StepResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[StepResult]:
        return [result for result in self.results if result.status == "failed"]

    @property
    def skipped(self) -> list[StepResult]:
        return [result for result in self.results if result.status == "skipped"]

    def totals(self) -> dict[str, int]:
        """Created, updated, unchanged, removed, rejected and rows read, over every import."""
        total = dict.fromkeys(COUNTED, 0)
        for result in self.results:
            for name, value in (result.counts or {}).items():
                total[name] += value
        return total

    def as_json(self) -> dict[str, Any]:
        return {
            "config": str(self.config),
            "started": self.started.isoformat(timespec="seconds"),
            "seconds": round(self.seconds, 3),
            "ok": not self.failed,
            "totals": self.totals(),
            "failed": [result.step.label for result in self.failed],
            "skipped": [result.step.label for result in self.skipped],
            "steps": [result.as_json() for result in self.results],
        }


def refresh_plan(config: Path, *, only: Collection[str] = ()) -> list[Step]:
    """The steps `config` asks for, in the refresh's order; with `only`, just the steps named there
    (import kinds and finishing steps' names)."""
    entries = _config_read(config)
    imports = [_import_step(config, number, entry) for number, entry in enumerate(entries, start=1)]
    imports.sort(key=lambda step: IMPORT_ORDER.index(step.name))  # stable: a kind's files keep their order
    steps = imports + [Step(name) for name in FINISHING]
    if not only:
        return steps
    unknown = sorted(set(only) - {step.name for step in steps})
    if unknown:
        raise RefreshConfigError(
            f"--only names {', '.join(unknown)}, which {config} has no step for. Its steps: "
            f"{', '.join(dict.fromkeys(step.name for step in steps))}."
        )
    return [step for step in steps if step.name in only]


def _config_read(config: Path) -> list[Any]:
    try:
        with config.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise RefreshConfigError(
            f"{config}: no such file. Give the configuration file (data/pipeline/demo.toml refreshes the "
            "shipped samples)."
        ) from None
    except OSError as error:
        raise RefreshConfigError(f"{config}: cannot be read ({error.strerror or error}).") from None
    except tomllib.TOMLDecodeError as error:
        raise RefreshConfigError(f"{config}: is not valid TOML ({error}).") from None
    extra = sorted(set(data) - {"source"})
    if extra:
        raise RefreshConfigError(f"{config}: unknown setting {', '.join(extra)}; only [[source]] entries.")
    sources = data.get("source", [])
    if not isinstance(sources, list):
        raise RefreshConfigError(f"{config}: 'source' must be a list of [[source]] entries.")
    return sources


def _import_step(config: Path, number: int, entry: Any) -> Step:
    """One [[source]] entry as a step; paths are relative to the configuration file's folder."""

    def problem(message: str) -> RefreshConfigError:
        return RefreshConfigError(f"{config}, source {number}: {message}")

    if not isinstance(entry, dict):
        raise problem("must be a table with kind and path.")
    unknown = sorted(set(entry) - _SOURCE_KEYS)
    if unknown:
        raise problem(f"unknown key {', '.join(unknown)} (keys: {', '.join(sorted(_SOURCE_KEYS))}).")
    kind, path = entry.get("kind"), entry.get("path")
    if kind not in IMPORT_ORDER or kind not in IMPORTERS:
        known = ", ".join(k for k in IMPORT_ORDER if k in IMPORTERS)
        raise problem(f"kind {kind!r} is not one the refresh runs ({known}).")
    if not isinstance(path, str) or not path or "://" in path:
        raise problem("path must be a file or folder on this machine (the refresh fetches nothing).")
    extract_date = entry.get("extract_date")
    if extract_date is not None and not isinstance(extract_date, dt.date):
        raise problem("extract_date must be a date written YYYY-MM-DD, unquoted.")
    folder = config.resolve().parent
    return Step(kind, (folder / path).resolve(), _import_options(entry, kind, folder, problem), extract_date)


def _import_options(
    entry: dict[str, Any], kind: str, folder: Path, problem: Callable[[str], RefreshConfigError]
) -> dict[str, Any]:
    """`mapping` (csv) and `skip_invalid` (360giving), as `import_source` takes them."""
    options: dict[str, Any] = {}
    if "mapping" in entry:
        if kind != "csv" or not isinstance(entry["mapping"], str):
            raise problem("mapping is only for the csv kind, as the path of a JSON mapping.")
        options["mapping_path"] = (folder / entry["mapping"]).resolve()
    if "skip_invalid" in entry:
        if kind != "360giving" or not isinstance(entry["skip_invalid"], bool):
            raise problem("skip_invalid is only for the 360giving kind, as true or false.")
        options["skip_invalid"] = entry["skip_invalid"]
    return options


def refresh_missing(steps: list[Step]) -> list[Step]:
    """The import steps whose file or folder is not there."""
    return [step for step in steps if step.path is not None and not step.path.exists()]


@contextmanager
def refresh_lock(config: Path) -> Iterator[None]:
    """Hold the refresh lock within the block, or raise `RefreshBusy` at once. It is not an import lock:
    a PostgreSQL advisory lock of its own key, or on SQLite a file of its own beside the database, so
    the refresh's imports take theirs inside it as they would alone. Either is let go when the process
    ends, however it ends."""
    try:
        with process_lock(key=_LOCK_KEY, file_suffix="refresh.lock", facts={"config": str(config.resolve())}):
            yield
    except LockHeld as held:
        raise RefreshBusy(f"Another refresh{_holder(held.holder)} is running on this database.") from None


def _holder(held: dict[str, Any] | None) -> str:
    """' (process 123, started at 2026-12-05T02:00:00, from refresh.toml)', as the holder wrote it."""
    try:
        return (
            ""
            if held is None
            else f" (process {held['pid']}, started at {held['started']}, from {held['config']})"
        )
    except KeyError:
        return ""


def refresh_run(
    config: Path,
    steps: list[Step],
    *,
    on_step: Callable[[StepResult], None] | None = None,
    show_progress: bool = False,
    stderr: IO[str] = sys.stderr,
) -> RefreshSummary:
    """Run `steps` in order holding the refresh lock (`RefreshBusy` if another refresh holds it);
    `on_step` hears each step's result as it ends."""
    summary = RefreshSummary(config=config, started=timezone.now())
    began = time.monotonic()
    not_done: dict[str, str] = {}  # step name -> failed or skipped
    with refresh_lock(config):
        for step in steps:
            blocked = [name for name in NEEDS[step.name] if name in not_done]
            if blocked:
                why = ", ".join(f"{name} ({not_done[name]})" for name in blocked)
                result = StepResult(step, "skipped", f"needs {why}")
            else:
                result = _step_run(step, show_progress, stderr)
            if result.status != "done":
                not_done.setdefault(step.name, result.status)
            summary.results.append(result)
            if on_step:
                on_step(result)
    summary.seconds = time.monotonic() - began
    return summary


def _step_run(step: Step, show_progress: bool, stderr: IO[str]) -> StepResult:
    began = time.monotonic()
    try:
        result = _import_run(step, show_progress, stderr) if step.path else _command_run(step)
    except Exception as error:  # a step's failure is reported and the independent steps still run
        if not _expected(error):
            logger.exception("Refresh step %s failed", step.label)
        result = StepResult(step, "failed", _failure(error))
    result.seconds = time.monotonic() - began
    return result


def _import_run(step: Step, show_progress: bool, stderr: IO[str]) -> StepResult:
    if step.path is None:
        raise ValueError(f"{step.name} is not an import")
    importer = importer_for(step.name)
    if step.options:
        importer = with_options(importer, **step.options)
    run = import_source_run(
        kind=step.name,
        path=step.path,
        importer=importer,
        show_progress=show_progress,
        stderr=stderr,
        extract_date=step.extract_date,
    )
    counts = {name: int(getattr(run, name)) for name in COUNTED}
    return StepResult(step, "done", _counts_said(counts), counts=counts, run_id=run.pk)


def _command_run(step: Step) -> StepResult:
    out = StringIO()
    call_command(step.name, stdout=out)
    return StepResult(step, "done", " ".join(out.getvalue().split()))


def _counts_said(counts: dict[str, int]) -> str:
    said = ", ".join(f"{counts[name]:,} {name}" for name in COUNTED[:-1])
    return f"{said}, of {counts['rows_read']:,} rows read"


def _expected(error: Exception) -> bool:
    """Whether `error` is one of the plain failures that need no traceback: bad input, a busy lock."""
    return isinstance(error, ImportProblem | ImportBusy | CommandError) or is_busy(error)


def _failure(error: Exception) -> str:
    """What went wrong, in one line: an import's problem names its file, row and field itself."""
    if _expected(error):
        return " ".join(str(error).split())
    return f"{type(error).__name__}: {' '.join(str(error).split())}"


def refresh_step_line(result: StepResult) -> str:
    """'done     ccni ccni-charitydetails-sample.csv: 364 created, … (0.4s)'."""
    took = f" ({result.seconds:.1f}s)" if result.status != "skipped" else ""
    return f"{result.status:<8} {result.step.label}: {result.message}{took}"


def refresh_totals_line(summary: RefreshSummary) -> str:
    """'In all: 6,721 created, 128 updated, …; 11 imports and 4 other steps done in 7.7s.'"""
    totals = summary.totals()
    imports = sum(1 for result in summary.results if result.counts is not None)
    said = ", ".join(f"{totals[name]:,} {name}" for name in COUNTED[:-1])
    others = sum(1 for result in summary.results if result.status == "done") - imports
    done = f"{_some(imports, 'import')} and {_some(others, 'other step')} done"
    return f"In all: {said}; {done} in {summary.seconds:.1f}s."


def _some(number: int, thing: str) -> str:
    return f"{number:,} {thing}{'' if number == 1 else 's'}"


def refresh_json_write(summary: RefreshSummary, path: Path) -> None:
    """Write the summary as JSON for monitoring, whole or not at all (a reader never sees half)."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(summary.as_json(), indent=2) + "\n", encoding="utf-8")
    partial.replace(path)
