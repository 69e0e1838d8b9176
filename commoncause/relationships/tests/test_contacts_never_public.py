"""No public page and no anonymous API answer contains a contact's name, email or phone.

Every route anyone may use without signing in is walked (found from the URL configuration and the
API's routers, so a new public route is covered without changing this test).
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from commoncause.accounts.access import access_rule
from commoncause.accounts.roles import PUBLIC
from commoncause.accounts.tests.cast import person
from commoncause.matching.models import Approach, Need
from commoncause.relationships.services import contact_decide, contact_propose
from commoncause.relationships.tests.samples import ORG
from commoncause.services.models import Contact as ServiceContact
from commoncause.services.models import Service
from config.api import api

pytestmark = pytest.mark.django_db
SECRETS = ("Quinlan Ashdown", "q.ashdown@cancer-lifeline.example", "028 9066 4321")
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\{(\w+)\}")
FILL = {
    "org_id": ORG, "key": ORG, "uidb64": "MQ", "token": "not-a-token", "grant_id": "360G-NONE-1",
    "candidate_id": "1", "code": "E09000033", "table": "size", "ward": "E05013792", "theme": "health",
    # The Open Referral UK API's records (the profile's example ids; unknown here, so 404 in JSON).
    "service_id": "ac148810-d857-441c-9679-408f346de14b",
    "organization_id": "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610",
    "service_at_location_id": "e94c9f38-1e8f-4564-91d4-d53501ab1765",
    "taxonomy_id": "5c4d79d7-cc55-470e-9f1f-8cad074e4892",
    "taxonomy_term_id": "3f7b145d-84af-42d7-8fae-eaca714b02b2",
    "need_id": "00000000-0000-0000-0000-000000000010",  # an open need of the organisation's (below)
}  # fmt: skip


def _public_pages() -> list[str]:
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern.callback

    found = []
    for route, view in walk(get_resolver().url_patterns):
        rule = access_rule(view)
        if rule is not None and PUBLIC in rule.allowed:
            found.append(route)
    return found


def _public_api() -> list[str]:
    found = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                rules = [getattr(auth, "access_rule", None) for auth in operation.auth_callbacks]
                if "GET" in operation.methods and any(r and PUBLIC in r.allowed for r in rules):
                    found.append("api/v1" + prefix + path)
    return found


def _fill(route: str) -> str:
    return "/" + PARAMETER.sub(lambda m: FILL[m.group(1) or m.group(2)], route).lstrip("/")


def test_contacts_never_reach_the_public(client, member_of_charity, charity, curator):
    contact = contact_propose(
        user=member_of_charity,
        organisation=charity,
        values={
            "name": SECRETS[0], "role": "Chair", "email": SECRETS[1], "phone": SECRETS[2], "is_senior": True,
            "purpose": "leadership", "lawful_basis": "legitimate_interests",
        },
    )  # fmt: skip
    contact_decide(curator=curator, contact=contact, approve=True)
    # A service of the organisation whose point of contact is the same person: its pages and its Open
    # Referral answers give the contact's role, never the name, nor the assurer's own email.
    service = Service.objects.create(
        pk=FILL["service_id"], organisation=charity, name="Counselling", assurer_email=SECRETS[1]
    )
    ServiceContact.objects.create(service=service, name=SECRETS[0], title="Reception")
    # An open need the organisation posted, with an approach to it: its page names the organisation only.
    need = Need.objects.create(
        pk=FILL["need_id"], organisation=charity, title="Volunteers", description="Drivers", status="open"
    )
    Approach.objects.create(need=need, organisation=charity, status="contacted")

    paths = [_fill(route) for route in _public_pages() + _public_api()]
    paths += ["/search/?q=cancer", "/api/v1/organisations?q=cancer"]
    paths += [
        "/search/organisations.csv?q=cancer",
        "/api/v1/organisations?q=cancer&format=csv",
        "/grants.csv",
    ]
    assert f"/organisations/{ORG}/" in paths
    assert f"/api/v1/organisations/{ORG}" in paths
    assert f"/services/{FILL['service_id']}/" in paths
    assert f"/needs/{FILL['need_id']}/" in paths
    assert f"/oruk/services/{FILL['service_id']}" in paths
    for path in paths:
        response = Client().get(path)
        assert response.status_code < 500, path
        body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
        text = body.decode(errors="replace").lower()
        for secret in SECRETS:
            assert secret.lower() not in text, (path, secret)
    # Nor does searching for a contact's name find the organisation they work for.
    assert Client().get("/api/v1/organisations", {"q": SECRETS[0]}).json()["count"] == 0


def test_contacts_are_refused_to_the_public_and_to_people_with_no_part(client, member_of_charity, charity):
    contact_propose(
        user=member_of_charity,
        organisation=charity,
        values={"name": SECRETS[0], "email": SECRETS[1], "purpose": "partnership",
                "lawful_basis": "legitimate_interests"},
    )  # fmt: skip
    page, call = f"/organisations/{ORG}/contacts/", f"/api/v1/organisations/{ORG}/contacts"
    assert client.get(page).status_code == 302
    assert client.get(call).status_code == 401
    client.force_login(person("nosy@elsewhere.example"))
    assert client.get(page).status_code == 403
    refused = client.get(call)
    assert refused.status_code == 403
    assert SECRETS[0] not in refused.content.decode()
    client.force_login(member_of_charity)
    assert client.get(call).json()["items"][0]["name"] == SECRETS[0]
