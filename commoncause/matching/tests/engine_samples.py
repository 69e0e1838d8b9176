"""Real charities from the UK-CAT sample (data/demo/ukcat_sample_ccew_2000.csv) as the engine's plain
`OrgDoc`s: the engine's tests need no database."""

from __future__ import annotations

import csv
import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

from commoncause.matching.engine.concepts import Lexicon, lexicon
from commoncause.matching.engine.corpus import Corpus, OrgDoc, corpus_build

SAMPLE = Path(settings.DATA_DIR) / "demo" / "ukcat_sample_ccew_2000.csv"
THEME_TAGS = {"older": ("BE108",), "children": ("BE102", "BE114", "BE115"), "health": ("HE",)}


@cache
def sample_rows() -> dict[str, dict[str, str]]:
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        return {row["org_id"]: row for row in csv.DictReader(handle)}


def known() -> Lexicon:
    return lexicon(Path(settings.DATA_DIR))


def doc(org_id: str, **changes: Any) -> OrgDoc:
    """The charity as the register would give it: its words, income and a fresh confirmation."""
    row = sample_rows()[org_id]
    values: dict[str, Any] = {
        "key": org_id,
        "name": row["name"],
        "text": f"{row['activities']} {row['objects']}",
        "org_ids": (org_id,),
        "income": float(row["income"]) if row["income"] else None,
        "facts_date": dt.date(2026, 6, 1),
    }
    values.update(changes)
    return OrgDoc(**values)


def corpus_of(*docs: OrgDoc) -> Corpus:
    return corpus_build(list(docs), known().tags, THEME_TAGS)


DEMENTIA_DAY_CENTRE = "GB-CHC-518113"  # Marcus Garvey Day Centre: day care for African-Caribbean elders
HORSE_SANCTUARY = "GB-CHC-1159363"  # The Mills Equus Trust: horses, ponies, donkeys and mules
CHOIR = "GB-CHC-501707"  # Sale Choral Society
JUNIOR_FOOTBALL = "GB-CHC-1042190"  # Hetton Juniors Football Club
CANCER_RESEARCH = "GB-CHC-1024664"  # Bob Champion Cancer Trust
HOMELESS_HOUSING = "GB-CHC-224741"  # Edward Holt Trust
