"""Pages of the engagement log. Thin: parse, call `engagement`, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.accounts.models import Council
from commoncause.core.pagination import pagination_links
from commoncause.relationships import engagement as log
from commoncause.relationships.engagement_forms import EngagementForm
from commoncause.relationships.engagement_selectors import engagements_of_council
from commoncause.relationships.glossary import consultation_review
from commoncause.relationships.models import Engagement, EngagementKind, EngagementStatus

PER_PAGE = 50


def _kept(request: AuthenticatedHttpRequest) -> Any:
    councils = log.councils_kept_by(request.user)
    if not councils.exists():
        raise PermissionDenied("Council officers and curators keep the engagement log.")
    return councils


def _council(councils: Any, key: str | None) -> Council:
    chosen = councils.filter(slug=key).first() if key else None
    return chosen or councils.first()


@access(SIGNED_IN, object_level=True)
def engagement_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    councils = _kept(request)
    council = _council(councils, request.GET.get("council"))
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    found = engagements_of_council(
        council,
        kind=kind if kind in EngagementKind.values else "",
        status=status if status in EngagementStatus.values else "",
    )
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "council": council,
        "councils": councils,
        "engagements": page.object_list,
        "page": page,
        "pagination": pagination_links(request.GET, page=page.number, pages=page.paginator.num_pages),
        "kinds": EngagementKind.choices,
        "statuses": EngagementStatus.choices,
        "kind": kind,
        "status": status,
        "today": log.today(),
    }
    return render(request, "relationships/engagement_list.html", context)


def _values(form: EngagementForm) -> dict[str, Any]:
    return {name: form.cleaned_data.get(name) for name in log.FIELDS}


def _save(
    request: AuthenticatedHttpRequest,
    form: EngagementForm,
    engagement: Engagement | None,
    follows: Engagement | None,
) -> Engagement | None:
    """Save a valid form through the service; its refusal is put on the field it names."""
    data = form.cleaned_data
    try:
        if engagement is None:
            return log.engagement_record(
                user=request.user, council=data["council"], values=_values(form),
                organisations=form.named["organisations"], respondents=form.named["respondents"],
                owner=data.get("owner"), follows=follows,
            )  # fmt: skip
        return log.engagement_change(
            user=request.user, engagement=engagement, values=_values(form),
            organisations=form.named["organisations"], respondents=form.named["respondents"],
            owner=data.get("owner"),
        )  # fmt: skip
    except log.EngagementError as problem:
        if problem.not_allowed:
            raise PermissionDenied(str(problem)) from None
        form.add_error(problem.field if problem.field in form.fields else None, str(problem))
        return None


def _keys(organisations: Any) -> str:
    """Organisations as the form names them: each one's main org-id (its id if it has none)."""
    keys = []
    for organisation in organisations.prefetch_related("identifiers"):
        identifiers = list(organisation.identifiers.all())
        keys.append(identifiers[0].org_id if identifiers else str(organisation.pk))
    return "\n".join(keys)


def _form_page(
    request: AuthenticatedHttpRequest, engagement: Engagement | None, follows: Engagement | None
) -> HttpResponse:
    councils = (
        log.councils_kept_by(request.user)
        if engagement is None
        else Council.objects.filter(pk=engagement.council_id)
    )
    key = request.POST.get("council") if request.method == "POST" else request.GET.get("council")
    council = engagement.council if engagement else (follows.council if follows else None)
    if council is None:
        council = councils.filter(pk=key).first() if key and key.isdigit() else _council(councils, key)
    initial: dict[str, Any] = {"council": council, "status": EngagementStatus.OPEN}
    if engagement is not None:
        initial.update({name: getattr(engagement, name) for name in log.FIELDS})
        initial["owner"] = engagement.owner
        initial["organisations"] = _keys(engagement.organisations.all())
        initial["respondents"] = _keys(engagement.respondents.all())
    elif follows is not None:
        initial.update(kind=EngagementKind.FOLLOW_UP, title=f"Follow-up: {follows.title}"[:200])
        initial["organisations"] = _keys(follows.organisations.all())
    form = EngagementForm(request.POST or None, initial=initial, councils=councils, council=council)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, engagement, follows)
        if saved is not None:
            messages.success(request, f"{saved.title}: saved.")
            return redirect("relationships:engagement_detail", engagement_id=saved.pk)
    context = {"form": form, "engagement": engagement, "follows": follows, "council": council}
    return render(request, "relationships/engagement_form.html", context, status=400 if form.errors else 200)


@access(SIGNED_IN, object_level=True)
def engagement_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    _kept(request)
    follows = None
    if request.GET.get("follows", "").isdigit():
        follows = _seen_or_404(request, int(request.GET["follows"]))
        if not log.may_keep_log(request.user, follows.council):
            raise PermissionDenied("Only the council's officers and curators keep its engagement log.")
    return _form_page(request, None, follows)


def _seen_or_404(request: HttpRequest, engagement_id: int) -> Engagement:
    engagement = get_object_or_404(
        Engagement.objects.select_related("council", "owner", "follows"), pk=engagement_id
    )
    if not log.may_see_engagement(request.user, engagement):  # type: ignore[arg-type]
        raise Http404("No such engagement.")
    return engagement


@access(SIGNED_IN, object_level=True)
def engagement_detail(request: AuthenticatedHttpRequest, engagement_id: int) -> HttpResponse:
    engagement = _seen_or_404(request, engagement_id)
    context = {
        "engagement": engagement,
        "keeper": log.may_keep_log(request.user, engagement.council),
        "checks": log.compact_checks(engagement),
        "organisations": engagement.organisations.all(),
        "respondents": engagement.respondents.all(),
        "follow_ups": engagement.follow_ups.all(),
        "today": log.today(),
    }
    if context["keeper"] and engagement.kind == EngagementKind.CONSULTATION:
        context.update(consultation_review(engagement))
    return render(request, "relationships/engagement_detail.html", context)


@access(SIGNED_IN, object_level=True)
def engagement_edit(request: AuthenticatedHttpRequest, engagement_id: int) -> HttpResponse:
    engagement = _seen_or_404(request, engagement_id)
    if not log.may_keep_log(request.user, engagement.council):
        raise PermissionDenied("Only the council's officers and curators keep its engagement log.")
    return _form_page(request, engagement, None)


@require_POST
@access(SIGNED_IN, object_level=True)
def engagement_mark_done(request: AuthenticatedHttpRequest, engagement_id: int) -> HttpResponse:
    engagement = _seen_or_404(request, engagement_id)
    try:
        log.engagement_done(user=request.user, engagement=engagement)
    except log.EngagementError as problem:
        if problem.not_allowed:
            raise PermissionDenied(str(problem)) from None
        messages.error(request, str(problem))
    else:
        messages.success(request, f"{engagement.title}: done.")
    return redirect("relationships:engagement_detail", engagement_id=engagement.pk)
