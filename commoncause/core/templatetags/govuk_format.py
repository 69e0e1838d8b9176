"""Template filters that format numbers and dates the GOV.UK way: "£462,154", "31 March 2023"."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import timezone

register = template.Library()

# Currencies written with a symbol before the amount; any other is written after it by its ISO 4217
# code ("1,000 CAD"). US$ rather than $, which Australian, Canadian and other dollars share.
CURRENCY_SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "US$"}


def format_money(value: Decimal | float | str | None, currency: str = "GBP", *, pence: bool = False) -> str:
    """An amount as people read money: "£462,154", "-£18,235", "€2,500", "1,000 CAD"; '' for none.

    Whole pounds (or euros, dollars …) unless `pence` is set, which shows pence when there are any:
    "£1,234.50", but still "£500".
    """
    if value is None or value == "":
        return ""
    amount = Decimal(str(value)).quantize(Decimal("0.01") if pence else Decimal(1), rounding=ROUND_HALF_UP)
    places = 0 if amount == amount.to_integral_value() else 2
    figures = f"{abs(amount):,.{places}f}"
    sign = "-" if amount < 0 else ""
    code = (currency or "GBP").upper()
    symbol = CURRENCY_SYMBOLS.get(code)
    return f"{sign}{symbol}{figures}" if symbol else f"{sign}{figures} {code}"


@register.filter
def money(value: Decimal | float | str | None, currency: str = "GBP") -> str:
    """Whole pounds with thousands separators: 462154 -> "£462,154"; negative -> "-£18,235";
    another currency by its symbol or code: `{{ amount|money:"USD" }}` -> "US$1,000"."""
    return format_money(value, currency)


@register.filter
def money_exact(value: Decimal | float | str | None, currency: str = "GBP") -> str:
    """As `money`, with pence (or cents) when there are any: "£1,234.50", "£500"."""
    return format_money(value, currency, pence=True)


@register.filter
def number(value: int | str | None) -> str:
    """A whole number with thousands separators: 1234 -> "1,234"."""
    if value is None or value == "":
        return ""
    return f"{int(value):,}"


def format_number(value: Decimal | int | float | str | None) -> str:
    """A number with thousands separators and no trailing zeros: 1234.50 -> "1,234.5", 12 -> "12"."""
    if value is None or value == "":
        return ""
    exact = Decimal(str(value))
    if exact == exact.to_integral_value():
        return f"{int(exact):,}"
    return f"{exact.normalize():,f}"


@register.filter
def figure(value: Decimal | int | float | str | None) -> str:
    """`format_number` in a template."""
    return format_number(value)


@register.filter
def percent(value: float | None) -> str:
    """A share as a whole percentage: 0.874 -> "87%" ('' for none)."""
    if value is None:
        return ""
    return f"{float(value):.0%}"


@register.filter
def govuk_date(value: dt.date | dt.datetime | None) -> str:
    """A date as GOV.UK writes it: "31 March 2023" (no leading zero)."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {value:%B %Y}"


@register.filter
def govuk_datetime(value: dt.datetime | None) -> str:
    """A date and time as GOV.UK writes it: "5 June 2025, 2:07pm"."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = local.hour % 12 or 12
    return f"{local.day} {local:%B %Y}, {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


@register.filter
def duration(seconds: float | None) -> str:
    """A short duration in words: 0.4 -> "less than a second", 75 -> "1 minute 15 seconds"."""
    if seconds is None:
        return ""
    whole = round(seconds)
    if whole < 1:
        return "less than a second"
    minutes, secs = divmod(whole, 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if secs:
        parts.append(f"{secs} second{'s' if secs != 1 else ''}")
    return " ".join(parts)
