"""Money as people read it, in one place: pounds with £, other currencies by symbol or code."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from commoncause.core.templatetags.govuk_format import format_money, percent


@pytest.mark.parametrize(
    ("value", "currency", "shown"),
    [
        (462154, "GBP", "£462,154"),
        (-18235, "GBP", "-£18,235"),
        (Decimal("500.00"), "GBP", "£500"),
        (Decimal("1234.50"), "GBP", "£1,235"),
        (Decimal("1000.00"), "USD", "US$1,000"),
        (Decimal("2500"), "EUR", "€2,500"),
        (Decimal("1000"), "CAD", "1,000 CAD"),
        (Decimal("1000"), "cad", "1,000 CAD"),
        (None, "GBP", ""),
    ],
)
def test_whole_amounts_carry_their_currency_before_or_after(value, currency, shown):
    assert format_money(value, currency) == shown


def test_pence_are_shown_only_when_there_are_some():
    assert format_money(Decimal("1234.50"), pence=True) == "£1,234.50"
    assert format_money(Decimal("500.00"), pence=True) == "£500"
    assert format_money(Decimal("99.995"), "USD", pence=True) == "US$100"


def test_templates_format_money_with_the_same_filters():
    template = Template(
        "{% load govuk_format %}{{ a|money }} {{ b|money:'USD' }} {{ c|money_exact:'GBP' }} {{ c|money }}"
    )
    context = Context({"a": 462154, "b": Decimal("1000.00"), "c": Decimal("1234.50")})
    assert template.render(context) == "£462,154 US$1,000 £1,234.50 £1,235"


@pytest.mark.parametrize(("share", "shown"), [(0.874, "87%"), (0, "0%"), (1, "100%"), (None, "")])
def test_shares_are_whole_percentages(share, shown):
    assert percent(share) == shown
