"""Hostile text stored through every form and API write comes back escaped on every page that shows it.

Each write route has a walk: it stores markup (and a `javascript:` address where a field takes one)
through the route as the person who may use it, then reads the pages that show what was stored. Every
such page must show the text escaped and never raw. The write routes are found from the URL
configuration (every view that reads a POST) and from the API's OpenAPI description (every POST, PUT,
PATCH and DELETE), so a new write route fails `test_every_write_route_is_walked` until it has a walk
here, or a line in `STORES_NOTHING_SHOWN` saying why it needs none. The CSV downloads and grants (from
files, not forms) are in test_csv_downloads.py; the payloads and the check are in hostile.py.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from commoncause.accounts.tests.cast import PASSWORD, council
from commoncause.linkage.models import LinkCandidate
from commoncause.members.models import GroupProposal, Membership, ProfileEdit
from commoncause.register.models import Organisation
from commoncause.register.search.index import index_refresh
from commoncause.relationships.models import Contact
from commoncause.services.models import ServiceEdit
from commoncause.sources.import_requests import import_request_run
from commoncause.sources.models import ImportRequest
from config.api import api
from tests.security.hostile import (
    HOSTILE,
    ORG,
    SPACED,
    World,
    assert_escaped,
    group_added,
    group_values,
    statement,
)
from tests.security.walks_engagement import ENGAGEMENT_WALKS
from tests.security.walks_funding import FUNDING_STORES_NOTHING_SHOWN, FUNDING_WALKS
from tests.security.walks_health import HEALTH_STORES_NOTHING_SHOWN, HEALTH_WALKS
from tests.security.walks_matching import MATCHING_WALKS
from tests.security.walks_outcomes import OUTCOMES_STORES_NOTHING_SHOWN, OUTCOMES_WALKS, walk_return_reach
from tests.security.walks_who_to_call import WHO_TO_CALL_WALKS

pytestmark = pytest.mark.django_db


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
    typed = {**statement(), "areas_served_add": HOSTILE}  # no area: the form comes back with it kept
    world.post("member", f"/organisations/{ORG}/edit/", typed, expect=400)
    world.see_response()
    world.post("member", f"/organisations/{ORG}/edit/", statement())
    _statement_approved(world)


def walk_statement_api(world: World) -> None:
    response = world.client("member").post(
        f"/api/v1/organisations/{ORG}/statement", statement(), content_type="application/json"
    )
    assert response.status_code == 202, response.content
    _statement_approved(world)


def walk_statement_decision(world: World) -> None:
    world.post("member", f"/organisations/{ORG}/edit/", statement("A plain statement"))
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


def walk_group_new(world: World) -> None:
    world.post("asker", "/groups/new/", group_values(HOSTILE))
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
    assert_escaped(flyout, HOSTILE, "the reconciliation flyout")
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
    group = group_added(world, "Larch Street Lunch Club")
    world.post("curator", f"/organisations/{group.pk}/link/", {"target": ORG, "reason": HOSTILE})
    world.see("curator", f"/organisations/{ORG}/")


def walk_duplicate_decision(world: World) -> None:
    group = group_added(world, "Larch Street Lunch Club")
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


def walk_import_upload(world: World) -> None:
    # The file's name, and what the import said of it, are shown back: once imported, once failed.
    files = ((b"name\nLarch Street Lunch Club\n", "done"), (b"nothing,useful\n1,2\n", "failed"))
    for content, ended in files:
        upload = SimpleUploadedFile(f"{SPACED}.csv", content)
        world.post("curator", "/imports/new/", {"kind": "csv", "file": upload})
        request = ImportRequest.objects.latest("id")
        import_request_run(request.pk)
        request.refresh_from_db()
        assert (request.status, SPACED in request.message) == (ended, True), request.message
        world.see("curator", f"/imports/requests/{request.pk}/", SPACED)
    world.see("curator", "/imports/", SPACED)


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


def _service(text: str, **change: str) -> dict[str, Any]:
    return {
        "name": text, "description": text, "status": "active", "categories": "older", "fees": text,
        "place_name": text, "address_1": text, "city": text, "postcode": "BT1 5GS", "accessibility": text,
        "days": "MO", "opens_at": "10:00", "closes_at": "12:00", "when": text, "phone": "028 9031 1000",
        "contact_title": text, "languages": text, "url": "https://charity.example/lunch", **change,
    }  # fmt: skip


def _service_approved(world: World) -> str:
    """Approve the waiting service: then everyone sees it on its page, the finder and its organisation's."""
    edit = ServiceEdit.objects.get(status="pending")
    world.see("curator", "/curation/services/")
    world.post("curator", f"/curation/services/{edit.pk}/", {"decision": "approve"})
    for page in (f"/services/{edit.service_id}/", "/services/?q=alert", f"/organisations/{ORG}/"):
        world.see("anonymous", page)
    world.see("member", f"/services/{edit.service_id}/edit/")  # the form, filled with the service
    return str(edit.service_id)


