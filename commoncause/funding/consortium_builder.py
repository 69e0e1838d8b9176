"""The consortium builder over the register: what an opportunity (or lot) needs covered, the matching
engine's best organisations for it as candidates, and the smallest consortia of them that cover it all
(`commissioning/consortium.py`).

- The requirement: the lot's wards and services (else the opportunity's), a council's code standing for
  all its wards, and its value a year (`opportunity_matching.yearly_value`), against which each
  partner's share stays within a safe fraction of its income.
- A candidate's wards are those coverage counts it in (`places.selectors.council_coverage`: based
  there by its address, or serving there by its area of operation, its statement or its services);
  its services are the UK-CAT tags the matching engine finds in what it does (`matching.engine`: a
  classification, or at least one mention in its description), the same as a match's reasons.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from commoncause.funding.bid_questions import award_value
from commoncause.funding.commissioning.consortium import (
    Candidate,
    Consortium,
    Requirement,
    consortia,
    why_none,
)
from commoncause.funding.models import Lot, Opportunity
from commoncause.funding.opportunity_matching import (
    Found,
    matches_with_income,
    opportunity_matches,
    yearly_value,
)
from commoncause.matching import matcher
from commoncause.matching.engine.signals import tags_done
from commoncause.places.models import Area, AreaType
from commoncause.places.selectors import areas_current, council_coverage, council_of
from commoncause.register.models import Organisation

CANDIDATES = 40  # the engine's best matches considered
ALTERNATIVES = 3
SAFE_SHARE = 0.5
SAFE_SHARE_LEAST, SAFE_SHARE_MOST = 0.1, 1.0
FRACTION = Decimal("0.000001")
OFFERS_FROM = 0.5  # a tag's strength from which an organisation does it (as a match's reasons say)


@dataclass(frozen=True)
class Needed:
    """What an opportunity (or lot) needs covered, with names to show."""

    wards: dict[str, str]  # ward code → name
    services: dict[str, str]  # UK-CAT code → label
    value: Decimal  # the award's whole value
    yearly: Decimal  # the same a year


@dataclass(frozen=True)
class CandidateRow:
    """A candidate as the page shows it: the organisation, its match and what it brings."""

    organisation: Organisation
    found: Found
    wards: frozenset[str]  # every ward it works in
    services: frozenset[str]  # the required services it offers
    income: int | None
    covered: frozenset[str] = frozenset()  # the required wards it works in

    @property
    def key(self) -> str:
        return str(self.organisation.pk)


@dataclass(frozen=True)
class Member:
    """A partner of a proposed consortium: its share a year and of the whole, and what it covers."""

    candidate: CandidateRow
    share: Decimal  # pounds a year
    fraction: Decimal  # of the value, 0 to 1
    wards: tuple[str, ...]  # the required wards it covers
    services: tuple[str, ...]  # the required services it offers


@dataclass(frozen=True)
class Proposal:
    consortium: Consortium
    members: tuple[Member, ...]


@dataclass(frozen=True)
class BuilderAnswer:
    needed: Needed
    safe_share: float
    candidates: tuple[CandidateRow, ...]
    proposals: tuple[Proposal, ...]
    why_none: tuple[str, ...]


def _areas(opportunity: Opportunity, lot: Lot | None) -> list[str]:
    return list((lot.areas if lot is not None and lot.areas else None) or opportunity.areas)


def _services(opportunity: Opportunity, lot: Lot | None) -> list[str]:
    return list((lot.services if lot is not None and lot.services else None) or opportunity.services)


def wards_named(codes: Iterable[str]) -> dict[str, str]:
    """The wards these codes stand for, by code with their names: a ward itself, every current ward of
    a council; a code the register of places does not hold stands for itself."""
    found: dict[str, str] = {}
    for code in dict.fromkeys(code.strip().upper() for code in codes if code.strip()):
        area = Area.objects.filter(code=code).defer("boundary").order_by("-vintage").first()
        if area is None:
            found[code] = code
        elif area.area_type == AreaType.LOCAL_AUTHORITY:
            found.update(
                (ward.code, ward.name) for ward in areas_current(area_type=AreaType.WARD, within=code)
            )
        else:
            found[code] = area.name
    return found


def requirement_wards(opportunity: Opportunity, lot: Lot | None = None) -> dict[str, str]:
    """The wards a bid for the opportunity (or lot) must cover, by code with their names."""
    return wards_named(_areas(opportunity, lot))


def service_labels(codes: Iterable[str]) -> dict[str, str]:
    """UK-CAT codes with their labels (a code UK-CAT does not hold keeps itself)."""
    tags = matcher.known_words().tags
    return {code: tags[code].label if code in tags else code for code in codes}


def needed_for(opportunity: Opportunity, lot: Lot | None = None) -> Needed:
    value = award_value(opportunity, lot)
    return Needed(
        wards=requirement_wards(opportunity, lot),
        services=service_labels(dict.fromkeys(code.strip().upper() for code in _services(opportunity, lot))),
        value=value,
        yearly=yearly_value(value, opportunity.duration_months),
    )


def organisation_wards(ward_codes: Iterable[str]) -> dict[UUID, frozenset[str]]:
    """Each organisation's wards, as coverage counts them, in the councils of these wards."""
    parents = set(
        Area.objects.filter(code__in=list(ward_codes), area_type=AreaType.WARD).values_list(
            "parent_code", flat=True
        )
    )
    held: dict[UUID, set[str]] = {}
    for code in sorted(parents):
        council = council_of(code)
        if council is None:
            continue
        for row in council_coverage(council).wards:
            for cell in row.cells.values():
                for text in (*cell.based, *cell.serving):
                    held.setdefault(UUID(text), set()).add(row.ward.code)
    return {key: frozenset(wards) for key, wards in held.items()}


