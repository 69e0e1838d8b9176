"""Full cost recovery: a project's direct costs plus its fair share of the organisation's overheads.

After the NPC/ACEVO method: each overhead category is shared out to the project by its cost driver
(headcount, staff time or expenditure), in proportion to the project's part of the organisation's
total. A price below the full cost means the provider would subsidise the council.

Money is `Decimal` pounds in whole pennies. Each category's share is worked exactly and then rounded
to the penny, half up (£0.005 becomes £0.01); the full cost adds the rounded amounts, so the breakdown
always sums to the total shown.
"""

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from commoncause.core.templatetags.govuk_format import format_money

DRIVERS_FILE = "fcr_overhead_drivers.csv"
PENNY = Decimal("0.01")
TENTH = Decimal("0.1")

Amount = Decimal | int


class FullCostError(ValueError):
    """An input the calculation cannot use; `field` names it ("measures[headcount].project")."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field} {problem}")
        self.field = field


@dataclass(frozen=True)
class OverheadDriver:
    """One overhead category and the cost driver that shares it out (a row of the drivers file)."""

    category: str
    driver: str  # "headcount", "staff_time" or "expenditure"
    driver_text: str = ""  # as the file words it: "headcount (staff numbers, FTE)"
    typical_costs: str = ""
    status: str = ""


@dataclass(frozen=True)
class DriverMeasure:
    """A driver's whole-organisation total and the project's part of it: 10 FTE, of which 2 FTE."""

    organisation: Amount
    project: Amount


@dataclass(frozen=True)
class OverheadShare:
    """One overhead category as shared out to the project, with the reason in words."""

    category: str
    cost: Decimal
    driver: str
    organisation_measure: Decimal
    project_measure: Decimal
    share: Decimal  # project ÷ organisation, to 50 figures; 0 when the category has no cost
    apportioned: Decimal  # cost × share, rounded half up to the penny
    words: str


@dataclass(frozen=True)
class FullCost:
    """The project's full cost: its direct costs plus its share of each overhead category."""

    direct_costs: Decimal
    lines: tuple[OverheadShare, ...]
    overheads_total: Decimal
    apportioned_total: Decimal
    full_cost: Decimal

    @property
    def words(self) -> str:
        return (
            f"Full cost {_money_words(self.full_cost)}: direct costs of {_money_words(self.direct_costs)} "
            f"plus {_money_words(self.apportioned_total)} of the organisation's "
            f"{_money_words(self.overheads_total)} overheads."
        )


@dataclass(frozen=True)
class PriceCheck:
    """A price set against the full cost: `subsidy` is how far it falls short (0 when it does not)."""

    price: Decimal
    full_cost: Decimal
    subsidy: Decimal
    subsidy_percent: Decimal | None  # of the full cost, to one decimal place; None with no subsidy
    words: str

    @property
    def subsidised(self) -> bool:
        """True when the provider would be paying part of the cost of the council's service."""
        return self.subsidy > 0


def driver_key(text: str) -> str:
    """The driver's short name from the file's wording: "staff time (share of time …)" -> "staff_time"."""
    return text.split("(")[0].strip().lower().replace(" ", "_")


def drivers_read(path: Path) -> tuple[OverheadDriver, ...]:
    """The overhead categories and their drivers, in the file's order."""
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(
            OverheadDriver(
                category=row["overhead_category"],
                driver=driver_key(row["default_cost_driver"]),
                driver_text=row["default_cost_driver"],
                typical_costs=row["typical_costs"],
                status=row["status"],
            )
            for row in csv.DictReader(handle)
        )


@lru_cache(maxsize=1)
def shipped_drivers() -> tuple[OverheadDriver, ...]:
    """The drivers shipped in `data/funding/`, read once per process."""
    return drivers_read(Path(settings.DATA_DIR) / "funding" / DRIVERS_FILE)


def category_label(category: str) -> str:
    """A category as people read it: "premises_and_office" -> "Premises and office"."""
    return category.replace("_", " ").capitalize()


def full_cost_calculate(
    *,
    direct_costs: Amount,
    overheads: Mapping[str, Amount],
    measures: Mapping[str, DriverMeasure],
    drivers: Sequence[OverheadDriver],
) -> FullCost:
    """The project's full cost: direct costs plus each overhead category shared out by its driver.

    `overheads` holds the organisation's whole cost per category (a category left out costs nothing);
    `measures` holds, per driver, the organisation's total and the project's part of it.
    """
    direct = _money(direct_costs, "direct_costs")
    known = {driver.category for driver in drivers}
    for category in overheads:
        if category not in known:
            raise FullCostError(f"overheads[{category}]", "is not an overhead category in the drivers file.")
    checked = {name: _measure_checked(name, measure) for name, measure in measures.items()}
    costs = {d.category: _money(overheads.get(d.category, 0), f"overheads[{d.category}]") for d in drivers}
    lines = tuple(_overhead_share(driver, costs[driver.category], checked) for driver in drivers)
    apportioned = sum((line.apportioned for line in lines), Decimal(0))
    return FullCost(
        direct_costs=direct,
        lines=lines,
        overheads_total=sum((line.cost for line in lines), Decimal(0)),
        apportioned_total=apportioned,
        full_cost=direct + apportioned,
    )


