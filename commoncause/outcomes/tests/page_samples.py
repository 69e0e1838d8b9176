"""Set-up for the tests of outcomes' pages: a council with an outcomes framework and awards to charities
of the sample register (the CCNI sample), with submitted returns whose figures are worked by hand; the
people who see them; and a small reader of the pages' HTML (text, inputs, tables), so the tests assert
what a person reads rather than markup."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser

from django.contrib.auth.models import User
from django.test import Client

from commoncause.accounts.models import Council
from commoncause.accounts.tests.cast import council, person
from commoncause.funding.models import Award, MonitoringReturn, Opportunity, ReturnStatus
from commoncause.funding.tests.monitoring_samples import (
    RECIPIENT,
    award_made,
    member_of,
    officer_of,
    register_loaded,
)
from commoncause.outcomes.framework import framework_from_starter

D = dt.date
STRABANE = "GB-NIC-100003"  # Strabane Ethnic Community Association: latest income £63,065
ADVICE = "GB-NIC-100008"  # Advice NI: latest income £3,262,562
WARD_ONE, WARD_TWO = "E05000001", "E05000002"  # not in the places tables, so they stand for themselves
AT_HOME = "People supported to keep living at home"  # a count of people, each an outcome
ADMISSIONS = "Unplanned hospital admissions avoided"  # a count of people, each an outcome
CONTACT = "People who use care services who have as much social contact as they would like"  # per cent
LONELY = "Adults who feel lonely often or always"  # per cent, not reported by any return


def client_of(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def award_in_wards(*, areas: list[str], who: list[str], **made: object) -> Award:
    """An award (`monitoring_samples.award_made`) whose opportunity is for these wards and themes."""
    award = award_made(**made)  # type: ignore[arg-type]
    Opportunity.objects.filter(pk=award.opportunity_id).update(areas=areas, who=who)
    award.opportunity.refresh_from_db()
    return award


def return_given(
    award: Award,
    *,
    due: dt.date,
    people: int,
    volunteers: int,
    hours: int | str,
    spend: int | str,
    submitted: dt.date,
    wards: Mapping[str, int] | None = None,
    indicators: Mapping[str, str] | None = None,
) -> MonitoringReturn:
    """A return the organisation has submitted, made directly."""
    return MonitoringReturn.objects.create(
        award=award,
        period=f"Year to {due:%B %Y}",
        due=due,
        status=ReturnStatus.SUBMITTED,
        narrative="Ran the service as planned.",
        spend=Decimal(spend),
        beneficiaries=people,
        volunteers=volunteers,
        volunteer_hours=Decimal(hours),
        ward_beneficiaries=dict(wards or {}),
        indicators=[{"name": name, "value": value, "unit": ""} for name, value in (indicators or {}).items()],
        submitted_at=dt.datetime.combine(submitted, dt.time(11), tzinfo=dt.UTC),
    )


@dataclass
class Funded:
    """Belfast's awards: `care` to Cancer Lifeline, with two years of returns, and `company` to the
    Strabane Ethnic Community Association, with none yet."""

    council: Council
    officer: User
    member: User  # of Cancer Lifeline
    care: Award
    company: Award
    returns: list[MonitoringReturn] = field(default_factory=list)


def funded_council() -> Funded:
    """Hand-worked: the care award's returns give 100 volunteer hours due 31 May 2025 (at the National
    Living Wage of £12.21, £1,221) and 50 due 31 May 2026 (at £12.71, £635.50): 150 hours worth
    £1,856.50; 40 and 30 people reached (25 and 15, then 10, by ward); £5,000 and £4,000 spent; 12 and 8
    people supported at home (20, so £450 an outcome), 2 and 1 admissions avoided (3, so £3,000 each),
    60% and then 70% with the social contact they would like (the latest, 70%)."""
    register_loaded()
    belfast = council()
    officer = officer_of(belfast, "officer@belfast.example")
    member = member_of(person("member@cancer-lifeline.example"), RECIPIENT)
    framework_from_starter(council=belfast, actor=None)
    care = award_in_wards(
        areas=[WARD_ONE, WARD_TWO], who=["older", "care"], amount=45_000, starts=D(2025, 4, 1),
        ends=D(2028, 4, 1), award_date=D(2025, 3, 3), title="Staying well at home",
    )  # fmt: skip
    company = award_in_wards(
        org_id=STRABANE, areas=[WARD_TWO], who=["older"], amount=20_000, starts=D(2026, 4, 1),
        ends=D(2027, 4, 1), duration_months=12, title="Lunch club and company",
    )  # fmt: skip
    returns = [
        return_given(
            care, due=D(2025, 5, 31), people=40, volunteers=10, hours=100, spend=5_000,
            submitted=D(2025, 6, 10), wards={WARD_ONE: 25, WARD_TWO: 15},
            indicators={AT_HOME: "12", ADMISSIONS: "2", CONTACT: "60"},
        ),
        return_given(
            care, due=D(2026, 5, 31), people=30, volunteers=6, hours=50, spend=4_000,
            submitted=D(2026, 6, 5), wards={WARD_ONE: 10},
            indicators={AT_HOME: "8", ADMISSIONS: "1", CONTACT: "70"},
        ),
    ]  # fmt: skip
    return Funded(belfast, officer, member, care, company, returns)


# Reading a page ------------------------------------------------------------------------------------

INLINE = {"a", "abbr", "b", "code", "em", "i", "label", "small", "span", "strong", "sup", "sub", "time"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def block(self) -> bool:
        return self.tag not in INLINE or "govuk-!-display-block" in self.attrs.get("class", "")

    def _raw(self) -> str:
        return "".join(
            child if isinstance(child, str) else f" {child._raw()} " if child.block else child._raw()
            for child in self.children
        )

    def text(self) -> str:
        """What a person reads in it, spaces collapsed: blocks apart, inline elements run on."""
        return " ".join(self._raw().split())

    def all(self, tag: str = "", **attrs: str) -> list[Element]:
        found = []
        for child in self.children:
            if isinstance(child, Element):
                if (not tag or child.tag == tag) and all(child.attrs.get(k) == v for k, v in attrs.items()):
                    found.append(child)
                found.extend(child.all(tag, **attrs))
        return found


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("document", {})
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self.open[-1].tag not in ("script", "style"):
            self.open[-1].children.append(data)


def _rows(table: Element) -> list[list[str]]:
    return [[cell.text() for cell in row.children if isinstance(cell, Element)] for row in table.all("tr")]


class Page:
    """A page's HTML, read as a person would read it."""

    def __init__(self, html: str | bytes) -> None:
        reader = _Reader()
        reader.feed(html.decode() if isinstance(html, bytes) else html)
        self.root = reader.root

    @property
    def text(self) -> str:
        main = self.root.all("main")
        return (main[0] if main else self.root).text()

    def by_id(self, key: str) -> Element:
        found = self.root.all(id=key)
        if not found:
            raise LookupError(f"nothing with id {key!r}")
        return found[0]

    def table(self, key: str) -> list[list[str]]:
        """The table with this id, each row as its cells' text (the header row first)."""
        return _rows(self.by_id(key))

    def tables(self) -> list[list[list[str]]]:
        return [_rows(table) for table in self.root.all("table")]

    def figure(self, name: str) -> str:
        return self.root.all(**{"data-figure": name})[0].text()

    def value(self, name: str) -> str:
        """What a field named so holds: an input's value, a textarea's text, a select's chosen option."""
        for element in self.root.all(name=name):
            if element.tag == "textarea":
                return "".join(child for child in element.children if isinstance(child, str))
            if element.tag == "select":
                chosen = [option for option in element.all("option") if "selected" in option.attrs]
                return chosen[0].attrs.get("value", "") if chosen else ""
            if element.attrs.get("type") in ("checkbox", "radio") and "checked" not in element.attrs:
                continue
            return element.attrs.get("value", "")
        return ""

    def checked(self, name: str) -> list[str]:
        return [
            element.attrs.get("value", "")
            for element in self.root.all("input", name=name)
            if "checked" in element.attrs
        ]

    def errors(self) -> list[str]:
        """The error summary's messages, each after the link to the field at fault: "#id_name Enter …"."""
        return [
            f"{link.attrs.get('href', '')} {link.text()}"
            for summary in self.root.all("div")
            if "govuk-error-summary" in summary.attrs.get("class", "").split()
            for link in summary.all("a")
        ]


def csv_lines(content: bytes) -> list[str]:
    return [line for line in re.split(r"\r?\n", content.decode()) if line]
