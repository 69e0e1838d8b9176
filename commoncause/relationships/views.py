"""Pages for an organisation's contacts, and the curators' queue. Thin: parse, call, render."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.accounts.curation import field_changes
from commoncause.accounts.curation_views import curator_decision
from commoncause.accounts.roles import ADMIN, CURATOR, is_curator
from commoncause.register.views import organisation_or_404
from commoncause.relationships import selectors, services
from commoncause.relationships.council_contacts import is_stale
from commoncause.relationships.forms import ContactForm
from commoncause.relationships.models import CONTACT_FIELDS, Contact


@access(SIGNED_IN, object_level=True)
def contact_list(request: AuthenticatedHttpRequest, org_id: str) -> HttpResponse:
    organisation = organisation_or_404(org_id)
    if not selectors.may_see_contacts(request.user, organisation):
        raise PermissionDenied("Only council officers, curators and the organisation's members see contacts.")
    contacts = list(selectors.contacts_for(request.user, organisation))
    context = {
        "org": organisation,
        "org_key": org_id,
        "contacts": contacts,
        "may_change": services.may_change_contacts(request.user, organisation),
        "stale": {contact.pk for contact in contacts if is_stale(contact.confirmed_on, timezone.localdate())},
    }
    return render(request, "relationships/contact_list.html", context)


def _contact_form(request: AuthenticatedHttpRequest, org_id: str, contact: Contact | None) -> HttpResponse:
    organisation = organisation_or_404(org_id)
    if not services.may_change_contacts(request.user, organisation):
        raise PermissionDenied("Only the organisation's members can change its contacts.")
    if contact is not None and contact.organisation_id != organisation.pk:
        raise PermissionDenied("That contact belongs to another organisation.")
    initial = (
        contact.values() | {"is_senior": contact.is_senior, "consent_note": contact.consent_note}
        if contact
        else {}
    )
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_propose(
                user=request.user, organisation=organisation, values=form.cleaned_data, contact=contact
            )
        except services.ContactError as problem:
            form.add_error(problem.field, str(problem))
        else:
            checked = "Saved." if is_curator(request.user) else "Thank you. A curator will check it."
            messages.success(request, checked)
            return redirect("relationships:contact_list", org_id=org_id)
    context = {"org": organisation, "org_key": org_id, "form": form, "contact": contact}
    return render(request, "relationships/contact_form.html", context, status=400 if form.errors else 200)


@access(SIGNED_IN, object_level=True)
def contact_new(request: AuthenticatedHttpRequest, org_id: str) -> HttpResponse:
    return _contact_form(request, org_id, None)


@access(SIGNED_IN, object_level=True)
def contact_edit(request: AuthenticatedHttpRequest, org_id: str, contact_id: int) -> HttpResponse:
    return _contact_form(request, org_id, get_object_or_404(Contact, pk=contact_id))


@access(SIGNED_IN, object_level=True)
@require_POST
def contact_remove(request: AuthenticatedHttpRequest, org_id: str, contact_id: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.select_related("organisation"), pk=contact_id)
    organisation = organisation_or_404(org_id)
    if contact.organisation_id != organisation.pk:
        raise PermissionDenied("That contact belongs to another organisation.")
    try:
        services.contact_remove(user=request.user, contact=contact)
    except services.ContactError as problem:
        raise PermissionDenied(str(problem)) from None
    messages.success(request, "Contact removed. Their details have been erased.")
    return redirect("relationships:contact_list", org_id=org_id)


def _queue() -> dict:
    waiting = []
    for contact in selectors.contacts_waiting():
        before, after = (contact.values(), contact.proposed) if contact.proposed else ({}, contact.values())
        waiting.append((contact, field_changes(before, after, CONTACT_FIELDS)))
    return {"waiting": waiting}


@access(CURATOR, ADMIN)
def contact_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "relationships/contact_queue.html", _queue())


@access(CURATOR, ADMIN)
@require_POST
def contact_decide(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.select_related("organisation"), pk=contact_id)
    return curator_decision(
        request,
        contact,
        decide=partial(services.contact_decide, contact=contact, base_url=request.build_absolute_uri("/")),
        template="relationships/contact_queue.html",
        queue=_queue,
        done=lambda approve: (
            f"Contact at {contact.organisation.name}: " + ("approved." if approve else "sent back.")
        ),
        queue_url="relationships:contact_queue",
    )
