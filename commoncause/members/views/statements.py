"""Pages for an organisation's own statement: members propose, curators decide, anyone reads the history."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.accounts.curation_views import curator_decision
from commoncause.accounts.roles import ADMIN, CURATOR, PUBLIC, is_curator
from commoncause.members import statements
from commoncause.members.forms import ProfileForm
from commoncause.members.membership import is_member
from commoncause.members.models import ProfileEdit
from commoncause.register.views import organisation_or_404


@access(SIGNED_IN, object_level=True)
def profile_edit(request: AuthenticatedHttpRequest, org_id: str) -> HttpResponse:
    organisation = organisation_or_404(org_id)
    if not (is_member(request.user, organisation) or is_curator(request.user)):
        raise PermissionDenied("Only the organisation's members can change its page.")
    current = statements.current_values(organisation)
    form = ProfileForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        try:
            statements.profile_edit_propose(
                user=request.user, organisation=organisation, values=form.cleaned_data
            )
        except statements.ProfileEditError as problem:
            form.add_error(problem.field, str(problem))
        else:
            messages.success(request, "Thank you. A curator will check the change before it appears.")
            return redirect("register:organisation_detail", org_id=org_id)
    context = {"org": organisation, "org_key": org_id, "form": form}
    return render(request, "members/profile_edit.html", context, status=400 if form.errors else 200)


@access(PUBLIC)
def profile_history(request: HttpRequest, org_id: str) -> HttpResponse:
    organisation = organisation_or_404(org_id)
    with_names = is_curator(request.user)
    versions = [
        (version, changed, statements.authorship(version, with_names=with_names))
        for version, changed in statements.history(organisation)
    ]
    context = {"org": organisation, "org_key": org_id, "versions": versions}
    return render(request, "members/profile_history.html", context)


def _queue() -> dict[str, object]:
    waiting = statements.edits_waiting()
    return {"waiting": [(edit, statements.changes(edit.before, edit.after)) for edit in waiting]}


@access(CURATOR, ADMIN)
def profile_edit_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "members/profile_edit_queue.html", _queue())


@access(CURATOR, ADMIN)
@require_POST
def profile_edit_decide(request: AuthenticatedHttpRequest, edit_id: int) -> HttpResponse:
    edit = get_object_or_404(ProfileEdit.objects.select_related("organisation"), pk=edit_id)
    return curator_decision(
        request,
        edit,
        decide=partial(statements.profile_edit_decide, edit=edit, base_url=request.build_absolute_uri("/")),
        template="members/profile_edit_queue.html",
        queue=_queue,
        done=lambda approve: (
            f"Change to {edit.organisation.name}: " + ("approved." if approve else "sent back.")
        ),
        queue_url="members:profile_edit_queue",
    )
