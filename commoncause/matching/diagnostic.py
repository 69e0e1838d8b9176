"""An organisation's capacity self-diagnostic: seven capacity areas, each scored from 1 (a real gap)
to 5 (strong) with a note. Each area answers to barriers of `data/matching/partnership_barriers.csv`
(O3, O5–O8). An area scored 1 or 2 becomes an open capacity need of the organisation, which others
can meet, and the page lists the open funds that pay for that support (with the organisation's
eligibility, from the fund's rules)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from commoncause.accounts.models import AuditAction
from commoncause.accounts.roles import ADMIN, CURATOR, has_role
from commoncause.accounts.services import audit_record
from commoncause.matching import matcher
from commoncause.matching.engine.words import terms
from commoncause.matching.models import Diagnostic, Need
from commoncause.matching.needs import capacity_need_post
from commoncause.matching.queries import need_query
from commoncause.matching.selectors import diagnostics_of, members_of, open_funds
from commoncause.register.models import Organisation

GAP = 2  # a score at or under this is a need for support
MOST_TAKEN = 50  # earlier diagnostics listed on its pages


@dataclass(frozen=True)
class Area:
    code: str
    label: str
    question: str
    barriers: tuple[str, ...]
    words: str  # what support in this area is called, to find funds that pay for it


AREAS = (
    Area("skills", "skills", "Do you have the skills your work needs (professional and practical)?",
         ("O5",), "skills training courses learning"),
    Area("admin", "administrative systems", "Are your records, finances and policies kept in good order?",
         ("O5",), "administration systems finance bookkeeping policies governance"),
    Area("projects", "project management", "Can you plan a project and see it through to time and budget?",
         ("O5",), "project management planning delivery"),
    Area("leadership", "leadership", "Do your trustees and leaders have what they need to lead and grow?",
         ("O3",), "leadership trustees governance mentoring"),
    Area("marketing", "self-marketing", "Do the council and funders know what you offer?",
         ("O6",), "marketing communications promotion website"),
    Area("public_bodies", "understanding public bodies",
         "Do you know how the council and other public bodies work and decide?",
         ("O7",), "council public bodies commissioning understanding"),
    Area("bidding", "readiness to bid", "Are you ready to bid for contracts, not only apply for grants?",
         ("O8", "O3"), "bidding tenders contracts bid writing procurement"),
)  # fmt: skip
BY_CODE = {area.code: area for area in AREAS}


@lru_cache(maxsize=1)
def barriers() -> dict[str, str]:
    """The barriers by id, in the project's words."""
    path = Path(settings.DATA_DIR) / "matching" / "partnership_barriers.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row["barrier"] for row in csv.DictReader(handle)}


def gaps(diagnostic: Diagnostic) -> list[Area]:
    """The areas the organisation scored as a gap, in the diagnostic's order."""
    return [area for area in AREAS if int(diagnostic.answers.get(area.code, {}).get("score", 5)) <= GAP]


def _need_text(area: Area, answer: dict[str, Any]) -> str:
    note = str(answer.get("note", "")).strip()
    text = (
        f"We are looking for support with {area.label}: {area.question.lower()} "
        f"We scored ourselves {answer['score']} of 5."
    )
    return f"{text} {note}" if note else text


@transaction.atomic
def diagnostic_record(
    *, user: User, organisation: Organisation, answers: dict[str, dict[str, Any]]
) -> Diagnostic:
    """Keep the organisation's answers, and make each gap an open capacity need of its own."""
    kept = {code: {"score": int(answers[code]["score"]), "note": str(answers[code].get("note", "")).strip()}
            for code in BY_CODE if code in answers}  # fmt: skip
    diagnostic = Diagnostic.objects.create(organisation=organisation, answers=kept, created_by=user)
    audit_record(actor=user, action=AuditAction.CREATE, target=diagnostic, after={"answers": kept})
    for area in gaps(diagnostic):
        need = capacity_need_post(
            user=user, organisation=organisation, area=area.label, text=_need_text(area, kept[area.code])
        )
        need.diagnostic = diagnostic
        need.save(update_fields=["diagnostic"])
    return diagnostic


@dataclass(frozen=True)
class FundFit:
    fund: Need
    areas: tuple[str, ...]  # the gaps it pays for
    failed: tuple[str, ...]  # the fund's rules the organisation fails (empty: eligible)


def funds_for(diagnostic: Diagnostic) -> list[FundFit]:
    """Open funds that pay for support in the organisation's gaps, each with its eligibility."""
    wanted = {area.label: set(terms(f"{area.label} {area.words}")) for area in gaps(diagnostic)}
    fits = []
    for fund in open_funds():
        said = set(terms(f"{fund.title} {fund.description} {fund.pays_for}"))
        paid = tuple(label for label, words in wanted.items() if words & said)
        if paid:
            explained = matcher.explain(need_query(fund), diagnostic.organisation_id)
            failed = tuple(explained[1]) if explained is not None else ()
            fits.append(FundFit(fund, paid, failed))
    return sorted(fits, key=lambda fit: (bool(fit.failed), -len(fit.areas), fit.fund.title))


@dataclass(frozen=True)
class Taken:
    """An earlier diagnostic as its organisation's pages list it: when, who took it, its gaps."""

    diagnostic: Diagnostic
    by: str
    gaps: tuple[str, ...]


def _taken_by(diagnostic: Diagnostic, members: set[int]) -> str:
    """A member by their name (or address); anyone else by role, as the project's emails name deciders."""
    person = diagnostic.created_by
    if person is None:
        return "Not known"
    if person.pk in members:
        return person.get_full_name() or person.email
    return "A curator" if has_role(person, CURATOR, ADMIN) else "A former member"


def diagnostics_taken(organisation: Organisation, *, leaving_out: int | None = None) -> list[Taken]:
    """The organisation's diagnostics, newest first (without the one shown, if any)."""
    diagnostics = diagnostics_of(organisation)
    if leaving_out is not None:
        diagnostics = diagnostics.exclude(pk=leaving_out)
    members = {member.pk for member in members_of(organisation)}
    return [
        Taken(diagnostic, _taken_by(diagnostic, members), tuple(area.label for area in gaps(diagnostic)))
        for diagnostic in diagnostics[:MOST_TAKEN]
    ]
