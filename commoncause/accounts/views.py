"""Pages about the person signed in: sign up, sign in, their account and API tokens; the audit log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from commoncause.accounts import erasure, selectors, services
from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.accounts.account_page import ACCOUNT_PAGE
from commoncause.accounts.forms import ApiTokenForm, EraseForm, SignInForm, SignUpForm
from commoncause.accounts.roles import ADMIN, CURATOR, PUBLIC
from commoncause.core.pagination import pagination_links

ENTRIES_PER_PAGE = 50


@method_decorator(access(PUBLIC), name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    next_page = "/"


@method_decorator(access(PUBLIC), name="dispatch")
class SignOutView(auth_views.LogoutView):
    next_page = "/"


@method_decorator(access(PUBLIC), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_sent")


@method_decorator(access(PUBLIC), name="dispatch")
class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


@method_decorator(access(PUBLIC), name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False


@method_decorator(access(PUBLIC), name="dispatch")
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@access(PUBLIC)
def sign_up(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_sign_up(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                full_name=form.cleaned_data["full_name"],
            )
        except services.AccountError as problem:
            form.add_error(problem.field, str(problem))
        else:
            login(request, user, backend="commoncause.accounts.backends.EmailBackend")
            services.email_verification_send(user=user, base_url=request.build_absolute_uri("/"))
            messages.success(
                request, "Your account is ready. We have emailed you a link to confirm your address."
            )
            return redirect(_next_page(request) or "accounts:account")
    return render(request, "accounts/sign_up.html", {"form": form, "next": _next_page(request)})


def _next_page(request: HttpRequest) -> str:
    """Where to go after signing up, if the link said and it is on this site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=False)
    return wanted if safe else ""


@access(SIGNED_IN)
def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "accounts/account.html", _account_context(request, ApiTokenForm()))


def _account_context(
    request: AuthenticatedHttpRequest, form: ApiTokenForm, secret: str | None = None
) -> dict[str, object]:
    return {
        "tokens": selectors.api_tokens_of(request.user),
        "sections": ACCOUNT_PAGE.render(request, request.user, {}),
        "staff_roles": request.user.staff_roles.select_related("council"),
        "email_verified": bool(services.verified_domain(request.user)),
        "form": form,
        "secret": secret,
    }


@access(SIGNED_IN)
@require_POST
def api_token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    secret = None
    if form.is_valid():
        try:
            _token, secret = services.api_token_create(
                user=request.user, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"]
            )
        except services.AccountError as problem:
            form.add_error(problem.field, str(problem))
    context = _account_context(request, form, secret)
    return render(request, "accounts/account.html", context, status=200 if secret else 400)


@access(SIGNED_IN, object_level=True)
@require_POST
def api_token_revoke(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    try:
        token = services.api_token_revoke(user=request.user, token_id=token_id)
    except services.AccountError:
        return render(request, "404.html", status=404)
    messages.success(request, f"The token “{token.name}” no longer works.")
    return redirect("accounts:account")


@access(CURATOR, ADMIN)
def audit_log(request: HttpRequest) -> HttpResponse:
    entries = selectors.audit_entries(
        target_type=request.GET.get("type", ""),
        target_id=request.GET.get("id", ""),
        actor=request.GET.get("actor", ""),
    )
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    pagination = pagination_links(request.GET, page=page.number, pages=page.paginator.num_pages)
    return render(request, "accounts/audit_log.html", {"page": page, "pagination": pagination})


@access(PUBLIC)
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = services.email_verify(token=token)
    except services.AccountError as problem:
        return render(request, "accounts/verify_email.html", {"problem": str(problem)}, status=400)
    return render(request, "accounts/verify_email.html", {"email": user.email})


@access(SIGNED_IN)
@require_POST
def verify_email_send(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.email_verification_send(user=request.user, base_url=request.build_absolute_uri("/"))
    messages.success(request, f"We have emailed a new link to {request.user.email}.")
    return redirect("accounts:account")


@access(SIGNED_IN)
def my_data(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Everything held about the person signed in, as a JSON download."""
    response = JsonResponse(selectors.data_held_about(request.user), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="common-cause-my-data.json"'
    return response


@access(SIGNED_IN)
def erase(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Delete the person's account and erase what is held about them, after they confirm."""
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            erasure.person_erase(user=request.user, password=form.cleaned_data["password"])
        except services.AccountError as problem:
            form.add_error(problem.field, str(problem))
        else:
            logout(request)
            messages.success(request, "Your account has been deleted and your personal data erased.")
            return redirect("register:home")
    return render(request, "accounts/erase.html", {"form": form}, status=400 if form.errors else 200)
