"""What a need's page shows: its ranked matches with their reasons, its approaches, and "why not?"
for any organisation its keeper asks about."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from commoncause.matching import matcher
from commoncause.matching.engine.rank import Match
from commoncause.matching.models import Approach, Need
from commoncause.matching.queries import need_query
from commoncause.matching.selectors import approaches_of_need
from commoncause.plainenglish.glossaries import glossary_for
from commoncause.plainenglish.review import review_context
from commoncause.register.models import Organisation
from commoncause.register.selectors import organisation_by_identifier

MOST_NAMES = 10


@dataclass
class WhyNot:
    """The answer to "why not this organisation?": its match and the rules it fails, or the
    organisations whose names fit what was typed (to pick one)."""

    asked: str
    organisation: Organisation | None = None
    match: Match | None = None
    failed: list[str] = field(default_factory=list)
    choices: list[Organisation] = field(default_factory=list)
    approach: Approach | None = None  # the approach made to it for this need, if any

    @property
    def excluded(self) -> bool:
        return bool(self.failed)


def _organisation(asked: str) -> Organisation | None:
    try:
        return Organisation.objects.filter(pk=uuid.UUID(asked)).first()
    except ValueError:
        return organisation_by_identifier(asked)


def why_not(need: Need, asked: str) -> WhyNot:
    """One organisation (by org-id or id) against the need, or the organisations with that name."""
    asked = asked.strip()[:300]
    answer = WhyNot(asked=asked)
    organisation = _organisation(asked) if asked else None
    if organisation is None:
        if asked:
            answer.choices = list(
                Organisation.objects.listed().filter(name__icontains=asked).order_by("name")[:MOST_NAMES]
            )
        return answer
    answer.organisation = organisation
    answer.approach = Approach.objects.filter(need=need, organisation=organisation).first()
    explained = matcher.explain(need_query(need), organisation.pk)
    if explained is not None:
        answer.match, answer.failed = explained
    return answer


@dataclass
class Shown:
    """A ranked match as the page shows it, with its approach if it has one."""

    match: Match
    approach: Approach | None


def need_matches(need: Need, *, limit: int = 10) -> list[Shown]:
    """The need's best matches, each with the approach made to it so far."""
    made = {approach.organisation_id: approach for approach in approaches_of_need(need)}
    return [Shown(match, made.get(match.key)) for match in matcher.matches(need_query(need), limit=limit)]


def need_review(need: Need, user: object) -> dict[str, object]:
    """The need's words as the plain-English checker reads them before they go out, with the glossary
    of the council of the person looking (for the page's `plainenglish/_review.html`)."""
    fields = {
        "Title": need.title,
        "Description": need.description,
        "Outcomes sought": need.outcomes,
        "The fund pays for": need.pays_for,
    }
    return review_context(fields, glossary_for(user))
