"""Pages for "who to call": the question and its answer, a council's named contacts, vCards, and
confirming an organisation's contact is still right. Thin: parse, call, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.accounts.models import Council
from commoncause.places.themes import themes
from commoncause.register.views import organisation_or_404
from commoncause.relationships import council_contacts as named
from commoncause.relationships.models import Contact, CouncilContact
from commoncause.relationships.selectors import contacts_for
from commoncause.relationships.vcards import Card, card_filename, vcard
from commoncause.relationships.who_to_call import area_for, may_ask, who_to_call
from commoncause.relationships.who_to_call_forms import CouncilContactForm, WhoToCallForm

ASKERS = "Council officers, curators and organisations' members ask who to call."


def _asker(request: AuthenticatedHttpRequest) -> None:
    if not may_ask(request.user):
        raise PermissionDenied(ASKERS)


@access(SIGNED_IN, object_level=True)
def who_to_call_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    _asker(request)
    form = WhoToCallForm(request.GET or None)
    answer = None
    if request.GET and form.is_valid():
        area = area_for(form.cleaned_data["area"])
        if area is None:
            form.add_error("area", "No ward or council has that name or code.")
        else:
            answer = who_to_call(request.user, form.cleaned_data["theme"], area)
    context = {
        "form": form,
        "answer": answer,
        "councils": named.councils_kept_by(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "relationships/who_to_call.html", context, status=400 if form.errors else 200)


def _kept_council(request: AuthenticatedHttpRequest, council_slug: str) -> Council:
    council = get_object_or_404(Council, slug=council_slug)
    if not named.may_keep_council_contacts(request.user, council):
        raise PermissionDenied("Only the council's officers and curators name its contacts.")
    return council


def _save(
    request: AuthenticatedHttpRequest, form: CouncilContactForm, council: Council, contact: Any
) -> bool:
    try:
        named.council_contact_save(
            user=request.user, council=council, values=form.cleaned_data, contact=contact
        )
    except named.CouncilContactError as problem:
        form.add_error(problem.field if problem.field in form.fields else None, str(problem))
        return False
    return True


@access(SIGNED_IN, object_level=True)
def council_contact_list(request: AuthenticatedHttpRequest, council_slug: str) -> HttpResponse:
    council = _kept_council(request, council_slug)
    form = CouncilContactForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid() and _save(request, form, council, None):
        messages.success(request, f"{form.cleaned_data['name']} is named as a contact.")
        return redirect("relationships:council_contact_list", council_slug=council.slug)
    labels = {theme.code: theme.label for theme in themes()}
    context = {
        "council": council,
        "form": form,
        "contacts": CouncilContact.objects.filter(council=council),
        "theme_labels": labels,
        "today": timezone.localdate(),
    }
    return render(request, "relationships/council_contacts.html", context, status=400 if form.errors else 200)


def _council_contact(request: AuthenticatedHttpRequest, contact_id: int) -> CouncilContact:
    contact = get_object_or_404(CouncilContact.objects.select_related("council"), pk=contact_id)
    if not named.may_keep_council_contacts(request.user, contact.council):
        raise PermissionDenied("Only the council's officers and curators name its contacts.")
    return contact


@access(SIGNED_IN, object_level=True)
def council_contact_edit(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    contact = _council_contact(request, contact_id)
    initial = {
        field: getattr(contact, field) for field in ("name", "role", "email", "phone", "themes", "areas")
    }
    form = CouncilContactForm(request.POST or None, initial=initial, council=contact.council)
    if request.method == "POST" and form.is_valid() and _save(request, form, contact.council, contact):
        messages.success(request, f"{form.cleaned_data['name']}: saved.")
        return redirect("relationships:council_contact_list", council_slug=contact.council.slug)
    context = {"council": contact.council, "form": form, "contact": contact}
    return render(
        request, "relationships/council_contact_form.html", context, status=400 if form.errors else 200
    )


@require_POST
@access(SIGNED_IN, object_level=True)
def council_contact_remove(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    contact = _council_contact(request, contact_id)
    slug = contact.council.slug
    named.council_contact_remove(user=request.user, contact=contact)
    messages.success(request, "The contact is removed, and their details with it.")
    return redirect("relationships:council_contact_list", council_slug=slug)


def _vcard_response(card: Card) -> HttpResponse:
    response = HttpResponse(vcard(card), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{card_filename(card.name)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@access(SIGNED_IN, object_level=True)
def council_contact_vcard(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    _asker(request)
    contact = get_object_or_404(CouncilContact.objects.select_related("council"), pk=contact_id)
    note = f"Named contact of {contact.council.name}"
    return _vcard_response(
        Card(contact.name, contact.council.name, contact.role, contact.email, contact.phone, note)
    )


@access(SIGNED_IN, object_level=True)
def contact_vcard(request: AuthenticatedHttpRequest, org_id: str, contact_id: int) -> HttpResponse:
    organisation = organisation_or_404(org_id)
    contact = contacts_for(request.user, organisation).filter(pk=contact_id).first()
    if contact is None:
        raise Http404("No such contact.")
    role = contact.role or contact.get_purpose_display()
    return _vcard_response(Card(contact.name, organisation.name, role, contact.email, contact.phone))


@require_POST
@access(SIGNED_IN, object_level=True)
def contact_confirm(request: AuthenticatedHttpRequest, org_id: str, contact_id: int) -> HttpResponse:
    organisation = organisation_or_404(org_id)
    contact = get_object_or_404(Contact, pk=contact_id, organisation=organisation)
    try:
        named.contact_confirm(user=request.user, contact=contact)
    except named.CouncilContactError as problem:
        if problem.not_allowed:
            raise PermissionDenied(str(problem)) from None
        messages.error(request, str(problem))
    else:
        messages.success(request, f"{contact.name} is confirmed as still right.")
    return redirect("relationships:contact_list", org_id=org_id)
