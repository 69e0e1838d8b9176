"""Hostile text stored through every form and API write comes back escaped on every page that shows it.

Each write route has a walk: it stores markup (and a `javascript:` address where a field takes one)
through the route as the person who may use it, then names the pages that show what was stored. Every
such page must show the text escaped and never raw. The write routes are found from the URL
configuration (every view that reads a POST) and from the API's OpenAPI description (every POST, PUT,
PATCH and DELETE), so a new write route fails `test_every_write_route_is_walked` until it has a walk
here, or a line in `STORES_NOTHING_SHOWN` saying why it needs none. The CSV downloads get a formula.
"""

from __future__ import annotations

import csv
import functools
import inspect
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.html import escape

from commoncause.accounts.models import Council, VerifiedEmail
from commoncause.accounts.tests.cast import PASSWORD, council, person
from commoncause.funding.models import Grant
from commoncause.linkage.models import LinkCandidate
from commoncause.members.models import GroupProposal, Membership, ProfileEdit
from commoncause.register.models import Organisation
from commoncause.register.search.index import index_refresh
from commoncause.relationships.models import Contact
from commoncause.relationships.tests.samples import works_in_belfast
from config.api import api

pytestmark = pytest.mark.django_db

# Closing a textarea, breaking out of an attribute, a script and an event handler, with no spaces, so
# a page that splits text into words (the history's difference) still shows it whole.
HOSTILE = '<script>alert(1)</script>"><img/src=x/onerror=alert(2)></textarea><svg/onload=alert(3)>'
SHORT = "<script>alert(4)</script>"  # for fields of 40 characters or fewer
SPACED = '"><img src=x onerror=alert(5)>'
JS_URL = "javascript:alert(6)"
FORMULA = '=HYPERLINK("https://evil.example","Click")'
RAW_MARKUP = ("<script>alert", "<img/src=x", "<svg/onload", "<img src=x")
JS_LINK = re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
ORG = "GB-NIC-100002"


@dataclass
class World:
    """The cast (signed-in clients by role) and the real charity from the CCNI register sample."""

    charity: Organisation
    users: dict[str, User | None]
    on_commit: Callable[..., Any]  # pytest-django's django_capture_on_commit_callbacks: emails go then
    seen: list[str] = field(default_factory=list)
    answer: tuple[str, str] = ("", "")

    def client(self, who: str) -> Client:
        client = Client()
        user = self.users[who]
        if user is not None:
            client.force_login(user)
        return client

    def see(self, who: str, url: str, text: str = HOSTILE) -> None:
        """Read a page that shows what was stored: the text is there, escaped, and never raw."""
        response = self.client(who).get(url)
        assert response.status_code == 200, (url, who, response.status_code)
        _assert_escaped(response.content.decode(), text, f"{url} as {who}")
        self.seen.append(url)

    def see_email(self, text: str) -> None:
        """The one email sent is plain text (nothing for a mail reader to run), holding the text as typed."""
        (sent,) = mail.outbox
        assert text in sent.body
        assert not getattr(sent, "alternatives", None), "an HTML email would need the text escaped"
        self.seen.append(f"email: {sent.subject}")

    def post(self, who: str, url: str, data: dict[str, Any], *, expect: int = 302) -> None:
        response = self.client(who).post(url, data)
        assert response.status_code == expect, (url, response.status_code, response.content[:2000])
        self.answer = (url, response.content.decode())

    def see_response(self, text: str = HOSTILE) -> None:
        """The page the last post answered with (a form shown again) shows the text escaped."""
        url, html = self.answer
        _assert_escaped(html, text, f"the answer to {url}")
        self.seen.append(url)


