"""Classification schemes: CCEW what/who/how codes, UK-CAT tags, ICNP/TSO; read from data/reference."""

import csv
from collections.abc import Iterator
from pathlib import Path

CCEW_KIND = {"theme": "what", "beneficiaries": "who", "activities": "how"}
SCHEME_LABELS = {
    "ccew": "Charity Commission",
    "ukcat": "UK Charity Activity Tags",
    "icnptso": "ICNP/TSO",
}


def reference_codes(data_dir: Path) -> Iterator[tuple[str, str, str, str]]:
    """Yield (scheme, code, kind, label) for every code of every scheme we ship."""
    reference = data_dir / "reference"
    with (reference / "classification-ccew.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield "ccew", row["code"], CCEW_KIND[row["category"]], row["name"]
    with (reference / "ukcat_codes.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            # The kind of a UK-CAT tag is its category's two-letter code ("AN" = Animals): category
            # names are longer than the column allows on PostgreSQL.
            yield "ukcat", row["Code"], row["Code"][:2], row["tag"]
    with (reference / "icnptso.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["Sub-group"] or row["Group"] or row["Section"]
            yield "icnptso", code, row["Section"], row["Title"]