def organisation_services(keys: Iterable[Any], codes: Iterable[str]) -> dict[Any, frozenset[str]]:
    """Of these UK-CAT codes, those each organisation does (by its key in the matching engine)."""
    wanted = set(codes)
    corpus = matcher.prepared_corpus()
    found: dict[Any, frozenset[str]] = {}
    for key in keys:
        at = corpus.position.get(key)
        done = tags_done(corpus, at, wanted) if at is not None else []
        found[key] = frozenset(code for code, strength, _ in done if strength >= OFFERS_FROM)
    return found


def builder_candidates(opportunity: Opportunity, lot: Lot | None, needed: Needed) -> list[CandidateRow]:
    """The engine's best matches for the opportunity (or lot), each with its wards, services and
    income: the matches are worked out once."""
    found = matches_with_income(opportunity_matches(opportunity, lot=lot, limit=CANDIDATES))
    wards = organisation_wards(needed.wards)
    services = organisation_services([row.match.key for row in found], needed.services)
    return [
        CandidateRow(
            organisation=row.organisation,
            found=row,
            wards=wards.get(row.organisation.pk, frozenset()),
            services=services.get(row.match.key, frozenset()),
            income=row.income,
            covered=wards.get(row.organisation.pk, frozenset()) & set(needed.wards),
        )
        for row in found
    ]


def safe_share_checked(value: object) -> float:
    """A safe share from 0.1 to 1 (the default when none is given)."""
    if value in (None, ""):
        return SAFE_SHARE
    share = float(str(value))
    if not SAFE_SHARE_LEAST <= share <= SAFE_SHARE_MOST:
        raise ValueError("The safe share must be from 10% to 100% of an organisation's income.")
    return share


def builder_answer(
    opportunity: Opportunity,
    lot: Lot | None = None,
    *,
    safe_share: float = SAFE_SHARE,
    candidates: Sequence[CandidateRow] | None = None,
) -> BuilderAnswer:
    """The smallest consortia of candidates covering the opportunity (or lot), with their reasons, or
    why there is none."""
    needed = needed_for(opportunity, lot)
    rows = list(candidates) if candidates is not None else builder_candidates(opportunity, lot, needed)
    if not needed.wards and not needed.services:
        nothing = ("The opportunity names no wards or services for a consortium to cover.",)
        return BuilderAnswer(needed, safe_share, tuple(rows), (), nothing)
    if needed.yearly <= 0:
        return BuilderAnswer(needed, safe_share, tuple(rows), (), ("The opportunity has no value to share.",))
    requirement = Requirement(
        wards=frozenset(needed.wards), services=frozenset(needed.services),
        value=float(needed.yearly), safe_share=safe_share,
    )  # fmt: skip
    pool = [
        Candidate(key=row.key, name=row.organisation.name, wards=row.wards, services=row.services,
                  income=float(row.income) if row.income is not None else None)
        for row in rows
    ]  # fmt: skip
    found = consortia(pool, requirement, alternatives=ALTERNATIVES)
    by_key = {row.key: row for row in rows}
    proposals = tuple(_proposal(answer, by_key, needed) for answer in found)
    reasons: tuple[str, ...] = () if found else tuple(why_none(pool, requirement))
    return BuilderAnswer(needed, safe_share, tuple(rows), proposals, reasons)


def _proposal(answer: Consortium, by_key: dict[str, CandidateRow], needed: Needed) -> Proposal:
    members = []
    for key in answer.partners:
        row = by_key[key]
        share = Decimal(str(answer.shares.get(key, 0.0)))
        members.append(
            Member(
                candidate=row,
                share=share.quantize(Decimal(1)),
                fraction=(share / needed.yearly).quantize(FRACTION) if needed.yearly else Decimal(0),
                wards=tuple(code for code in needed.wards if code in row.wards),
                services=tuple(code for code in needed.services if code in row.services),
            )
        )
    return Proposal(consortium=answer, members=tuple(members))
