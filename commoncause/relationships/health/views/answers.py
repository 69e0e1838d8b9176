"""Answering a round: the council's officers and the members of organisations in its area rate each
statement, and may change their answers until the round closes. Nobody else ever sees them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.relationships.health import selectors, services
from commoncause.relationships.health.forms import AnswerForm, answer_initial
from commoncause.relationships.health.library import COUNCIL, PARTNERSHIP
from commoncause.relationships.health.models import RoundStatus
from commoncause.relationships.health.views.common import by_about, round_or_404


def _hint(side: str, about: str) -> str:
    """Whose view the person gives of this group of statements."""
    if about == PARTNERSHIP:
        return "How the partnership works: your view of both sides together."
    own = "your view of your own side" if about == side else "your view of the other side"
    whom = "the council" if about == COUNCIL else "the voluntary and community sector"
    return f"How {whom} does: {own}."


@access(SIGNED_IN, object_level=True)
def health_answer(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    found = round_or_404(round_id)
    side = selectors.respondent_side(request.user, found.council)
    if side is None:
        raise PermissionDenied(
            "Only the council's officers and members of organisations in its area answer its health checks."
        )
    if found.status == RoundStatus.DRAFT:
        raise Http404("This round is not open yet.")
    if found.status == RoundStatus.CLOSED:
        messages.error(request, "This round has closed: answers can no longer be changed.")
        return redirect("relationships:health_results", round_id=found.pk)
    statements = selectors.round_statements(found)
    mine = selectors.response_of(request.user, found)
    held = {a.statement_id: (a.rating, a.evidence) for a in mine.answers.all()} if mine else {}
    form = AnswerForm(request.POST or None, statements=statements, initial=answer_initial(held))
    if request.method == "POST" and form.is_valid():
        try:
            services.health_response_save(user=request.user, health_round=found, answers=form.answers())
        except services.HealthCheckError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(
                request, "Thank you: your answers are saved. You can change them until the round closes."
            )
            return redirect("relationships:health_index")
    rows = form.rows()
    groups = [
        (about, label, _hint(side, about), items)
        for about, label, items in by_about(rows, lambda row: row[0].about)
    ]
    context = {
        "health_round": found,
        "side": side,
        "form": form,
        "groups": groups,
        "answered": mine is not None,
    }
    return render(
        request, "relationships/health/answer_form.html", context, status=400 if form.errors else 200
    )
