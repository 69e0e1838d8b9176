"""Reads about links between records."""

from __future__ import annotations

from django.db.models import QuerySet

from commoncause.linkage.models import OrganisationMerge
from commoncause.register.models import Organisation


def links_into(organisation: Organisation) -> QuerySet[OrganisationMerge]:
    """The records linked into this one and not undone, each with the record that was linked."""
    return OrganisationMerge.objects.filter(target=organisation, undone_at__isnull=True).select_related(
        "source"
    )
