"""NCVO income bands (micro to super-major), read from data/reference/vcs_income_bands.csv."""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class IncomeBand:
    code: str
    minimum: int
    maximum: int | None  # exclusive; None = no upper limit

    @property
    def label(self) -> str:
        upper = f"under £{self.maximum:,}" if self.maximum is not None else "and over"
        return f"{self.code.replace('_', '-').capitalize()} (£{self.minimum:,} {upper})"


@cache
def income_bands() -> tuple[IncomeBand, ...]:
    """All bands, smallest first."""
    path = Path(settings.DATA_DIR) / "reference" / "vcs_income_bands.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(
        IncomeBand(
            code=row["band"],
            minimum=int(row["income_min_gbp_inclusive"]),
            maximum=int(row["income_max_gbp_exclusive"]) if row["income_max_gbp_exclusive"] else None,
        )
        for row in rows
    )


def income_band_for(income: int | None) -> str:
    """The band code for an annual income in pounds; '' when the income is unknown."""
    if income is None:
        return ""
    for band in income_bands():
        if income >= band.minimum and (band.maximum is None or income < band.maximum):
            return band.code
    return ""
