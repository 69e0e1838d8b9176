"""What the health check adds to a person's account page: the rounds they may answer or read, and a
link to those they run."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest

from commoncause.core.sections import Section
from commoncause.relationships.health.selectors import councils_run_by, rounds_for_respondent


def account_health_checks(request: HttpRequest, user: User) -> dict[str, Any] | None:
    """Nothing for someone who neither answers nor runs a council's health checks."""
    rounds = rounds_for_respondent(user)
    runs = councils_run_by(user).exists()
    if not rounds and not runs:
        return None
    return {"health_rounds": rounds, "health_runs": runs}


ACCOUNT_HEALTH_SECTION = Section(
    name="health_checks",
    slot="after_details",
    order=40,
    template="relationships/health/_account.html",
    context=account_health_checks,
)
