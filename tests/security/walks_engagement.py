"""The stored-markup walks of the engagement log (`test_stored_xss.WALKS` takes them all)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from commoncause.accounts.models import VerifiedEmail
from commoncause.accounts.tests.cast import council
from commoncause.relationships.engagement import engagement_reminders
from commoncause.relationships.models import Engagement
from tests.security.hostile import HOSTILE, ORG, World


def _values(**values: str) -> dict[str, Any]:
    return {
        "council": str(council().pk), "kind": "consultation", "title": HOSTILE[:200], "on": "2026-01-05",
        "closes_on": "2026-02-02", "shorter_because": HOSTILE, "summary": HOSTILE, "changed": HOSTILE,
        "organisations": ORG, "respondents": ORG, "status": "open", **values,
    }  # fmt: skip


def walk_engagement_new(world: World) -> None:
    world.post("officer", "/engagement/new/", _values(organisations=HOSTILE), expect=400)
    world.see_response()  # the unknown org-id named, and everything typed kept
    world.post("officer", "/engagement/new/", _values())
    engagement = Engagement.objects.get()
    world.see("officer", f"/engagement/{engagement.pk}/")
    world.see("member", f"/engagement/{engagement.pk}/")  # it names their organisation
    world.see("officer", "/engagement/")
    world.see("officer", f"/engagement/{engagement.pk}/edit/")  # the form, filled
    world.see("officer", f"/engagement/new/?follows={engagement.pk}")  # a follow-up's title from it


def walk_engagement_edit(world: World) -> None:
    world.post("officer", "/engagement/new/", _values(title="Meeting", kind="meeting"))
    engagement = Engagement.objects.get()
    officer = world.users["officer"]
    assert officer is not None
    VerifiedEmail.objects.get_or_create(user=officer, email=officer.email)
    notice = _values(
        title=HOSTILE[:200], kind="funding_notice", funding_ends_on="2026-02-01", reduction=HOSTILE[:200],
        reasons=HOSTILE, owner=str(officer.pk), due_on="2026-01-06",
    )  # fmt: skip
    world.post("officer", f"/engagement/{engagement.pk}/edit/", notice)
    world.see("officer", f"/engagement/{engagement.pk}/")
    with world.on_commit(execute=True):
        assert engagement_reminders(today=dt.date(2026, 1, 5)) == 1
    world.see_email(HOSTILE[:200])  # the title, as plain text


ENGAGEMENT_WALKS: dict[str, Callable[[World], None]] = {
    "engagement/new/": walk_engagement_new,
    "engagement/<int:engagement_id>/edit/": walk_engagement_edit,
}
