"""The Charity Commission for England and Wales register extract: all 13 tables, either layout.

`import_ccew` (in `importer`) is what `manage.py import_source ccew <path>` runs. The table
definitions (`tables`) and the reader (`reader`) stand alone, so tools outside Django can use them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from commoncause.sources.base import ImportContext


def import_ccew(path: Path, ctx: ImportContext) -> None:
    """Import the extract at `path` (a folder of the 13 zips, one zip, or the unzipped files)."""
    from commoncause.sources.ccew.importer import import_extract

    import_extract(path, ctx)
