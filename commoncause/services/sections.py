"""What services add to other pages: the organisation page lists its services (and, for its members and
curators, a link to add one), and the curators' page counts the services waiting to be checked."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from commoncause.accounts.curation_queues import Queue
from commoncause.core.sections import Section
from commoncause.members.models import EditStatus
from commoncause.register.models import Organisation
from commoncause.services import editing
from commoncause.services.models import ServiceEdit
from commoncause.services.service_pages import organisation_services


def organisation_services_context(request: HttpRequest, organisation: Organisation) -> dict[str, Any]:
    can_add = editing.may_edit(request.user, organisation)  # type: ignore[arg-type]
    pending = ServiceEdit.objects.filter(organisation=organisation, status=EditStatus.PENDING)
    waiting = [str(edit.after.get("name", "")) for edit in pending.order_by("proposed_at")] if can_add else []
    return {
        "services": organisation_services(organisation),
        "can_add_service": can_add,
        "services_waiting": waiting,
    }


SERVICES_SECTION = Section(
    name="services",
    slot="after_activities",
    order=5,
    template="services/_organisation_services.html",
    context=organisation_services_context,
)
SERVICE_QUEUE = Queue(
    "services:service_queue", "New and changed services", editing.edits_waiting_count, order=35
)
