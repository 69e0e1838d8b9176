"""Template filters that format numbers and dates the GOV.UK way: "£462,154", "31 March 2023"."""

import datetime as dt

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def money(value: float | str | None) -> str:
    """Whole pounds with thousands separators: 462154 -> "£462,154"; negative -> "-£18,235"."""
    if value is None or value == "":
        return ""
    amount = round(float(value))
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,}"


@register.filter
def number(value: int | str | None) -> str:
    """A whole number with thousands separators: 1234 -> "1,234"."""
    if value is None or value == "":
        return ""
    return f"{int(value):,}"


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
