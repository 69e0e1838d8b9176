"""Values longer than the register's field for them: kept, cut to fit, and counted for the run's notes.

A name or a web address a few characters too long is still worth having, and refusing a national
register over one would help nobody; but a cut made without a word would be a silent change, so every
run says how many values it shortened, in which fields, and where the first one was.
"""

from __future__ import annotations

from collections import Counter

from django.db import models


class Shortened:
    """The values one run cut to fit: how many in each field, and where the first was."""

    def __init__(self) -> None:
        self.by_field: Counter[str] = Counter()
        self.first = ""

    def fit(self, value: str, limit: int, *, field: str, where: str) -> str:
        """The value, cut to `limit` characters when longer (counted)."""
        if len(value) <= limit:
            return value
        self.by_field[field] += 1
        self.first = self.first or where
        return value[:limit]

    def note(self) -> str | None:
        """'3 values were longer than their field allows and were shortened to fit: name (2), …'."""
        total = sum(self.by_field.values())
        if not total:
            return None
        fields = ", ".join(f"{field} ({count:,})" for field, count in self.by_field.most_common())
        were = (
            "values were longer than their field allows and were"
            if total > 1
            else ("value was longer than its field allows and was")
        )
        return f"{total:,} {were} shortened to fit: {fields}; the first in {self.first}."


def text_limits(model: type[models.Model]) -> dict[str, int]:
    """The most characters each text field of a model holds, by field name."""
    return {
        field.name: field.max_length
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField) and field.max_length
    }
