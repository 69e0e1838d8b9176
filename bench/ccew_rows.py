"""The rows of one generated charity in each of the 13 tables, in the regulator's text layout.

Ratios follow the real extract (FIELDS.md): trustees about 4.6 per registered charity, other names
0.4 per charity, other regulators 3% of registered charities, published reports about 130 in all,
annual returns up to five years, part B only above £500,000 income.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass

from bench.ccew_text import Vocabulary

DAY0 = dt.date(1950, 1, 1)
DATES = [f"{DAY0 + dt.timedelta(days=i)} 00:00:00.0000000" for i in range(28_000)]
EXTRACT_DAY = (dt.date(2025, 6, 1) - DAY0).days
EXTRACT = DATES[EXTRACT_DAY]
CIO_START = (dt.date(2013, 1, 1) - DAY0).days
TYPES = (
    ("Trust",) * 33
    + ("Charitable company",) * 27
    + ("CIO",) * 22
    + ("Other",) * 17
    + ("Previously excepted",)
)
POLICIES = (
    "Risk management",
    "Complaints handling",
    "Safeguarding vulnerable beneficiaries",
    "Conflicting interests",
    "Volunteer management",
    "Paying staff",
    "Investment",
)
REGULATORS = (
    ("Care Quality Commission", "https://www.cqc.org.uk/"),
    ("Ofsted", "https://www.gov.uk/government/organisations/ofsted"),
    ("Financial Conduct Authority", "https://www.fca.org.uk/"),
    (
        "Regulator of Social Housing",
        "https://www.gov.uk/government/organisations/regulator-of-social-housing",
    ),
)
REMOVAL_REASONS = (
    "Ceased to exist",
    "Removed by application",
    "Does not operate",
    "Amalgamated",
    "Funds spent up",
)
BENEFIT = ("", "NATIONAL", "UNITED KINGDOM", "SEE OBJECTS", "ENGLAND AND WALES", "THE PARISH", "NOT DEFINED")
DOCUMENTS = (
    "CONSTITUTION ADOPTED {}",
    "TRUST DEED DATED {}",
    "MEMORANDUM AND ARTICLES OF ASSOCIATION INCORPORATED {}",
)


@dataclass
class Charity:
    org: int
    regno: int
    linked: int
    registered: bool
    name: str
    activities: str
    charity_type: str
    income: int | None
    registered_on: int
    removed_on: int | None
    area: str = ""


def _money(value: float | None) -> str:
    return "" if value is None else str(int(value))


def _flag(rng: random.Random, share: float) -> str:
    return "True" if rng.random() < share else "False"


class CharityRows:
    """Makes charities and their rows from one random generator and one vocabulary."""

    def __init__(self, rng: random.Random, words: Vocabulary) -> None:
        self.rng, self.words = rng, words
        self.name_ids = 0
        self.trustee_ids = 0

    def main(self, org: int, regno: int, *, registered: bool) -> Charity:
        rng = self.rng
        registered_on = rng.randint(0, EXTRACT_DAY - 60)
        kind = rng.choice(TYPES)
        if kind == "CIO" and registered_on < CIO_START:
            kind = "Trust"
        income = None if rng.random() < 0.05 else int(math.exp(rng.gauss(10.0, 2.2)))
        removed_on = None if registered else rng.randint(registered_on + 30, EXTRACT_DAY - 1)
        name, activities = self.words.charity_name(rng), self.words.activity(rng)
        return Charity(org, regno, 0, registered, name, activities, kind, income, registered_on, removed_on)

    def linked(self, main: Charity, org: int, number: int) -> Charity:
        name = self.words.charity_name(self.rng)
        return Charity(
            org, main.regno, number, main.registered, name, "", "", None, main.registered_on, main.removed_on
        )

    def all_tables(self, charity: Charity) -> Iterator[tuple[str, list[str]]]:
        yield "charity", [self._charity(charity)]
        yield "charity_governing_document", [self._governing(charity)]
        yield "charity_event_history", self._events(charity)
        yield "charity_area_of_operation", self._areas(charity)
        yield "charity_other_names", self._other_names(charity)
        if charity.linked:
            return
        yield "charity_classification", self._classifications(charity)
        years = self._years(charity)
        yield "charity_annual_return_history", [self._history(charity, *year) for year in years]
        if charity.income and charity.income > 10_000 and charity.registered:
            yield "charity_annual_return_parta", [self._part_a(charity, *year) for year in years]
        if charity.income and charity.income > 500_000 and charity.registered:
            yield "charity_annual_return_partb", [self._part_b(charity, *year) for year in years]
        if charity.registered:
            yield from self._registered_only(charity)

    def _registered_only(self, charity: Charity) -> Iterator[tuple[str, list[str]]]:
        rng, keys = self.rng, f"{EXTRACT}\t{charity.org}\t{charity.regno}"
        yield "charity_trustee", self._trustees(charity)
        if rng.random() < 0.35:
            chosen = rng.sample(POLICIES, rng.randint(3, 7))
            yield "charity_policy", [f"{keys}\t0\t{policy}" for policy in chosen]
        if rng.random() < 0.053:
            regulators = rng.sample(REGULATORS, rng.choice((1, 1, 1, 1, 2)))
            yield (
                "charity_other_regulators",
                [f"{keys}\t{i}\t{n}\t{url}" for i, (n, url) in enumerate(regulators, 1)],
            )
        if rng.random() < 0.00066:
            link = f"https://www.gov.uk/government/news/inquiry-{charity.regno}"
            yield (
                "charity_published_report",
                [f"{keys}\t0\tSTATEMENT OF INQUIRY\t{link}\t{DATES[EXTRACT_DAY - 90]}"],
            )

    def _charity(self, c: Charity) -> str:
        rng = self.rng
        status = "Registered" if c.registered else "Removed"
        removed = DATES[c.removed_on] if c.removed_on else ""
        if c.linked:
            blanks = "\t" * 15
            return (
                f"{EXTRACT}\t{c.org}\t{c.regno}\t{c.linked}\t{c.name}\t\t{status}\t{DATES[c.registered_on]}\t{removed}"
                f"{blanks}\tFalse\tFalse\t\t\t\t\t\t\t\t"
            )
        end = EXTRACT_DAY - rng.randint(60, 420)
        fin = f"{DATES[end - 364]}\t{DATES[end]}" if c.income is not None else "\t"
        spending = c.income * rng.uniform(0.7, 1.2) if c.income is not None else None
        company = f"{rng.randint(10_000, 15_999_999):08d}" if c.charity_type == "Charitable company" else ""
        postcode = self.rng.choice(self.words.postcodes)
        slug = "-".join(c.name.lower().split()[:4])
        contact = (
            f"{rng.randint(1, 200)} High Street\t\t\t\t\t{postcode}\t01632 {rng.randint(100000, 999999)}"
        )
        contact += f"\tinfo@{slug}.org.uk\thttps://www.{slug}.org.uk" if c.registered else "\t\t"
        activities = _with_line_breaks(rng, c.activities, 0.004, 0.001)
        return (
            f"{EXTRACT}\t{c.org}\t{c.regno}\t0\t{c.name}\t{c.charity_type}\t{status}\t{DATES[c.registered_on]}"
            f"\t{removed}\t{'Submission Received' if c.registered else 'Removed'}\t{fin}\t{_money(c.income)}"
            f"\t{_money(spending)}\t{contact}\t{company}\tFalse\tFalse\tFalse\t"
            f"\t{c.charity_type == 'CIO'}\tFalse\t\t{activities}\t{_flag(rng, 0.5)}\t{_flag(rng, 0.3)}"
        )

    def _governing(self, c: Charity) -> str:
        rng = self.rng
        document = rng.choice(DOCUMENTS).format(DATES[c.registered_on][:10])
        objects = _with_line_breaks(rng, self.words.charitable_objects(rng), 0.01, 0.002)
        return f"{EXTRACT}\t{c.org}\t{c.regno}\t{c.linked}\t{document}\t{objects}\t{rng.choice(BENEFIT)}"

    def _events(self, c: Charity) -> list[str]:
        keys = f"{EXTRACT}\t{c.org}\t{c.regno}\t{c.linked}\t{c.name}"
        kind = "CIO registration" if c.charity_type == "CIO" else "Standard registration"
        events = [f"{keys}\t1\t{kind}\t{DATES[c.registered_on]}\t\t\t\t"]
        if not c.registered:
            reason = self.rng.choice(REMOVAL_REASONS)
            events.append(f"{keys}\t2\tRemoved\t{DATES[c.removed_on or EXTRACT_DAY]}\t{reason}\t\t\t")
        elif self.rng.random() < 0.03:
            other = self.rng.randint(200_000, 1_150_000)
            when = DATES[self.rng.randint(c.registered_on, EXTRACT_DAY - 1)]
            other_name = self.words.charity_name(self.rng)
            events.append(
                f"{keys}\t2\tAsset transfer in\t{when}\tTransfer of funds\t{other}\t{other}\t{other_name}"
            )
        return events

    def _areas(self, c: Charity) -> list[str]:
        rng = self.rng
        share = 1.0 if c.registered and not c.linked else 0.5
        if rng.random() >= share:
            return []
        count = 1 + (rng.randint(1, 3) if rng.random() < 0.35 else 0)
        chosen = [rng.choice(self.words.areas) for _ in range(count)]
        c.area = chosen[0][1]
        keys = f"{EXTRACT}\t{c.org}\t{c.regno}\t{c.linked}"
        return [f"{keys}\t{kind}\t{name}\t{ptype}\t{pname}\tFalse" for kind, name, ptype, pname in chosen]

    def _other_names(self, c: Charity) -> list[str]:
        rng = self.rng
        if rng.random() >= 0.33:
            return []
        lines = []
        for _ in range(rng.choice((1, 1, 1, 2))):
            self.name_ids += 1
            kind = rng.choice(("Working name", "Previous name"))
            lines.append(
                f"{EXTRACT}\t{c.org}\t{c.regno}\t{c.linked}\t{self.name_ids}\t{kind}\t{self.words.charity_name(rng)}"
            )
        return lines

    def _classifications(self, c: Charity) -> list[str]:
        rng, codes = self.rng, self.words.classifications
        if not c.registered and rng.random() >= 0.3:
            return []
        what, who, how = codes[:17], codes[17:24], codes[24:]
        chosen = (
            rng.sample(what, rng.randint(1, 3))
            + rng.sample(who, rng.randint(1, 2))
            + rng.sample(how, rng.randint(1, 3))
        )
        keys = f"{EXTRACT}\t{c.org}\t{c.regno}\t0"
        return [f"{keys}\t{code}\t{kind}\t{label}" for code, kind, label in chosen]

    def _years(self, c: Charity) -> list[tuple[int, int, int]]:
        """(order, period end day, income) of the returns a charity filed, latest first."""
        if c.income is None:
            return []
        last = (c.removed_on or EXTRACT_DAY) - self.rng.randint(200, 500)
        count = 5 if c.registered else self.rng.choice((0, 0, 1, 2))
        years = []
        for order in range(1, count + 1):
            end = last - 365 * (order - 1)
            if end - 364 < c.registered_on:
                break
            years.append((order, end, int(c.income * self.rng.uniform(0.8, 1.2))))
        return years

    def _history(self, c: Charity, order: int, end: int, income: int) -> str:
        cycle = f"AR{DATES[end][2:4]}"
        return (
            f"{EXTRACT}\t{c.org}\t{c.regno}\t{DATES[end - 364]}\t{DATES[end]}\t{cycle}\t{DATES[end + 304]}"
            f"\t{DATES[end + 250]}\t{DATES[end + 250]}\t{income}\t{int(income * 0.95)}\t\tFalse\t"
        )

    def _part_a(self, c: Charity, order: int, end: int, income: int) -> str:
        rng = self.rng
        contracts = rng.random() < 0.1
        grants = rng.random() < 0.2
        flags = "\t".join(_flag(rng, 0.3) for _ in range(6))
        government = (
            f"{contracts}\t{rng.randint(1, 9) if contracts else ''}"
            f"\t{grants}\t{rng.randint(1, 9) if grants else ''}"
            f"\t{int(income * 0.3) if contracts else 0}\t{int(income * 0.2) if grants else 0}"
        )
        trustees = "\t".join(_flag(rng, 0.1) for _ in range(7))
        big = income > 1_000_000
        bands = "\t".join(str(rng.randint(0, 3)) if big else "" for _ in range(17))
        return (
            f"{EXTRACT}\t{c.org}\t{c.regno}\t{order == 1}\t{order}\tAR{DATES[end][2:4]}\t{DATES[end - 364]}"
            f"\t{DATES[end]}\t{DATES[end + 304]}\t{DATES[end + 250]}\t{income}\t{int(income * 0.95)}\t{flags}"
            f"\t{government}\t{trustees}\t{big}\t{bands}\t{rng.randint(0, 60)}"
        )

    def _part_b(self, c: Charity, order: int, end: int, income: int) -> str:
        rng = self.rng
        shares = [rng.random() for _ in range(37)]
        money = "\t".join(str(int(income * share)) for share in shares)
        return (
            f"{EXTRACT}\t{c.org}\t{c.regno}\t{order == 1}\t{order}\tAR{DATES[end][2:4]}\t{DATES[end - 364]}"
            f"\t{DATES[end]}\t{DATES[end + 304]}\t{DATES[end + 250]}\t{money}"
            f"\t{rng.randint(5, 400)}\tFalse\tTrue"
        )

    def _trustees(self, c: Charity) -> list[str]:
        rng, lines = self.rng, []
        keys = f"{EXTRACT}\t{c.org}\t{c.regno}\t0"
        for i in range(rng.randint(1, 8)):
            self.trustee_ids += 1
            organisation = rng.random() < 0.01
            name = f"{self.words.charity_name(rng)} LIMITED" if organisation else self.words.person(rng)
            appointed = DATES[rng.randint(c.registered_on, EXTRACT_DAY - 1)]
            kind = "O" if organisation else "P"
            lines.append(f"{keys}\t{self.trustee_ids}\t{name}\t{i == 0}\t{kind}\t{appointed}")
        return lines


def _with_line_breaks(rng: random.Random, text: str, share: float, tab_share: float) -> str:
    """Now and then a line break inside the text (sometimes followed by a tab), as the regulator writes."""
    roll = rng.random()
    if roll >= share + tab_share or " " not in text:
        return text
    at = text.index(" ", len(text) // 2) if " " in text[len(text) // 2 :] else text.index(" ")
    return f"{text[:at]}\r\n{chr(9) if roll < tab_share else ''}{text[at + 1 :]}"
