"""The records the workflow's routes name, for the tests that walk every route (the permissions
matrix): an open need of the cast's council, an approach to an organisation, its diagnostic, and an
offer of its own with a request to book it."""

from __future__ import annotations

import uuid

from commoncause.accounts.tests.cast import council
from commoncause.matching.models import Approach, ApproachStatus, BookingRequest, Diagnostic, Need, Offer
from commoncause.register.selectors import organisation_by_identifier

PARTS = ("<uuid:need_id>", "<int:approach_id>", "<int:diagnostic_id>", "<int:offer_id>", "<int:booking_id>")


def matching_path(path: str, org_id: str) -> str:
    """The path with the workflow's parameters filled (made the first time they are asked for)."""
    if not any(part in path for part in PARTS):
        return path
    organisation = organisation_by_identifier(org_id)
    assert organisation is not None
    need, _ = Need.objects.get_or_create(
        pk=uuid.UUID(int=16), defaults={"council": council(), "title": "Lunch club", "status": "open"}
    )
    approach, _ = Approach.objects.get_or_create(need=need, organisation=organisation)
    diagnostic, _ = Diagnostic.objects.get_or_create(organisation=organisation)
    offer, _ = Offer.objects.get_or_create(
        organisation=organisation, defaults={"kind": "premises", "title": "Hall"}
    )
    booking, _ = BookingRequest.objects.get_or_create(offer=offer, organisation=organisation)
    if path.startswith("approaches/") and path.endswith(("answer/", "outcome/")):
        # The organisation answers once contacted; an outcome waits for its answer.
        step = ApproachStatus.CONTACTED if path.endswith("answer/") else ApproachStatus.ACCEPTED
        Approach.objects.filter(pk=approach.pk).update(status=step)
    filled = {
        "<uuid:need_id>": need.pk, "<int:approach_id>": approach.pk, "<int:diagnostic_id>": diagnostic.pk,
        "<int:offer_id>": offer.pk, "<int:booking_id>": booking.pk,
    }  # fmt: skip
    for part, value in filled.items():
        path = path.replace(part, str(value))
    return path