def walk_service_new(world: World) -> None:
    # A `javascript:` address is refused as a web page: the form comes back with it, escaped.
    world.post(
        "member",
        f"/organisations/{ORG}/services/new/",
        _service(HOSTILE, url=f"javascript:{SPACED}"),
        expect=400,
    )
    world.see_response()
    world.post("member", f"/organisations/{ORG}/services/new/", _service(HOSTILE))
    world.see("member", f"/organisations/{ORG}/")  # its author sees it waiting
    _service_approved(world)


def walk_service_edit(world: World) -> None:
    world.post("member", f"/organisations/{ORG}/services/new/", _service("Lunch club"))
    service_id = ServiceEdit.objects.get().service_id
    world.post("curator", f"/curation/services/{ServiceEdit.objects.get().pk}/", {"decision": "approve"})
    world.post("member", f"/services/{service_id}/edit/", _service(HOSTILE))
    _service_approved(world)


def walk_service_decision(world: World) -> None:
    world.post("member", f"/organisations/{ORG}/services/new/", _service("Lunch club"))
    edit = ServiceEdit.objects.get()
    world.post("curator", f"/curation/services/{edit.pk}/", {"decision": "return", "reason": HOSTILE})
    world.see("curator", "/accounts/audit/")  # its author hears the reason by email, as plain text


def walk_plain_english(world: World) -> None:
    # Stores nothing, but shows the text sent straight back: in the box, and marked inside a long sentence.
    words = " ".join(["word"] * 30)
    world.post("anonymous", "/plain-english/", {"text": f"We utilise {HOSTILE} and {words}."}, expect=200)
    world.see_response()


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
    "imports/new/": walk_import_upload,
    "curation/duplicates/<int:candidate_id>/": walk_duplicate_decision,
    "accounts/sign-up/": walk_sign_up,
    "accounts/tokens/": walk_token,
    "accounts/invitations/": walk_staff_invite,
    "accounts/councils/": walk_council_new,
    "accounts/councils/<int:council_id>/": walk_council_edit,
    "organisations/<str:org_id>/services/new/": walk_service_new,
    "services/<uuid:service_id>/edit/": walk_service_edit,
    "curation/services/<int:edit_id>/": walk_service_decision,
    "plain-english/": walk_plain_english,
    **MATCHING_WALKS,
    **HEALTH_WALKS,
    **ENGAGEMENT_WALKS,
    **WHO_TO_CALL_WALKS,
    **FUNDING_WALKS,
    **OUTCOMES_WALKS,
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
    "exchange/offers/<int:offer_id>/close/": "no text: closes the offer in the address",
    "engagement/<int:engagement_id>/done/": "no text: marks the entry in the address done",
    "who-to-call/council-contacts/<int:contact_id>/remove/": "no text: removes the contact in the address",
    "glossary/terms/<int:term_id>/remove/": "no text: removes the term in the address",
    "organisations/<str:org_id>/contacts/<int:contact_id>/confirm/": "no text: dates the contact",
    "reconcile": "answers OpenRefine's queries (POST as well as GET); stores nothing",
    "api POST /api/v1/match": "ranks the register for the need sent; stores nothing",
    "api POST /api/v1/plain-english": "checks the text sent and answers in JSON; stores nothing",
    **HEALTH_STORES_NOTHING_SHOWN,
    **FUNDING_STORES_NOTHING_SHOWN,
    **OUTCOMES_STORES_NOTHING_SHOWN,
}


@pytest.mark.parametrize("route", sorted(WALKS))
def test_stored_markup_is_escaped_on_every_page_that_shows_it(world: World, route: str) -> None:
    WALKS[route](world)
    assert world.seen, "a walk reads at least one page"


def test_a_returns_reach_typed_as_markup_is_shown_back_escaped(world: World) -> None:
    """A return's route has its walk (commissioning's); the reach it now asks for is walked here."""
    walk_return_reach(world)
    assert world.seen


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
