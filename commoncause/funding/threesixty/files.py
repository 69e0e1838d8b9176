"""A funder's 360Giving file read whole: a JSON package or a spreadsheet, as plain grants."""

from __future__ import annotations

import json
from pathlib import Path

from commoncause.funding.threesixty.sheets import read_sheet


def grants_in_file(path: Path) -> list[dict]:
    """Every grant in a small 360Giving file (JSON package, XLSX or CSV), as the standard's objects.

    For evaluation and checks over the shipped samples; imports stream their files instead.
    """
    if path.suffix.lower() == ".json":
        return json.loads(path.read_text(encoding="utf-8"))["grants"]
    grants, _ = read_sheet(path)
    return grants
