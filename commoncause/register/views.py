"""Register pages: home, search and the organisation page. Thin: parse, call a selector, render."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from commoncause.accounts.access import access
from commoncause.accounts.roles import OFFICER, PUBLIC, has_role, is_curator
from commoncause.accounts.selectors import officer_area_codes
from commoncause.core.pagination import pagination_links
from commoncause.register import grants, link_queue, profile_edits, selectors
from commoncause.register.charts import finances_chart_svg, finances_summary, grants_chart_svg, grants_summary
from commoncause.register.freshness import freshness_flag
from commoncause.register.models import PROFILE_FIELDS, Grant, MembershipStatus, Organisation
from commoncause.register.profile import organisation_page
from commoncause.register.search.types import SearchParameterError
from commoncause.register.search_page import SORT_LABELS, error_message, error_target, facet_groups
from commoncause.register.summary import register_summary


def organisation_or_404(org_id: str) -> Organisation:
    """The organisation an org-id or UUID names, or a 404 page."""
    organisation = selectors.organisation_by_identifier(org_id)
    if organisation is None:
        raise Http404("No organisation has that identifier.")
    return organisation


@access(PUBLIC)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "register/home.html", {"summary": register_summary()})


@access(PUBLIC)
def organisation_search_page(request: HttpRequest) -> HttpResponse:
    """Search with facets; an htmx request gets only the results region to swap in."""
    try:
        query = selectors.search_query_from_params(dict(request.GET.lists()))
    except SearchParameterError as error:
        context = {
            "q": request.GET.get("q", "")[:200],
            "error": {"message": error_message(error), "target": error_target(error)},
            "sorts": SORT_LABELS,
        }
        return render(request, "register/search.html", context, status=400)
    results = selectors.organisation_search(query)
    context = {
        "query": query,
        "q": query.q,
        "results": results,
        "facets": facet_groups(results),
        "sorts": SORT_LABELS,
        "pagination": pagination_links(request.GET, page=results.page, pages=results.pages),
    }
    template = (
        "register/_search_results.html" if request.headers.get("HX-Request") else "register/search.html"
    )
    return render(request, template, context)


@access(PUBLIC)
def organisation_detail(request: HttpRequest, org_id: str) -> HttpResponse:
    organisation = organisation_or_404(org_id)
    my_membership = (
        organisation.memberships.filter(user=request.user).first() if request.user.is_authenticated else None
    )
    page = organisation_page(organisation)
    can_edit = (
        my_membership is not None and my_membership.status == MembershipStatus.APPROVED
    ) or is_curator(request.user)
    chart = finances_chart_svg(
        page.finances,
        title=f"Income and spending of {organisation.name}",
        nonce=str(getattr(request, "csp_nonce", "")),
    )
    context = {
        "page": page,
        "org": organisation,
        "org_key": org_id,
        "statement": profile_edits.statement(organisation),
        "statement_labels": PROFILE_FIELDS,
        "can_edit": can_edit,
        "can_link": is_curator(request.user),
        "linked_records": organisation.merges_in.filter(undone_at__isnull=True).select_related("source")
        if is_curator(request.user)
        else (),
        "possible_duplicates": link_queue.pending_involving(organisation) if is_curator(request.user) else (),
        "can_see_contacts": can_edit
        or (
            has_role(request.user, OFFICER)
            and selectors.organisation_works_in(organisation, officer_area_codes(request.user))
        ),
        "my_membership": my_membership,
        "chart": chart,
        "finances_text": finances_summary(page.finances),
        "freshness": freshness_flag(
            max((s.last_confirmed for s in page.sources if s.last_confirmed), default=None)
        ),
        **_grants_context(organisation, nonce=str(getattr(request, "csp_nonce", ""))),
    }
    return render(request, "register/organisation_detail.html", context)


def _grants_context(organisation: Organisation, *, nonce: str) -> dict:
    received = grants.received_by_funder_and_year(organisation)
    return {
        "grants_received": grants.grants_received_summary(organisation),
        "grants_made": grants.grants_made_summary(organisation),
        "latest_received": grants.grants_of(recipient=organisation)[:10],
        "latest_made": grants.grants_of(funder=organisation)[:10],
        "received_by_funder": received,
        "grants_chart": grants_chart_svg(
            received, title=f"Grants received by {organisation.name}", name=organisation.name, nonce=nonce
        ),
        "grants_text": grants_summary(received, name=organisation.name),
    }


@access(PUBLIC)
def grant_detail(request: HttpRequest, grant_id: str) -> HttpResponse:
    grant = Grant.objects.select_related("funder", "recipient").filter(grant_id=grant_id).first()
    if grant is None:
        raise Http404("No grant has that identifier.")
    return render(request, "register/grant_detail.html", {"grant": grant})
