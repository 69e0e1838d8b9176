"""The service navigation: which links each person sees, by their roles (every page's context).

Curators see one link to their page, with how many items wait in all their queues together; the queues
themselves, the import history and the audit log are listed there (`accounts.curation_queues`).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest

from commoncause.accounts.curation_queues import total_waiting
from commoncause.accounts.roles import ADMIN, CURATOR, OFFICER, has_role, is_curator
from commoncause.relationships.who_to_call import may_ask

Link = tuple[str, str, int | None]  # URL name, label, how many items wait there (None: not a queue)
EVERYONE: tuple[Link, ...] = (
    ("register:home", "Home", None),
    ("register:search", "Search the register", None),
    ("services:service_find", "Find a service", None),
    ("funding:grant_list", "Grants", None),
    ("funding:opportunity_list", "Opportunities", None),
    ("places:council_list", "Places", None),
    ("plainenglish:check", "Plain English", None),
)
ADMINS: tuple[Link, ...] = (
    ("accounts:council_list", "Councils", None),
    ("accounts:staff_invite_new", "Invite staff", None),
)
SIGNED_IN: tuple[Link, ...] = (
    ("matching:need_list", "Needs and offers", None),
    ("accounts:account", "Your account", None),
)
SIGNED_OUT: tuple[Link, ...] = (("accounts:sign_in", "Sign in", None),)


def navigation(request: HttpRequest) -> dict[str, object]:
    user: User | AnonymousUser = getattr(request, "user", None) or AnonymousUser()
    signed_in = user.is_authenticated
    links = [*EVERYONE]
    if signed_in and (is_curator(user) or has_role(user, ADMIN)):
        links.append(("curation:home", "Curation", total_waiting()))
    if signed_in and has_role(user, OFFICER, CURATOR, ADMIN):
        links.append(("relationships:health_index", "Health checks", None))
        links.append(("relationships:engagement_list", "Engagement", None))
    if signed_in and has_role(user, OFFICER, ADMIN):
        links.append(("outcomes:dashboard", "Outcomes", None))
    if signed_in and may_ask(user):
        links.append(("relationships:who_to_call", "Who to call", None))
    if signed_in and has_role(user, ADMIN):
        links += ADMINS
    links += SIGNED_IN if signed_in else SIGNED_OUT
    return {"navigation_links": links}
