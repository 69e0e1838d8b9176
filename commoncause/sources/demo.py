"""The demo register that `make run` loads: real open-data samples shipped in `data/demo/`."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings

from commoncause.register.models import ImportRun
from commoncause.sources.base import import_source_run
from commoncause.sources.registry import importer_for

# In this order: the regulator first, then the list of CCEW charities, then Companies House, so that
# companies attach to the charities they belong to.
DEMO_FILES: tuple[tuple[str, str], ...] = (
    ("ccni", "ccni-charitydetails-sample.csv"),
    ("csv", "ukcat_sample_ccew_2000.csv"),
    ("companies", "BasicCompanyData-2020-06-01-sample.csv"),
)


@dataclass(frozen=True)
class DemoFile:
    kind: str
    path: Path

    @property
    def loaded(self) -> bool:
        return ImportRun.objects.filter(kind=self.kind, file_name=self.path.name).exists()


def demo_files() -> list[DemoFile]:
    return [DemoFile(kind, Path(settings.DATA_DIR) / "demo" / name) for kind, name in DEMO_FILES]


def demo_load(*, once: bool, show_progress: bool = False, stderr: IO[str] = sys.stderr) -> list[ImportRun]:
    """Import the demo files through the import service; with `once`, only those never imported."""
    runs = []
    for demo in demo_files():
        if once and demo.loaded:
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
