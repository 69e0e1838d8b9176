"""Example needs, a fund, offers and one approach for the demo council, on real organisations of its
register, each marked as an example wherever it shows (`is_example`).

Nothing here claims an organisation said or did anything: the needs are the demo council's examples,
the offers are labelled as examples the organisations have not made, and the one approach (to the
organisation the demo member belongs to) waits for its answer.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction

from commoncause.accounts.models import AuditAction
from commoncause.accounts.services import audit_record
from commoncause.matching import matcher
from commoncause.matching.approaches import reasons_snapshot
from commoncause.matching.models import (
    Approach,
    ApproachStatus,
    Need,
    NeedKind,
    NeedStatus,
    Offer,
    OfferKind,
    PosterKind,
)
from commoncause.matching.queries import need_query
from commoncause.places.demo import DEMO_COUNCIL, demo_council
from commoncause.places.models import OrganisationPlace
from commoncause.register.models import Organisation

NAMESPACE = uuid.UUID("6f1d2c3b-8e4a-5b7c-9d0e-1a2b3c4d5e6f")  # the demo's example needs
CODE = DEMO_COUNCIL[1]
NEEDS: tuple[dict[str, Any], ...] = (
    {"kind": NeedKind.SERVICE, "title": "Lunch and company for older people who live alone",
     "description": "A weekly lunch club in the north of the borough where older residents who live "
                    "alone can eat a hot meal together and meet neighbours.",
     "outcomes": "Fewer older residents lonely; more of them eating well.", "who": ["older"],
     "budget_min": 15_000, "budget_max": 30_000},
    {"kind": NeedKind.SERVICE, "title": "Debt and benefits advice for families",
     "description": "Free, independent advice on debt, benefits and housing costs for families "
                    "with children, in community venues.", "budget_max": 40_000},
    {"kind": NeedKind.VOLUNTEERS, "title": "Volunteers to befriend isolated residents",
     "description": "Volunteers who visit or phone residents who are isolated at home, weekly."},
    {"kind": NeedKind.FUND, "poster_kind": PosterKind.FUNDER, "funder_name": "An example funder",
     "title": "Small groups' capacity fund",
     "description": "Grants of up to £5,000 for small community groups to grow stronger.",
     "pays_for": "Training, mentoring, bid writing, bookkeeping and better systems.",
     "income_below": 100_000, "budget_max": 5_000},
)  # fmt: skip
OFFERS: tuple[dict[str, Any], ...] = (
    {"kind": OfferKind.PREMISES, "title": "Meeting room on weekday evenings",
     "description": "A meeting room for up to twenty people, with a small kitchen.",
     "capacity": "20 people", "availability": "Weekday evenings"},
    {"kind": OfferKind.EXPERTISE, "title": "Help with bookkeeping",
     "description": "A volunteer treasurer can help a small group set up its accounts.",
     "availability": "Two hours a month"},
    {"kind": OfferKind.TECHNOLOGY, "title": "Laptops to lend",
     "description": "Three laptops to lend for training sessions.", "capacity": "3 laptops",
     "availability": "By arrangement"},
)  # fmt: skip


def _organisations() -> list[Organisation]:
    """Organisations placed in the demo council, by name (the first is the demo member's)."""
    places = OrganisationPlace.objects.filter(local_authority=CODE, organisation__merged_into__isnull=True)
    ids = list(places.order_by("organisation__name").values_list("organisation_id", flat=True)[:10])
    return sorted(Organisation.objects.filter(pk__in=ids), key=lambda org: (org.name, org.pk))


def _needs() -> list[Need]:
    council = demo_council()
    made = []
    for values in NEEDS:
        need_id = uuid.uuid5(NAMESPACE, values["title"])
        need = Need.objects.filter(pk=need_id).first()
        if need is None:
            need = Need.objects.create(
                id=need_id, council=council, areas=[CODE], status=NeedStatus.OPEN, is_example=True, **values
            )
            audit_record(actor=None, action=AuditAction.CREATE, target=need, note="A demo example")
        made.append(need)
    return made


def _offers(organisations: list[Organisation]) -> int:
    made = 0
    for values, organisation in zip(OFFERS, organisations[1:], strict=False):
        if Offer.objects.filter(is_example=True, title=values["title"]).exists():
            continue
        offer = Offer.objects.create(organisation=organisation, areas=[CODE], is_example=True, **values)
        audit_record(actor=None, action=AuditAction.CREATE, target=offer, note="A demo example")
        made += 1
    return made


def _approach(need: Need, organisation: Organisation) -> None:
    if Approach.objects.filter(need=need, organisation=organisation).exists():
        return
    explained = matcher.explain(need_query(need), organisation.pk)
    score, reasons = reasons_snapshot(explained[0] if explained else None)
    approach = Approach.objects.create(
        need=need, organisation=organisation, score=score, reasons=reasons, status=ApproachStatus.CONTACTED
    )
    approach.contacted_at = approach.created_at
    approach.save(update_fields=["contacted_at"])
    audit_record(actor=None, action=AuditAction.CREATE, target=approach, note="A demo example")


@transaction.atomic
def demo_matching() -> str:
    """Run by `load_demo_data` once the demo's organisations are placed."""
    organisations = _organisations()
    if not organisations:
        return "No example needs or offers: no organisation is placed in the demo council yet."
    needs = _needs()
    offers = _offers(organisations)
    _approach(needs[0], organisations[0])
    return (
        f"Example needs and a fund for Westminster ({len(needs)}), {offers} example offers made, and an "
        f"approach to {organisations[0].name} (each marked as an example)."
    )
