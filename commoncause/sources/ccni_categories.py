"""CCNI's text categories read across to the CCEW what/who/how codes.

The CCNI register describes each charity with three comma-joined lists of text: "What the charity
does" (the statutory purposes of the Charities Act (Northern Ireland) 2008), "Who the charity helps"
and "How the charity works". The read-across to the CCEW codes (101–117 what, 201–207 who, 301–310
how) is `data/reference/ccni-ccew-categories.csv`, one row per CCNI text with the codes it
corresponds to and a note where it corresponds to none. The CCNI "how" list is mostly about fields
of work, so most of its texts map onto CCEW "what" codes. Texts with no code, and texts not in the
file at all, stay visible on the organisation (`extra["ccni"]["unmapped_categories"]`).
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from django.conf import settings

LISTS = {"what": "What the charity does", "who": "Who the charity helps", "how": "How the charity works"}


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


@cache
def read_across() -> dict[tuple[str, str], tuple[str, ...]]:
    """(list, normalised CCNI text) -> CCEW codes (empty when none corresponds)."""
    path = Path(settings.DATA_DIR) / "reference" / "ccni-ccew-categories.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (row["ccni_list"], _key(row["ccni_text"])): tuple(
                code for code in row["ccew_codes"].split(";") if code
            )
            for row in csv.DictReader(handle)
        }


def split_categories(list_name: str, value: str) -> list[str]:
    """The texts in one CCNI list cell, in order.

    Some texts contain commas themselves ("…youth, age, ill-health, disability…"), so known texts are
    matched first; what is left is split at commas not followed by a space, as CCNI writes them.
    """
    known = sorted((text for name, text in read_across() if name == list_name), key=len, reverse=True)
    remaining = _key(value)
    original = " ".join(value.split())
    found: list[str] = []
    while remaining:
        match = next(
            (t for t in known if remaining.startswith(t) and remaining[len(t) : len(t) + 1] in ("", ",")),
            None,
        )
        length = len(match) if match else _next_comma(remaining)
        item = original[:length].strip()
        if item:
            found.append(item)
        remaining, original = remaining[length + 1 :].lstrip(), original[length + 1 :].lstrip()
    return found


def _next_comma(text: str) -> int:
    match = re.search(r",(?=\S)", text)
    return match.start() if match else len(text)


def ccew_codes(list_name: str, text: str) -> tuple[str, ...] | None:
    """The CCEW codes for one CCNI text; () when none corresponds; None when the text is not known."""
    return read_across().get((list_name, _key(text)))