def price_check(*, full_cost: Amount, price: Amount) -> PriceCheck:
    """Whether a price covers the full cost; the shortfall is the provider subsidising the council."""
    cost = _money(full_cost, "full_cost")
    offered = _money(price, "price")
    subsidy = max(cost - offered, Decimal(0))
    percent = subsidy * 100 / cost if subsidy else None
    rounded = percent.quantize(TENTH, rounding=ROUND_HALF_UP) if percent is not None else None
    return PriceCheck(offered, cost, subsidy, rounded, _price_words(cost, offered, percent))


def _price_words(cost: Decimal, price: Decimal, percent: Decimal | None) -> str:
    said = f"The price of {_money_words(price)}"
    if percent is not None:
        short = _money_words(cost - price)
        return (
            f"{said} is {short} below the full cost of {_money_words(cost)}: the provider would subsidise "
            f"the council by {short} ({_percent_words(percent)} of the full cost)."
        )
    if price == cost:
        return f"{said} meets the full cost of {_money_words(cost)} exactly."
    return f"{said} covers the full cost of {_money_words(cost)}, with {_money_words(price - cost)} over it."


def _overhead_share(
    driver: OverheadDriver, cost: Decimal, measures: Mapping[str, DriverMeasure]
) -> OverheadShare:
    label = category_label(driver.category)
    measure = measures.get(driver.driver)
    if not cost:
        zero = Decimal(0)
        organisation, project = (measure.organisation, measure.project) if measure else (zero, zero)
        words = f"{label}: no costs to share out."
        return OverheadShare(driver.category, cost, driver.driver, Decimal(organisation), Decimal(project),
                             zero, zero, words)  # fmt: skip
    if measure is None:
        raise FullCostError(
            f"measures[{driver.driver}]",
            f"is missing: {driver.category} has costs of {_money_words(cost)} to share out by it.",
        )
    organisation, project = Decimal(measure.organisation), Decimal(measure.project)
    if not organisation:
        raise FullCostError(
            f"measures[{driver.driver}].organisation",
            f"is 0, but {driver.category} has costs of {_money_words(cost)} to share out by it.",
        )
    with localcontext() as context:
        context.prec = 50  # room for the exact product before it is rounded to the penny
        apportioned = (cost * project / organisation).quantize(PENNY, rounding=ROUND_HALF_UP)
        share = project / organisation
    words = (
        f"{label}: {_money_words(cost)} shared out by {driver.driver.replace('_', ' ')}. The project has "
        f"{_number_words(project)} of the organisation's {_number_words(organisation)} "
        f"({_percent_words(share * 100)}), so {_money_words(apportioned)} falls to it."
    )
    return OverheadShare(
        driver.category, cost, driver.driver, organisation, project, share, apportioned, words
    )


def _measure_checked(name: str, measure: DriverMeasure) -> DriverMeasure:
    organisation = _quantity(measure.organisation, f"measures[{name}].organisation")
    project = _quantity(measure.project, f"measures[{name}].project")
    if project > organisation:
        total = _number_words(organisation)
        raise FullCostError(
            f"measures[{name}].project",
            f"is {_number_words(project)}, more than the organisation's total of {total}.",
        )
    return DriverMeasure(organisation, project)


def _quantity(value: Amount, field: str) -> Decimal:
    amount = Decimal(value)
    if not amount.is_finite():
        raise FullCostError(field, "must be a number.")
    if amount < 0:
        raise FullCostError(field, f"is {_number_words(amount)}; it cannot be negative.")
    return amount


def _money(value: Amount, field: str) -> Decimal:
    amount = _quantity(value, field)
    if amount != amount.quantize(PENNY):
        raise FullCostError(field, f"is {amount}; money is in whole pennies.")
    return amount.quantize(PENNY)


def _money_words(amount: Decimal) -> str:
    return format_money(amount, pence=True)


def _number_words(amount: Decimal) -> str:
    return f"{amount.normalize():,f}"


def _percent_words(percent: Decimal) -> str:
    """A percentage to one decimal place, without a trailing ".0"; "under 0.1%" rather than "0%"."""
    rounded = percent.quantize(TENTH, rounding=ROUND_HALF_UP)
    if percent and not rounded:
        return "under 0.1%"
    return f"{rounded.normalize():f}%"
