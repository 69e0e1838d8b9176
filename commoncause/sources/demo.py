"""The demo register that `make run` loads: real open-data samples shipped in `data/demo/`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings

from commoncause.register.models import ImportRun
from commoncause.sources.base import import_source_run
from commoncause.sources.registry import importer_for

# In this order: the regulator first, then the list of CCEW charities, then Companies House, so that
# companies attach to the charities they belong to. Paths are within data/. Higher apps add theirs after
# (`demo_file_add`), and what to do once the files are in (`demo_finish_add`).
DEMO_FILES: list[tuple[str, str]] = [
    ("ccni", "demo/ccni-charitydetails-sample.csv"),
    ("csv", "demo/ukcat_sample_ccew_2000.csv"),
    ("companies", "demo/BasicCompanyData-2020-06-01-sample.csv"),
]
_FINISHERS: list[Callable[[], str]] = []


def demo_file_add(kind: str, path_in_data: str) -> None:
    """Load `data/<path_in_data>` with `import_source <kind>` after the demo files before it."""
    if (kind, path_in_data) not in DEMO_FILES:
        DEMO_FILES.append((kind, path_in_data))


def demo_finish_add(finish: Callable[[], str]) -> None:
    """Run `finish` once demo files have been imported; what it returns is said to the person loading."""
    if finish not in _FINISHERS:
        _FINISHERS.append(finish)


@dataclass(frozen=True)
class DemoFile:
    kind: str
    path: Path


def demo_files() -> list[DemoFile]:
    return [DemoFile(kind, Path(settings.DATA_DIR) / path) for kind, path in DEMO_FILES]


def demo_load(*, once: bool, show_progress: bool = False, stderr: IO[str] = sys.stderr) -> list[ImportRun]:
    """Import the demo files through the import service; with `once`, only those never imported."""
    loaded = set(ImportRun.objects.values_list("kind", "file_name")) if once else set()
    runs = []
    for demo in demo_files():
        if (demo.kind, demo.path.name) in loaded:
            continue
        runs.append(
            import_source_run(
                kind=demo.kind,
                path=demo.path,
                importer=importer_for(demo.kind),
                show_progress=show_progress,
                stderr=stderr,
            )
        )
    return runs


def demo_finish() -> list[str]:
    """Run what higher apps asked to run once demo files are in; what each says."""
    return [finish() for finish in _FINISHERS]
