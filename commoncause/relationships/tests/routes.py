"""The records the engagement log's routes name, for the tests that walk every route (the permissions
matrix): an entry of the cast's council that names the organisation."""

from __future__ import annotations

import datetime as dt

from commoncause.accounts.tests.cast import council
from commoncause.register.selectors import organisation_by_identifier
from commoncause.relationships.models import Engagement


def engagement_path(path: str, org_id: str) -> str:
    """The path with `<int:engagement_id>` filled (the entry made the first time it is asked for)."""
    if "<int:engagement_id>" not in path:
        return path
    engagement = Engagement.objects.filter(title="Meeting about the winter plan").first()
    if engagement is None:
        engagement = Engagement.objects.create(
            council=council(), kind="meeting", title="Meeting about the winter plan", on=dt.date(2026, 11, 2)
        )
        organisation = organisation_by_identifier(org_id)
        assert organisation is not None
        engagement.organisations.add(organisation)
    return path.replace("<int:engagement_id>", str(engagement.pk))
