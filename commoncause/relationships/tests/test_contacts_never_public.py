"""No public page and no anonymous API answer contains a contact's name, email or phone.

Every route anyone may use without signing in is walked (found from the URL configuration and the
API's routers, so a new public route is covered without changing this test).
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from commoncause.accounts.access import access_rule
from commoncause.accounts.models import Council
from commoncause.accounts.roles import PUBLIC
from commoncause.accounts.tests.cast import council, person
from commoncause.funding.models import Award, Bid, BidStatus, Lot, Opportunity, OpportunityStatus
from commoncause.funding.opendata.grants_out import award_grant_publish
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
    # A contract the cast's council awarded the organisation, and a grant round's award to it (below).
    "opportunity_id": "00000000-0000-0000-0000-000000000020",
    "award_id": "00000000-0000-0000-0000-000000000030",
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


def _awarded(opportunity, organisation, **award):
    """A successful bid of the organisation's for the opportunity, and its award."""
    bid = Bid.objects.create(
        opportunity=opportunity, lead=organisation, status=BidStatus.SUCCESSFUL, price=opportunity.value,
        submitted_at=timezone.now(), decision_reasons="The strongest bid on quality and reach.",
    )  # fmt: skip
    return Award.objects.create(
        bid=bid, opportunity=opportunity, organisation=organisation, amount=opportunity.value,
        award_date=dt.date(2026, 3, 2), starts=dt.date(2026, 4, 1), ends=dt.date(2029, 3, 31),
        reasons="The strongest bid on quality and reach.", **award,
    )  # fmt: skip


def _commissioning(organisation):
    """A contract of the cast's council (Belfast) awarded to the organisation, shown in the OCDS
    download, and a grant round's award to it published as a 360Giving grant; returns the grant's id."""
    Council.objects.filter(pk=council().pk).update(org_id="GB-LANI-BELFAST")
    made = {
        "council": council(), "route_reason": "A defined service, bought for three years.",
        "summary": "Support for people affected by cancer.", "specification": "Counselling and groups.",
        "value": Decimal("90000.00"), "duration_months": 36, "status": OpportunityStatus.AWARDED,
        "criteria": [{"name": "Quality", "weight": 100, "guidance": "How well it meets the need."}],
        "published_at": timezone.now(),
    }  # fmt: skip
    contract = Opportunity.objects.create(
        pk=FILL["opportunity_id"], kind="contract", route="procurement", title="Cancer support", **made
    )
    Lot.objects.create(opportunity=contract, number=1, title="North Belfast", value=contract.value)
    _awarded(contract, organisation)
    grants = Opportunity.objects.create(kind="grant", route="strategic", title="Small grants", **made)
    return award_grant_publish(_awarded(grants, organisation, pk=FILL["award_id"])).grant_id


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
    grant_id = _commissioning(charity)

    paths = [_fill(route) for route in _public_pages() + _public_api()]
    paths += ["/search/?q=cancer", "/api/v1/organisations?q=cancer"]
    paths += [
        "/search/organisations.csv?q=cancer",
        "/api/v1/organisations?q=cancer&format=csv",
        "/grants.csv",
        f"/grants/{grant_id}/",
    ]
    assert f"/organisations/{ORG}/" in paths
    assert f"/api/v1/organisations/{ORG}" in paths
    assert f"/services/{FILL['service_id']}/" in paths
    assert f"/needs/{FILL['need_id']}/" in paths
    assert f"/oruk/services/{FILL['service_id']}" in paths
    commissioning = {
        f"/opportunities/{FILL['opportunity_id']}/", f"/awards/{FILL['award_id']}/", f"/grants/{grant_id}/",
        "/grants/360giving.json", "/grants/360giving.xlsx", "/contracts/ocds.json",
    }  # fmt: skip
    assert commissioning <= set(paths)
    for path in paths:
        response = Client().get(path)
        assert response.status_code < 500, path
        if path in commissioning:
            assert response.status_code == 200, path  # there to be read, not refused
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
