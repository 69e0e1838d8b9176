"""The service navigation: which links each person sees, by their roles (every page's context)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest

from commoncause.accounts.roles import ADMIN, has_role, is_curator

EVERYONE = (("register:home", "Home"), ("register:search", "Search the register"))
CURATORS = (
    ("sources:import_run_list", "Import history"),
    ("members:membership_queue", "Membership requests"),
    ("members:group_queue", "New groups"),
    ("members:profile_edit_queue", "Changes to check"),
    ("relationships:contact_queue", "Contacts to check"),
    ("linkage:link_queue", "Possible duplicates"),
    ("accounts:audit_log", "Audit log"),
)
ADMINS = (("accounts:council_list", "Councils"), ("accounts:staff_invite_new", "Invite staff"))
SIGNED_IN = (("accounts:account", "Your account"),)
SIGNED_OUT = (("accounts:sign_in", "Sign in"),)


def navigation(request: HttpRequest) -> dict[str, object]:
    user: User | AnonymousUser = getattr(request, "user", None) or AnonymousUser()
    signed_in = user.is_authenticated
    links = [*EVERYONE]
    if signed_in and is_curator(user):
        links += CURATORS
    if signed_in and has_role(user, ADMIN):
        links += ADMINS
    links += SIGNED_IN if signed_in else SIGNED_OUT
    return {"navigation_links": links}