@pytest.fixture
def world(
    charity: Organisation,
    member_of_charity: User,
    curator: User,
    officer: User,
    admin_user: User,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> World:
    works_in_belfast(charity)  # the officer's council covers it, so the officer sees its contacts
    asker = person("asker@elsewhere.example")
    VerifiedEmail.objects.create(user=asker, email=asker.email)  # so decisions are emailed to them
    users: dict[str, User | None] = {
        "anonymous": None,
        "member": member_of_charity,
        "asker": asker,
        "curator": curator,
        "officer": officer,
        "admin": admin_user,
    }
    return World(charity=charity, users=users, on_commit=django_capture_on_commit_callbacks)


def _statement(text: str = HOSTILE) -> dict[str, str]:
    return {
        "description": text,
        "offers": text,
        "who_it_helps": text,
        "areas_served": text,
        "public_email": f"info@charity.example{text}",
        "public_phone": SHORT,
        "website": JS_URL,
    }


def _statement_approved(world: World) -> None:
    """While it waits, its author and the curators see it; once approved, everyone, and its history."""
    world.see("member", f"/organisations/{ORG}/")
    world.see("member", "/accounts/")
    world.see("curator", "/curation/edits/")
    world.post("curator", f"/curation/edits/{ProfileEdit.objects.get().pk}/", {"decision": "approve"})
    world.see("anonymous", f"/organisations/{ORG}/")
    world.see("anonymous", f"/organisations/{ORG}/history/")
    world.see("curator", f"/organisations/{ORG}/history/")
    world.see("member", f"/organisations/{ORG}/edit/")  # the form, filled with the statement as it stands


def walk_statement_form(world: World) -> None:
    world.post("member", f"/organisations/{ORG}/edit/", _statement())
    _statement_approved(world)


def walk_statement_api(world: World) -> None:
    response = world.client("member").post(
        f"/api/v1/organisations/{ORG}/statement", _statement(), content_type="application/json"
    )
    assert response.status_code == 202, response.content
    _statement_approved(world)


def walk_statement_decision(world: World) -> None:
    world.post("member", f"/organisations/{ORG}/edit/", _statement("A plain statement"))
    edit = ProfileEdit.objects.get()
    world.post("curator", f"/curation/edits/{edit.pk}/", {"decision": "return", "reason": HOSTILE})
    world.see("curator", "/accounts/audit/")  # its author hears the reason by email, as plain text


def walk_join(world: World) -> None:
    world.post("asker", f"/organisations/{ORG}/join/", {"message": HOSTILE})
    world.see("curator", "/curation/memberships/")


def walk_membership_decision(world: World) -> None:
    world.post("asker", f"/organisations/{ORG}/join/", {"message": "I volunteer there"})
    asking = Membership.objects.get(user=world.users["asker"])
    world.post("curator", f"/curation/memberships/{asking.pk}/", {"decision": "refuse", "reason": HOSTILE})
    world.see("asker", "/accounts/")


def walk_member_invite(world: World) -> None:
    # An address is checked as one, so markup in it is refused; the form shows it back, escaped.
    world.post("member", f"/organisations/{ORG}/invite/", {"email": f"x@charity.example{SPACED}"}, expect=400)
    world.see_response(SPACED)


def _group_values(name: str) -> dict[str, str]:
    return {"name": name, "postcode": "BT1 5GS", **_statement(), "public_email": "hello@group.example"}


def _group(world: World, name: str) -> Organisation:
    world.post("asker", "/groups/new/", _group_values(name))
    world.post(
        "curator", f"/curation/groups/{GroupProposal.objects.get(name=name).pk}/", {"decision": "approve"}
    )
    index_refresh()
    return Organisation.objects.get(name=name)


def walk_group_new(world: World) -> None:
    world.post("asker", "/groups/new/", _group_values(HOSTILE))
    world.see("curator", "/curation/groups/")
    world.post("curator", f"/curation/groups/{GroupProposal.objects.get().pk}/", {"decision": "approve"})
    index_refresh()
    group = Organisation.objects.get(name=HOSTILE)
    for page in (f"/organisations/{group.pk}/", f"/organisations/{group.pk}/history/", "/search/?q=alert"):
        world.see("anonymous", page)
    world.see("asker", "/accounts/")  # its proposer is its first member
    org_id = group.identifiers.get().org_id
    world.see("anonymous", f"/reconcile/preview?id={org_id}")  # OpenRefine's preview, an HTML fragment
    flyout = Client().get("/reconcile/flyout/entity", {"id": org_id}).json()["html"]
    _assert_escaped(flyout, HOSTILE, "the reconciliation flyout")
    LinkCandidate.objects.create(source=group, target=world.charity, points=6.0, found_by="the matcher")
    world.see("curator", "/curation/duplicates/")


def walk_group_decision(world: World) -> None:
    world.post("asker", "/groups/new/", {"name": "Larch Street Lunch Club", "postcode": "BT1 5GS"})
    proposal = GroupProposal.objects.get()
    with world.on_commit(execute=True):
        world.post("curator", f"/curation/groups/{proposal.pk}/", {"decision": "refuse", "reason": HOSTILE})
    world.see_email(HOSTILE)  # shown on no page: its proposer hears the reason by email


def _contact(text: str) -> dict[str, Any]:
    return {
        "name": text, "role": text, "email": "mo@charity.example", "phone": "028 9031 1000",
        "purpose": "partnership", "lawful_basis": "consent", "consent_confirmed": "on", "consent_note": text,
    }  # fmt: skip


def walk_contact_new(world: World) -> None:
    world.post("member", f"/organisations/{ORG}/contacts/new/", _contact(HOSTILE))
    world.see("member", f"/organisations/{ORG}/contacts/")
    world.see("curator", "/curation/contacts/")
    contact = Contact.objects.get()
    world.see("member", f"/organisations/{ORG}/contacts/{contact.pk}/")  # the form, filled
    world.post("curator", f"/curation/contacts/{contact.pk}/", {"decision": "approve"})
    world.see("officer", f"/organisations/{ORG}/contacts/")


def walk_contact_edit(world: World) -> None:
    world.post("curator", f"/organisations/{ORG}/contacts/new/", _contact("Mo Kinsella"))
    contact = Contact.objects.get()
    world.post("curator", f"/organisations/{ORG}/contacts/{contact.pk}/", _contact(HOSTILE))
    world.see("officer", f"/organisations/{ORG}/contacts/")


def walk_contact_decision(world: World) -> None:
    world.post("member", f"/organisations/{ORG}/contacts/new/", _contact("Mo Kinsella"))
    contact = Contact.objects.get()
    world.post("curator", f"/curation/contacts/{contact.pk}/", {"decision": "refuse", "reason": HOSTILE})
    world.see("member", f"/organisations/{ORG}/contacts/")


def walk_link(world: World) -> None:
    group = _group(world, "Larch Street Lunch Club")
    world.post("curator", f"/organisations/{group.pk}/link/", {"target": ORG, "reason": HOSTILE})
    world.see("curator", f"/organisations/{ORG}/")


def walk_duplicate_decision(world: World) -> None:
    group = _group(world, "Larch Street Lunch Club")
    candidate = LinkCandidate.objects.create(source=group, target=world.charity, points=6.0, found_by="x")
    world.post("curator", f"/curation/duplicates/{candidate.pk}/", {"decision": "refuse", "reason": HOSTILE})
    world.see("curator", "/curation/duplicates/?show=decided")


def walk_sign_up(world: World) -> None:
    values = {
        "full_name": HOSTILE,
        "email": "new@person.example",
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    world.post("anonymous", "/accounts/sign-up/", values)
    world.users["new"] = User.objects.get(email="new@person.example")
    world.see("new", "/accounts/")
    world.post("new", f"/organisations/{ORG}/join/", {"message": "Hello"})
    world.see("curator", "/curation/memberships/")


def walk_token(world: World) -> None:
    world.post("member", "/accounts/tokens/", {"name": HOSTILE, "scope": "read"}, expect=200)
    world.see("member", "/accounts/")


def walk_staff_invite(world: World) -> None:
    # As the member's invitation: an address with markup in it is refused and shown back escaped.
    world.post(
        "admin", "/accounts/invitations/", {"email": f"x@cvs.example{SPACED}", "role": "curator"}, expect=400
    )
    world.see_response(SPACED)


def walk_council_new(world: World) -> None:
    world.post("admin", "/accounts/councils/", {"name": HOSTILE, "area_codes": "N09000001"})
    world.see("admin", "/accounts/councils/")
    world.see("admin", "/accounts/invitations/")  # the councils to choose from


def walk_council_edit(world: World) -> None:
    world.post("admin", f"/accounts/councils/{council().pk}/", {"name": HOSTILE, "area_codes": "N09000003"})
    world.see("admin", "/accounts/councils/")
    world.see("admin", f"/accounts/councils/{council().pk}/")  # the form, filled
    world.see("officer", "/accounts/")


# Every write route (a page's pattern, or "api METHOD path") and the walk that stores through it.
WALKS: dict[str, Callable[[World], None]] = {
    "organisations/<str:org_id>/edit/": walk_statement_form,
    "api POST /api/v1/organisations/{key}/statement": walk_statement_api,
    "curation/edits/<int:edit_id>/": walk_statement_decision,
    "organisations/<str:org_id>/join/": walk_join,
    "curation/memberships/<int:membership_id>/": walk_membership_decision,
    "organisations/<str:org_id>/invite/": walk_member_invite,
    "groups/new/": walk_group_new,
    "curation/groups/<int:proposal_id>/": walk_group_decision,
    "organisations/<str:org_id>/contacts/new/": walk_contact_new,
    "organisations/<str:org_id>/contacts/<int:contact_id>/": walk_contact_edit,
    "curation/contacts/<int:contact_id>/": walk_contact_decision,
    "organisations/<str:org_id>/link/": walk_link,
    "curation/duplicates/<int:candidate_id>/": walk_duplicate_decision,
    "accounts/sign-up/": walk_sign_up,
    "accounts/tokens/": walk_token,
    "accounts/invitations/": walk_staff_invite,
    "accounts/councils/": walk_council_new,
    "accounts/councils/<int:council_id>/": walk_council_edit,
}
# Write routes that store no text of the writer's that a page shows again, and why.
STORES_NOTHING_SHOWN = {
    "accounts/sign-in/": "checks an address and password; stores nothing shown",
    "accounts/sign-out/": "ends the session",
    "accounts/password-reset/": "sends an email to an address already held; stores nothing",
    "accounts/password-reset/<uidb64>/<token>/": "stores a password hash, never shown",
    "accounts/erase/": "takes a password, erases the account",
    "accounts/verify/": "sends a link to the address already held",
    "accounts/tokens/<int:token_id>/revoke/": "no text: revokes the token in the address",
    "accounts/invitations/<str:token>/": "no text: accepts the invitation in the address",
    "invitations/<str:token>/": "no text: accepts the invitation in the address",
    "organisations/<str:org_id>/contacts/<int:contact_id>/remove/": "no text: removes the contact",
    "curation/links/<int:merge_id>/undo/": "no text: undoes the link",
    "curation/duplicates/<int:candidate_id>/split/": "no text: splits the pair",
    "curation/duplicates/<int:candidate_id>/reopen/": "no text: reopens the pair",
    "reconcile": "answers OpenRefine's queries (POST as well as GET); stores nothing",
}


def _assert_escaped(html: str, text: str, where: str) -> None:
    for raw in RAW_MARKUP:
        assert raw not in html, f"{where} shows {raw!r} raw"
    assert not JS_LINK.search(html), f"{where} links to a javascript: address"
    shown = [html[max(0, at - 60) : at + 60] for at in (m.start() for m in re.finditer("alert", html))]
    assert escape(text) in html, f"{where} does not show the stored text (escaped); alert( is in: {shown}"


@pytest.mark.parametrize("route", sorted(WALKS))
def test_stored_markup_is_escaped_on_every_page_that_shows_it(world: World, route: str) -> None:
    WALKS[route](world)
    assert world.seen, "a walk reads at least one page"


# --- finding every write route ----------------------------------------------------------------------------


def _patterns(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def _reads_post(function: Any, depth: int = 0) -> bool:
    """Whether a view (or a function of this project it calls, two calls deep) takes a POST."""
    while isinstance(function, functools.partial):
        function = function.func
    function = inspect.unwrap(function)
    if not inspect.isfunction(function) or not function.__module__.startswith("commoncause."):
        return False
    if "POST" in inspect.getsource(function):  # request.POST, method == "POST", @require_POST
        return True
    called = [function.__globals__.get(name) for name in function.__code__.co_names]
    return depth < 2 and any(_reads_post(other, depth + 1) for other in called if inspect.isfunction(other))


def page_write_routes() -> set[str]:
    found = set()
    for route, pattern in _patterns(get_resolver().url_patterns):
        if route.startswith("api/"):
            continue  # the API's operations are read from its description below
        view_class = getattr(pattern.callback, "view_class", None)
        if (view_class is not None and hasattr(view_class, "post")) or _reads_post(pattern.callback):
            found.add(route)
    return found


def api_write_routes() -> set[str]:
    paths = api.get_openapi_schema()["paths"]
    return {
        f"api {method.upper()} {path}"
        for path, operations in paths.items()
        for method in operations
        if method in {"post", "put", "patch", "delete"}
    }


def test_every_write_route_is_walked() -> None:
    found = page_write_routes() | api_write_routes()
    assert "groups/new/" in found  # the walk finds routes at all
    assert "api POST /api/v1/organisations/{key}/statement" in found
    covered = set(WALKS) | set(STORES_NOTHING_SHOWN)
    assert found - covered == set(), "add a walk to WALKS (or a line to STORES_NOTHING_SHOWN) for each"
    assert covered - found == set(), "remove walks of routes that no longer exist"
    assert not set(WALKS) & set(STORES_NOTHING_SHOWN)


# --- the CSV downloads --------------------------------------------------------------------------------------


def _cells(response: Any) -> list[str]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _formula(cell: str) -> bool:
    return cell.startswith(("=", "+", "-", "@", "\t", "\r")) and not re.fullmatch(r"-?\d+(\.\d+)?", cell)


def test_a_group_named_as_a_formula_downloads_as_text_in_the_search_csv(world: World) -> None:
    _group(world, FORMULA)
    cells = _cells(Client().get("/search/organisations.csv", {"q": "hyperlink"}))
    assert f"'{FORMULA}" in cells
    assert [cell for cell in cells if _formula(cell)] == []


def test_grants_from_a_hostile_file_download_as_text_in_the_grants_csv(world: World) -> None:
    for number, text in enumerate((FORMULA, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1+1")):
        Grant.objects.create(
            grant_id=f"360G-HOSTILE-{number}", title=text, description=text, currency="GBP",
            amount_awarded=10, award_date="2024-04-01", recipient=world.charity, recipient_name=text,
            funder_org_id="GB-CHC-1", funder_name=text,
        )  # fmt: skip
    cells = _cells(Client().get("/grants.csv"))
    assert f"'{FORMULA}" in cells
    assert [cell for cell in cells if _formula(cell)] == []


def test_grants_from_a_hostile_file_are_escaped_on_the_grant_and_organisation_pages(world: World) -> None:
    Grant.objects.create(
        grant_id="360G-HOSTILE-1", title=HOSTILE, description=HOSTILE, currency="GBP", amount_awarded=10,
        award_date="2024-04-01", recipient=world.charity, recipient_name=HOSTILE, funder_org_id="GB-CHC-1",
        funder_name=HOSTILE,
    )  # fmt: skip
    for url in ("/grants/360G-HOSTILE-1/", "/grants/", f"/organisations/{ORG}/"):
        _assert_escaped(Client().get(url).content.decode(), HOSTILE, url)


def test_a_council_named_with_markup_is_escaped_where_staff_choose_it(world: World) -> None:
    Council.objects.create(slug="hostile", name=HOSTILE, area_codes=["N09000001"])
    _assert_escaped(
        world.client("admin").get("/accounts/invitations/").content.decode(), HOSTILE, "invitations"
    )
