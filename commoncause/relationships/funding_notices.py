"""Notices of ending or reducing funding, given where awards are changed (`commoncause.funding`),
recorded in the council's engagement log through its own service, so the two apps never import each
other: funding announces `commoncause.core.events.funding_notice_given`; this records it and answers
with the entry's page, which funding keeps on its change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.urls import reverse

from commoncause.accounts.models import Council
from commoncause.core.events import funding_notice_given
from commoncause.register.models import Organisation
from commoncause.relationships.engagement import engagement_record
from commoncause.relationships.models import Engagement, EngagementKind, EngagementStatus

RECEIVER_ID = "relationships.funding_notice_record"


def funding_notice_record(
    sender: object,
    *,
    council: Council,
    organisation: Organisation,
    title: str,
    notice_given_on: dt.date,
    takes_effect_on: dt.date,
    reduction: str,
    reasons: str,
    user: User,
    is_example: bool = False,
    summary: str = "",
    **extra: Any,
) -> str:
    """Record the notice in the council's engagement log, naming the organisation; returns the path of
    the entry's page. The log's own checks apply (its keepers only; reasons required)."""
    engagement = engagement_record(
        user=user,
        council=council,
        values={
            "kind": EngagementKind.FUNDING_NOTICE, "title": title[:200], "on": notice_given_on,
            "summary": summary, "status": EngagementStatus.DONE, "funding_ends_on": takes_effect_on,
            "reduction": reduction[:200], "reasons": reasons,
        },
        organisations=[organisation],
    )  # fmt: skip
    if is_example:
        Engagement.objects.filter(pk=engagement.pk).update(is_example=True)
    return reverse("relationships:engagement_detail", kwargs={"engagement_id": engagement.pk})


def funding_notices_connect() -> None:
    """Listen for notices given on awards (once, however often this is called)."""
    funding_notice_given.connect(funding_notice_record, dispatch_uid=RECEIVER_ID)
