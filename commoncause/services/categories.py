"""The categories a member picks for a service: the register's themes (data/reference/themes.csv), published
as an Open Referral taxonomy of their own so that a feed's reader can filter by them.

Ids are made from the theme's code (UUID 5), so every deployment gives a theme the same id and an
export re-imports onto the same terms.
"""

from __future__ import annotations

import uuid

from commoncause.places.themes import Theme, themes
from commoncause.services.models import Taxonomy, TaxonomyTerm

NAMESPACE = uuid.UUID("6f1d3c36-54a2-5b8e-9a57-3c3f6d0c7a11")  # this taxonomy's own namespace
TAXONOMY_ID = uuid.uuid5(NAMESPACE, "themes")
TAXONOMY_NAME = "Common Cause themes"
LINK_TYPE = "category"


def theme_term_id(code: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"theme/{code}")


def _description(theme: Theme) -> str:
    kind = "who the service is for" if theme.kind == "who" else "what the service does"
    return f"{theme.label}: {kind}."


def categories_ensure() -> Taxonomy:
    """The themes' taxonomy and its terms, made or brought up to date (idempotent)."""
    taxonomy, _ = Taxonomy.objects.update_or_create(
        id=TAXONOMY_ID,
        defaults={
            "name": TAXONOMY_NAME,
            "description": "The themes the register sorts organisations and services by.",
            "version": "1",
        },
    )
    for theme in themes():
        TaxonomyTerm.objects.update_or_create(
            id=theme_term_id(theme.code),
            defaults={
                "name": theme.label,
                "description": _description(theme),
                "taxonomy": taxonomy,
                "taxonomy_name": TAXONOMY_NAME,
                "term": theme.code,
            },
        )
    return taxonomy


def category_choices() -> list[tuple[str, str]]:
    """(theme code, label) for a form: who it is for, then what it does."""
    return [(theme.code, theme.label) for theme in themes()]


def category_term(code: str) -> dict[str, str]:
    """The standard's taxonomy_term object of one theme."""
    theme = next(theme for theme in themes() if theme.code == code)
    return {
        "id": str(theme_term_id(code)),
        "name": theme.label,
        "description": _description(theme),
        "taxonomy": TAXONOMY_NAME,
        "taxonomy_id": str(TAXONOMY_ID),
        "term": code,
    }
