"""Proportionate monitoring: the default tier of monitoring for an award of a given value.

The tiers are this project's own proposal, not a published standard (see `data/funding/PROVENANCE.md`):
each band includes its minimum and excludes its maximum, and the top band has no maximum. A council
may ship its own file; `tiers_read` refuses one whose bands leave gaps or overlap.
"""

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from commoncause.core.templatetags.govuk_format import format_money

TIERS_FILE = "monitoring_tiers_proposal.csv"
CHECKS_FILE = "proportionate_monitoring_checks.csv"


class TierError(ValueError):
    """An award value no tier can hold, or a tiers file whose bands do not fit together."""


@dataclass(frozen=True)
class Tier:
    """One monitoring tier: its value band and what monitoring it asks for by default."""

    code: str
    minimum: Decimal  # pounds, inclusive
    maximum: Decimal | None  # pounds, exclusive; None for the open-ended top band
    requirement: str
    frequency: str
    contact: str

    @property
    def band(self) -> str:
        """The value band in words: "£10,000 to under £100,000", "£1,000,000 or more"."""
        if self.maximum is None:
            return f"{format_money(self.minimum)} or more"
        return f"{format_money(self.minimum)} to under {format_money(self.maximum)}"

    def holds(self, value: Decimal) -> bool:
        return self.minimum <= value and (self.maximum is None or value < self.maximum)


@dataclass(frozen=True)
class MonitoringCheck:
    """A question to ask of any monitoring request, from NAO, IVAR or the grant-reporting principles."""

    id: str
    check: str
    source: str


def tiers_read(path: Path) -> tuple[Tier, ...]:
    """The tiers in the file's order, checked to cover every value from £0 up without a gap."""
    with path.open(encoding="utf-8", newline="") as handle:
        tiers = tuple(
            Tier(
                code=row["tier"],
                minimum=Decimal(row["award_value_min_gbp_inclusive"]),
                maximum=Decimal(row["award_value_max_gbp_exclusive"])
                if row["award_value_max_gbp_exclusive"]
                else None,
                requirement=row["default_requirement"],
                frequency=row["default_frequency"],
                contact=row["contact"],
            )
            for row in csv.DictReader(handle)
        )
    tiers_check(tiers)
    return tiers


def tiers_check(tiers: Sequence[Tier]) -> None:
    """Refuse tiers that do not start at £0, leave a gap or overlap, or end with a closed band."""
    if not tiers or tiers[0].minimum != 0:
        raise TierError("The first tier must start at £0.")
    for lower, upper in zip(tiers, tiers[1:], strict=False):
        if lower.maximum != upper.minimum:
            raise TierError(f"Tier {lower.code} must end where tier {upper.code} starts.")
    if tiers[-1].maximum is not None:
        raise TierError(f"The last tier, {tiers[-1].code}, must have no maximum.")


@lru_cache(maxsize=1)
def shipped_tiers() -> tuple[Tier, ...]:
    """The tiers shipped in `data/funding/`, read once per process."""
    return tiers_read(Path(settings.DATA_DIR) / "funding" / TIERS_FILE)


def tier_for(award_value: Decimal | int | float, *, tiers: Sequence[Tier] | None = None) -> Tier:
    """The monitoring tier for an award of this value in pounds (the shipped tiers unless given)."""
    if isinstance(award_value, bool):
        raise TierError(f"The award value must be an amount in pounds, not {award_value!r}.")
    value = Decimal(award_value)
    if not value.is_finite():
        raise TierError(f"The award value must be a number of pounds, not {award_value!r}.")
    if value < 0:
        raise TierError(f"The award value cannot be negative ({award_value!r}).")
    for tier in shipped_tiers() if tiers is None else tiers:
        if tier.holds(value):
            return tier
    raise TierError(f"No tier holds an award of {award_value!r}.")


def checks_read(path: Path) -> tuple[MonitoringCheck, ...]:
    """The proportionate monitoring checks, in the file's order."""
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(
            MonitoringCheck(row["id"], row["check"], row["source"]) for row in csv.DictReader(handle)
        )


@lru_cache(maxsize=1)
def shipped_checks() -> tuple[MonitoringCheck, ...]:
    """The checks shipped in `data/funding/`, read once per process."""
    return checks_read(Path(settings.DATA_DIR) / "funding" / CHECKS_FILE)
