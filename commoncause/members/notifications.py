"""Emails telling a person what a curator decided on something they asked for: to join an
organisation, a change to its statement, a new group.

Sent once the decision is saved (after the transaction commits), only to a confirmed address, and
naming the decider by role ("a curator"), never by name or address.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from commoncause.accounts.services import email_verified
from commoncause.register.models import Organisation


def organisation_link(organisation: Organisation, *, base_url: str) -> str:
    """The organisation's page, as a full address when the base address is known."""
    path = reverse("register:organisation_detail", kwargs={"org_id": organisation.pk})
    return f"{base_url.rstrip('/')}{path}"


def account_link(*, base_url: str) -> str:
    return f"{base_url.rstrip('/')}{reverse('accounts:account')}"


def decision_notify(*, person: User | None, subject: str, template: str, context: dict[str, Any]) -> bool:
    """Email `person` about a decision once it is saved; nothing when they were erased, are no longer
    active or have not confirmed their address. Returns whether an email will be sent."""
    if person is None or not person.is_active or not email_verified(person):
        return False
    address = person.email
    body = render_to_string(template, {"person": person, **context})
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address]))
    return True
