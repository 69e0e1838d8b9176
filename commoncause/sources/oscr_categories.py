"""OSCR's purposes, beneficiaries and activities, read across to the CCEW what/who/how codes.

The register lists each as texts in single quotes joined by commas ('The advancement of education',
'The advancement of health'). `data/reference/ccew-oscr-activities-readacross.csv` pairs CCEW codes
with OSCR texts (many to many); read here the other way, OSCR text to CCEW codes. Texts it does not
know stay visible on the organisation (`extra["oscr"]["unmapped_categories"]`).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from functools import cache
from pathlib import Path

from django.conf import settings

LISTS = {"what": "Purposes", "who": "Beneficiaries", "how": "Activities"}
GROUPS = {"purposes": "what", "beneficiaries": "who", "activities": "how"}


def _key(text: str) -> str:
    return " ".join(text.strip().strip('"').casefold().split())


@cache
def read_across() -> dict[tuple[str, str], tuple[str, ...]]:
    """(list, normalised OSCR text) -> CCEW codes."""
    path = Path(settings.DATA_DIR) / "reference" / "ccew-oscr-activities-readacross.csv"
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            key = (GROUPS[row["oscr-group"].strip()], _key(row["oscr-label"]))
            if row["ccew-classno"] not in found[key]:
                found[key].append(row["ccew-classno"])
    return {key: tuple(codes) for key, codes in found.items()}


def split_list(value: str) -> list[str]:
    """The texts of one list cell: quoted with single quotes and joined by commas, or plain commas."""
    if not value.strip():
        return []
    items = next(csv.reader([value], delimiter=",", quotechar="'", skipinitialspace=True))
    return list(dict.fromkeys(item.strip() for item in items if item.strip()))


def ccew_codes(list_name: str, text: str) -> tuple[str, ...] | None:
    """The CCEW codes for one OSCR text; None when the text is not known."""
    return read_across().get((list_name, _key(text)))
