"""A council's own glossary for the plain-English checker: its officers (and curators) add terms to
avoid, with a plain alternative, or terms of the trade to explain at first use; the checker uses them
for the council's officers (`glossary_source_add` in the app's start-up) and on what the council
publishes. Every change is audited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import QuerySet

from commoncause.accounts.curation import DecisionError
from commoncause.accounts.models import AuditAction, Council, Role
from commoncause.accounts.services import audit_record
from commoncause.plainenglish.checker import GlossaryEntry
from commoncause.plainenglish.review import review_context
from commoncause.relationships.engagement import councils_kept_by
from commoncause.relationships.models import Engagement, GlossaryTerm

LIMITS = {"term": 100, "plain": 200, "explanation": 300}


class GlossaryError(DecisionError):
    """A glossary term that cannot be added or removed; `field` names the one at fault, if one is."""


def may_keep_glossary(user: User, council: Council) -> bool:
    return user.is_authenticated and councils_kept_by(user).filter(pk=council.pk).exists()


def entries(terms: QuerySet[GlossaryTerm]) -> list[GlossaryEntry]:
    return [GlossaryEntry(t.term, t.plain, t.explanation, t.explain_only) for t in terms]


def council_glossary(council: Council) -> list[GlossaryEntry]:
    """The council's terms, as the checker takes them."""
    return entries(GlossaryTerm.objects.filter(council=council))


def glossary_of(user: User | AnonymousUser) -> list[GlossaryEntry]:
    """The terms of the councils the person is an officer of (none for anyone else)."""
    if not user.is_authenticated:
        return []
    councils = Council.objects.filter(staff__user=user, staff__role=Role.OFFICER)
    return entries(GlossaryTerm.objects.filter(council__in=councils))


@transaction.atomic
def glossary_term_add(*, user: User, council: Council, values: dict[str, Any]) -> GlossaryTerm:
    if not may_keep_glossary(user, council):
        raise GlossaryError("Only the council's officers and curators keep its glossary.", not_allowed=True)
    cleaned = {name: str(values.get(name) or "").strip() for name in LIMITS}
    for name, limit in LIMITS.items():
        if len(cleaned[name]) > limit:
            raise GlossaryError(f"{name.capitalize()} must be {limit} characters or fewer.", field=name)
    if not cleaned["term"]:
        raise GlossaryError("Enter the term.", field="term")
    explain_only = bool(values.get("explain_only"))
    if explain_only and not cleaned["explanation"]:
        raise GlossaryError("Say what the term means, to explain it at first use.", field="explanation")
    if not explain_only and not cleaned["plain"]:
        raise GlossaryError("Give the plain words to use instead.", field="plain")
    if GlossaryTerm.objects.filter(council=council, term__iexact=cleaned["term"]).exists():
        raise GlossaryError(f"The glossary has {cleaned['term']!r} already.", field="term")
    term = GlossaryTerm.objects.create(council=council, explain_only=explain_only, created_by=user, **cleaned)
    audit_record(
        actor=user, action=AuditAction.CREATE, target=term, after={**cleaned, "explain_only": explain_only}
    )
    return term


@transaction.atomic
def glossary_term_remove(*, user: User, term: GlossaryTerm) -> None:
    if not may_keep_glossary(user, term.council):
        raise GlossaryError("Only the council's officers and curators keep its glossary.", not_allowed=True)
    before = {"term": term.term, "plain": term.plain, "explanation": term.explanation}
    audit_record(actor=user, action=AuditAction.DELETE, target=term, before=before)
    term.delete()


def consultation_review(engagement: Engagement) -> dict[str, Any]:
    """A consultation's words as the plain-English checker reads them, with its council's glossary
    (for the page's `plainenglish/_review.html`)."""
    fields = {"Title": engagement.title, "What it asks and why": engagement.summary}
    return review_context(fields, council_glossary(engagement.council))
