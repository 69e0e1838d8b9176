"""Funding pages: one grant as its funder published it. Thin: look up, render."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from commoncause.accounts.access import access
from commoncause.accounts.roles import PUBLIC
from commoncause.funding.selectors import grant_by_id


@access(PUBLIC)
def grant_detail(request: HttpRequest, grant_id: str) -> HttpResponse:
    grant = grant_by_id(grant_id)
    if grant is None:
        raise Http404("No grant has that identifier.")
    return render(request, "funding/grant_detail.html", {"grant": grant})
