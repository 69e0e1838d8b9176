"""Every page and API operation, for every kind of person: allowed or refused, as the matrix says.

The routes are found by walking the URL configuration and the API's routers, so a new route fails
these tests until it declares who may use it (`@access` / `auth=api_access(...)`) and has its row here.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django.utils.html import escape
from ninja.operation import Operation

from commoncause.accounts.access import AuthenticatedHttpRequest, access_rule
from commoncause.accounts.api_access import ApiAccess
from commoncause.accounts.models import ApiToken, Council
from commoncause.accounts.services import api_token_create
from commoncause.accounts.tests.cast import council, person, staff
from commoncause.funding.models import Grant
from commoncause.funding.tests.monitoring_samples import award_made, officer_of, other_council
from commoncause.funding.tests.routes import funding_path
from commoncause.linkage.models import LinkCandidate, OrganisationMerge
from commoncause.matching.tests.routes import matching_path
from commoncause.members.models import GroupProposal, Membership, ProfileEdit
from commoncause.outcomes.funded import council_funded
from commoncause.outcomes.models import AlternativeCost, Indicator, Outcome, ProxyRate, Scenario
from commoncause.outcomes.tests.routes import NAMES as OUTCOMES_NAMES
from commoncause.outcomes.tests.routes import outcomes_path
from commoncause.places.models import Area
from commoncause.register.models import Organisation
from commoncause.register.selectors import organisation_by_identifier
from commoncause.register.tests.search_samples import DEMO
from commoncause.relationships.models import Contact
from commoncause.relationships.tests.health_routes import health_path
from commoncause.relationships.tests.routes import engagement_path, glossary_path, who_to_call_path
from commoncause.relationships.tests.samples import works_in_belfast
from commoncause.services.models import Service, ServiceAtLocation, ServiceEdit, TaxonomyTerm
from commoncause.services.tests.factories import EXAMPLE, community_counselling
from commoncause.sources.models import ImportRequest
from config.api import api

pytestmark = pytest.mark.django_db

PEOPLE = ("anonymous", "member_here", "member_elsewhere", "officer", "curator", "admin")
EVERYONE = frozenset(PEOPLE)
SIGNED_IN = EVERYONE - {"anonymous"}
CURATORS = frozenset({"curator", "admin"})
KEEPERS = frozenset({"member_here", "curator", "admin"})  # who keeps this organisation's record
CONTACT_READERS = KEEPERS | {"officer"}
NEED_KEEPERS = CURATORS | {"officer"}  # a need of the officer's council
ASKERS = NEED_KEEPERS | {"member_here"}  # who asks who to call: staff, and organisations' members
HEALTH_RUNNERS = CURATORS | {"officer"}  # the officer's council's health checks
HEALTH_READERS = HEALTH_RUNNERS | {"member_here"}  # a closed round: also the sector's respondents
HEALTH_ANSWERERS = frozenset({"officer", "member_here"})  # the council's officers and the sector's
KEEPS_OPPORTUNITY = frozenset({"officer", "admin"})  # the officer's council's opportunities, assessed
BIDDER = frozenset({"member_here"})  # the members of the organisation that bids
RECIPIENT_OR_KEEPER = BIDDER | KEEPS_OPPORTUNITY  # an award's monitoring
KEEPS_OUTCOMES = frozenset({"officer", "admin"})  # the officer's council's framework, values and scenarios
FUNDED_OUTCOMES = BIDDER | KEEPS_OUTCOMES  # an organisation's: its members, and its funder's officers
ORG = "GB-NIC-100002"

ORUK_ENDPOINTS = (
    "services", "services/<str:service_id>", "service_at_locations",
    "service_at_locations/<str:service_at_location_id>", "organizations",
    "organizations/<str:organization_id>", "taxonomies", "taxonomies/<str:taxonomy_id>", "taxonomy_terms",
    "taxonomy_terms/<str:taxonomy_term_id>",
)  # fmt: skip

# (method, route) -> who is allowed. Routes are Django's patterns (pages) or "api <path>" (operations).
MATRIX: dict[tuple[str, str], frozenset[str]] = {
    ("GET", ""): EVERYONE,
    ("GET", "search/"): EVERYONE,
    ("GET", "search/organisations.csv"): EVERYONE,
    ("GET", "organisations/<str:org_id>/"): EVERYONE,
    ("POST", "organisations/<str:org_id>/join/"): SIGNED_IN,
    ("GET", "organisations/<str:org_id>/edit/"): frozenset({"member_here", "curator", "admin"}),
    ("GET", "organisations/<str:org_id>/history/"): EVERYONE,
    ("GET", "curation/"): CURATORS,
    ("GET", "curation/edits/"): CURATORS,
    ("POST", "curation/edits/<int:edit_id>/"): CURATORS,
    ("GET", "groups/new/"): SIGNED_IN,
    ("GET", "areas/suggest/"): SIGNED_IN,
    ("GET", "areas/chosen/"): SIGNED_IN,
    ("GET", "curation/groups/"): CURATORS,
    ("POST", "curation/groups/<int:proposal_id>/"): CURATORS,
    ("GET", "curation/memberships/"): CURATORS,
    ("POST", "curation/memberships/<int:membership_id>/"): CURATORS,
    ("GET", "imports/"): CURATORS,
    ("GET", "imports/new/"): CURATORS,
    ("GET", "imports/requests/<int:request_id>/"): CURATORS,
    ("GET", "organisations/<str:org_id>/contacts/"): CONTACT_READERS,
    ("GET", "organisations/<str:org_id>/contacts/new/"): KEEPERS,
    ("GET", "organisations/<str:org_id>/contacts/<int:contact_id>/"): KEEPERS,
    ("POST", "organisations/<str:org_id>/contacts/<int:contact_id>/remove/"): KEEPERS,
    ("GET", "curation/contacts/"): CURATORS,
    ("GET", "engagement/"): NEED_KEEPERS,  # the officer's council's log
    ("GET", "engagement/new/"): NEED_KEEPERS,
    ("GET", "engagement/<int:engagement_id>/"): NEED_KEEPERS | {"member_here"},  # it names their organisation
    ("GET", "engagement/<int:engagement_id>/edit/"): NEED_KEEPERS,
    ("POST", "engagement/<int:engagement_id>/done/"): NEED_KEEPERS,
    ("GET", "glossary/<slug:council_slug>/"): NEED_KEEPERS,  # the officer's council's glossary
    ("POST", "glossary/terms/<int:term_id>/remove/"): NEED_KEEPERS,
    ("GET", "who-to-call/"): ASKERS,
    ("GET", "who-to-call/councils/<slug:council_slug>/"): NEED_KEEPERS,  # the officer's council's
    ("GET", "who-to-call/council-contacts/<int:contact_id>/"): NEED_KEEPERS,
    ("POST", "who-to-call/council-contacts/<int:contact_id>/remove/"): NEED_KEEPERS,
    ("GET", "who-to-call/council-contacts/<int:contact_id>/vcard/"): ASKERS,
    ("GET", "organisations/<str:org_id>/contacts/<int:contact_id>/vcard/"): KEEPERS,  # waiting: not officers
    ("POST", "organisations/<str:org_id>/contacts/<int:contact_id>/confirm/"): KEEPERS,
    ("POST", "curation/contacts/<int:contact_id>/"): CURATORS,
    ("POST", "accounts/erase/"): SIGNED_IN,
    ("GET", "organisations/<str:org_id>/link/"): CURATORS,
    ("GET", "grants/<path:grant_id>/"): EVERYONE,
    ("GET", "grants/"): EVERYONE,
    ("GET", "grants.csv"): EVERYONE,
    ("POST", "curation/links/<int:merge_id>/undo/"): CURATORS,
    ("GET", "curation/duplicates/"): CURATORS,
    ("GET", "reconcile"): EVERYONE,
    ("GET", "reconcile/suggest/entity"): EVERYONE,
    ("GET", "reconcile/suggest/type"): EVERYONE,
    ("GET", "reconcile/suggest/property"): EVERYONE,
    ("GET", "reconcile/extend/propose"): EVERYONE,
    ("GET", "reconcile/flyout/entity"): EVERYONE,
    ("GET", "reconcile/preview"): EVERYONE,
    ("POST", "curation/duplicates/<int:candidate_id>/"): CURATORS,
    ("POST", "curation/duplicates/<int:candidate_id>/split/"): CURATORS,
    ("POST", "curation/duplicates/<int:candidate_id>/reopen/"): CURATORS,
    ("GET", "accounts/invitations/"): frozenset({"admin"}),
    ("GET", "accounts/councils/"): frozenset({"admin"}),
    ("GET", "accounts/councils/<int:council_id>/"): frozenset({"admin"}),
    ("GET", "accounts/invitations/<str:token>/"): EVERYONE,  # the signed link is the permission
    ("GET", "organisations/<str:org_id>/invite/"): KEEPERS,
    ("GET", "invitations/<str:token>/"): EVERYONE,
    ("GET", "accounts/sign-in/"): EVERYONE,
    ("POST", "accounts/sign-out/"): EVERYONE,
    ("GET", "accounts/sign-up/"): EVERYONE,
    ("GET", "accounts/password-reset/"): EVERYONE,
    ("GET", "accounts/password-reset/sent/"): EVERYONE,
    ("GET", "accounts/password-reset/<uidb64>/<token>/"): EVERYONE,
    ("GET", "accounts/password-reset/done/"): EVERYONE,
    ("GET", "accounts/"): SIGNED_IN,
    ("GET", "accounts/my-data.json"): SIGNED_IN,
    ("POST", "accounts/verify/"): SIGNED_IN,
    ("GET", "accounts/verify/<str:token>/"): EVERYONE,
    ("POST", "accounts/tokens/"): SIGNED_IN,
    # Only the token's owner may revoke it; anyone else is told there is no such token.
    ("POST", "accounts/tokens/<int:token_id>/revoke/"): frozenset({"member_here"}),
    ("GET", "accounts/audit/"): CURATORS,
    ("GET", "places/"): EVERYONE,
    ("GET", "places/<str:code>/coverage/"): EVERYONE,
    ("GET", "places/<str:code>/coverage.csv"): EVERYONE,
    ("GET", "places/<str:code>/gaps.csv"): EVERYONE,
    ("GET", "places/<str:code>/duplication.csv"): EVERYONE,
    ("GET", "places/<str:code>/wards/<str:ward>/<str:theme>/"): EVERYONE,
    ("GET", "places/<str:code>/wards/<str:ward>/<str:theme>.csv"): EVERYONE,
    ("GET", "places/<str:code>/report/"): EVERYONE,
    ("GET", "places/<str:code>/report/<str:table>.csv"): EVERYONE,
    ("GET", "api/v1/openapi.json"): EVERYONE,
    ("GET", "api/v1/docs"): EVERYONE,
    ("GET", "api /organisations"): EVERYONE,
    ("GET", "api /organisations/{key}"): EVERYONE,
    ("GET", "api /me"): SIGNED_IN,
    ("GET", "api /grants"): EVERYONE,
    ("GET", "api /opportunities"): EVERYONE,  # published ones only
    ("GET", "api /opportunities/{opportunity_id}"): EVERYONE,
    ("GET", "api /areas"): EVERYONE,
    ("GET", "api /areas/{code}"): EVERYONE,
    ("GET", "api /areas/{code}/coverage"): EVERYONE,
    ("GET", "api /organisations/{key}/contacts"): CONTACT_READERS,
    ("GET", "api /organisations/{key}/statement"): EVERYONE,
    ("POST", "api /organisations/{key}/statement"): frozenset({"member_here", "curator", "admin"}),
    ("GET", "services/"): EVERYONE,
    ("GET", "services/<uuid:service_id>/"): EVERYONE,
    ("GET", "services/<uuid:service_id>/history/"): EVERYONE,
    ("GET", "services/<uuid:service_id>/edit/"): KEEPERS,
    ("GET", "organisations/<str:org_id>/services/new/"): KEEPERS,
    ("GET", "curation/services/"): CURATORS,
    ("POST", "curation/services/<int:edit_id>/"): CURATORS,
    ("POST", "api /match"): EVERYONE,  # computes an answer, stores nothing
    ("GET", "plain-english/"): EVERYONE,  # checks a text, stores nothing
    ("POST", "api /plain-english"): EVERYONE,  # checks a text, stores nothing
    ("GET", "needs/"): EVERYONE,
    ("GET", "needs/new/"): SIGNED_IN - {"member_elsewhere"},  # officers, curators, organisations' members
    ("GET", "needs/<uuid:need_id>/"): EVERYONE,  # an open need; its matches only for NEED_KEEPERS
    ("GET", "needs/<uuid:need_id>/edit/"): NEED_KEEPERS,
    ("POST", "needs/<uuid:need_id>/shortlist/"): NEED_KEEPERS,
    ("GET", "approaches/"): SIGNED_IN,
    ("POST", "approaches/<int:approach_id>/contact/"): NEED_KEEPERS,
    ("POST", "approaches/<int:approach_id>/answer/"): frozenset({"member_here"}),
    ("POST", "approaches/<int:approach_id>/outcome/"): NEED_KEEPERS,
    ("GET", "organisations/<str:org_id>/diagnostic/"): KEEPERS,
    ("GET", "organisations/<str:org_id>/diagnostic/<int:diagnostic_id>/"): KEEPERS,
    ("GET", "exchange/"): SIGNED_IN,
    ("GET", "exchange/offers/new/"): SIGNED_IN - {"member_elsewhere"},
    ("GET", "exchange/offers/<int:offer_id>/"): SIGNED_IN,
    ("POST", "exchange/offers/<int:offer_id>/close/"): KEEPERS,  # the offering organisation's
    ("POST", "exchange/bookings/<int:booking_id>/decide/"): KEEPERS,  # the offering organisation's
    ("GET", "opportunities/"): EVERYONE,
    ("GET", "opportunities/new/"): frozenset({"officer"}),  # an officer of a council: it is the council's
    ("GET", "opportunities/<uuid:opportunity_id>/"): EVERYONE,  # a published one; a draft is its keepers'
    ("GET", "opportunities/<uuid:opportunity_id>/edit/"): KEEPS_OPPORTUNITY,
    ("POST", "opportunities/<uuid:opportunity_id>/publish/"): KEEPS_OPPORTUNITY,
    ("POST", "opportunities/<uuid:opportunity_id>/close/"): KEEPS_OPPORTUNITY,
    ("POST", "opportunities/<uuid:opportunity_id>/withdraw/"): KEEPS_OPPORTUNITY,
    ("GET", "opportunities/<uuid:opportunity_id>/assessment/"): KEEPS_OPPORTUNITY,
    ("GET", "opportunities/<uuid:opportunity_id>/bids/new/"): BIDDER,  # members of an organisation
    ("GET", "opportunities/<uuid:opportunity_id>/consortia/"): SIGNED_IN,
    ("GET", "bids/"): SIGNED_IN,
    ("GET", "bids/<uuid:bid_id>/"): BIDDER,  # a draft: its organisations' members alone
    ("GET", "bids/<uuid:bid_id>/edit/"): BIDDER,
    ("POST", "bids/<uuid:bid_id>/submit/"): BIDDER,
    ("POST", "bids/<uuid:bid_id>/withdraw/"): BIDDER,
    ("GET", "bids/<uuid:bid_id>/partners/"): BIDDER,
    ("POST", "bids/<uuid:bid_id>/partners/<int:partner_id>/answer/"): BIDDER,  # the invited partner's
    ("POST", "bids/<uuid:bid_id>/documents/"): BIDDER,
    ("GET", "bids/<uuid:bid_id>/documents/<int:document_id>/"): BIDDER,
    ("POST", "bids/<uuid:bid_id>/documents/<int:document_id>/remove/"): BIDDER,
    ("GET", "bids/<uuid:bid_id>/full-cost/"): BIDDER,
    ("GET", "bids/<uuid:bid_id>/assess/"): KEEPS_OPPORTUNITY,  # a submitted bid
    ("GET", "bids/<uuid:bid_id>/moderate/"): KEEPS_OPPORTUNITY,
    ("GET", "bids/<uuid:bid_id>/decide/"): KEEPS_OPPORTUNITY,
    ("GET", "awards/<uuid:award_id>/"): EVERYONE,
    ("GET", "awards/<uuid:award_id>/change/"): KEEPS_OPPORTUNITY,
    ("GET", "awards/<uuid:award_id>/monitoring/"): RECIPIENT_OR_KEEPER,
    ("GET", "awards/<uuid:award_id>/returns/<int:return_id>/"): RECIPIENT_OR_KEEPER,
    ("GET", "returns/"): SIGNED_IN,
    ("GET", "grants/360giving.json"): EVERYONE,
    ("GET", "grants/360giving.xlsx"): EVERYONE,
    ("GET", "contracts/ocds.json"): EVERYONE,
    ("GET", "health-checks/"): SIGNED_IN,
    ("GET", "health-checks/<slug:council_slug>/"): HEALTH_RUNNERS,
    ("GET", "health-checks/<slug:council_slug>/new/"): HEALTH_RUNNERS,
    ("GET", "health-checks/<slug:council_slug>/statements/"): HEALTH_RUNNERS,
    ("GET", "health-checks/<slug:council_slug>/statements/new/"): HEALTH_RUNNERS,
    ("GET", "health-checks/rounds/<int:round_id>/"): HEALTH_RUNNERS,
    ("GET", "health-checks/rounds/<int:round_id>/edit/"): HEALTH_RUNNERS,
    ("GET", "health-checks/rounds/<int:round_id>/statements/"): HEALTH_RUNNERS,
    ("POST", "health-checks/rounds/<int:round_id>/status/"): HEALTH_RUNNERS,
    ("GET", "health-checks/rounds/<int:round_id>/answer/"): HEALTH_ANSWERERS,
    ("GET", "health-checks/rounds/<int:round_id>/results/"): HEALTH_READERS,
    ("GET", "health-checks/rounds/<int:round_id>/results/<str:table>.csv"): HEALTH_READERS,
    ("GET", "health-checks/rounds/<int:round_id>/actions/"): HEALTH_READERS,
    ("GET", "health-checks/rounds/<int:round_id>/actions/new/"): HEALTH_RUNNERS,
    ("GET", "health-checks/rounds/<int:round_id>/actions/<int:action_id>/"): HEALTH_RUNNERS,
    ("GET", "outcomes/"): KEEPS_OUTCOMES,
    ("GET", "outcomes/framework/"): KEEPS_OUTCOMES,
    ("GET", "outcomes/framework/new/"): KEEPS_OUTCOMES,
    ("GET", "outcomes/framework/<int:outcome_id>/"): KEEPS_OUTCOMES,
    ("GET", "outcomes/framework/<int:outcome_id>/indicators/new/"): KEEPS_OUTCOMES,
    ("GET", "outcomes/indicators/<int:indicator_id>/"): KEEPS_OUTCOMES,
    ("GET", "outcomes/values/"): KEEPS_OUTCOMES,
    ("POST", "outcomes/values/<str:kind>/<int:value_id>/remove/"): KEEPS_OUTCOMES,
    ("GET", "outcomes/scenarios/"): KEEPS_OUTCOMES,
    ("GET", "outcomes/scenarios/new/"): KEEPS_OUTCOMES,
    ("GET", "outcomes/scenarios/compare/"): KEEPS_OUTCOMES,
    ("GET", "outcomes/scenarios/<int:scenario_id>/"): KEEPS_OUTCOMES,
    ("GET", "outcomes/scenarios/<int:scenario_id>/edit/"): KEEPS_OUTCOMES,
    ("POST", "outcomes/scenarios/<int:scenario_id>/delete/"): KEEPS_OUTCOMES,
    ("GET", "organisations/<str:org_id>/outcomes/"): FUNDED_OUTCOMES,
    ("GET", "oruk/"): EVERYONE,
    ("GET", "oruk/openapi.json"): EVERYONE,
    # The Open Referral UK API: public, each endpoint with and without its trailing slash.
    **{("GET", f"oruk/{endpoint}{slash}"): EVERYONE for endpoint in ORUK_ENDPOINTS for slash in ("", "/")},
}
# Views of the API's own machinery (not operations): the document, its docs page, and the root.
API_MACHINERY = {"api/v1/openapi.json", "api/v1/docs", "api/v1/"}
POST_ONLY = {
    "accounts/sign-out/",
    "accounts/tokens/",
    "accounts/tokens/<int:token_id>/revoke/",
    "accounts/verify/",
    "organisations/<str:org_id>/join/",
    "curation/memberships/<int:membership_id>/",
    "curation/edits/<int:edit_id>/",
    "curation/services/<int:edit_id>/",
    "curation/groups/<int:proposal_id>/",
    "organisations/<str:org_id>/contacts/<int:contact_id>/remove/",
    "curation/contacts/<int:contact_id>/",
    "engagement/<int:engagement_id>/done/",
    "who-to-call/council-contacts/<int:contact_id>/remove/",
    "glossary/terms/<int:term_id>/remove/",
    "organisations/<str:org_id>/contacts/<int:contact_id>/confirm/",
    "accounts/erase/",
    "curation/links/<int:merge_id>/undo/",
    "curation/duplicates/<int:candidate_id>/",
    "curation/duplicates/<int:candidate_id>/split/",
    "curation/duplicates/<int:candidate_id>/reopen/",
    "needs/<uuid:need_id>/shortlist/",
    "opportunities/<uuid:opportunity_id>/publish/",
    "opportunities/<uuid:opportunity_id>/close/",
    "opportunities/<uuid:opportunity_id>/withdraw/",
    "bids/<uuid:bid_id>/submit/",
    "bids/<uuid:bid_id>/withdraw/",
    "bids/<uuid:bid_id>/partners/<int:partner_id>/answer/",
    "bids/<uuid:bid_id>/documents/",
    "bids/<uuid:bid_id>/documents/<int:document_id>/remove/",
    "approaches/<int:approach_id>/contact/",
    "approaches/<int:approach_id>/answer/",
    "approaches/<int:approach_id>/outcome/",
    "exchange/offers/<int:offer_id>/close/",
    "exchange/bookings/<int:booking_id>/decide/",
    "health-checks/rounds/<int:round_id>/status/",
    "outcomes/values/<str:kind>/<int:value_id>/remove/",
    "outcomes/scenarios/<int:scenario_id>/delete/",
}


View = TypeVar("View", covariant=True)


@dataclass(frozen=True)
class Route(Generic[View]):
    method: str
    route: str
    view: View  # a page's view function, or an API operation


def _patterns(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def page_routes() -> list[Route[Callable[..., Any]]]:
    routes = []
    for route, pattern in _patterns(get_resolver().url_patterns):
        if route.startswith("api/v1/") and route not in API_MACHINERY:
            continue  # an API operation: walked through the routers below
        if route == "api/v1/":
            continue  # django-ninja's root: answers 404 to everyone
        routes.append(Route("POST" if route in POST_ONLY else "GET", route, pattern.callback))
    return routes


def api_operations() -> list[Route[Operation]]:
    found = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    found.append(Route(method, f"api {prefix}{path}", operation))
    return found


def every_route() -> list[Route[object]]:
    return [*page_routes(), *api_operations()]


def test_every_route_declares_who_may_use_it():
    undeclared = [
        r.route for r in page_routes() if r.route not in API_MACHINERY and access_rule(r.view) is None
    ]
    unguarded = [
        r.route
        for r in api_operations()
        if not any(getattr(auth, "access_rule", None) for auth in r.view.auth_callbacks)
    ]
    assert undeclared == []
    assert unguarded == []


def test_every_route_is_in_the_matrix_and_the_matrix_has_no_stale_rows():
    walked = {(r.method, r.route) for r in every_route()}
    assert walked - set(MATRIX) == set(), "add a row to MATRIX for each new route"
    assert set(MATRIX) - walked == set(), "remove rows for routes that no longer exist"


def test_the_matrix_agrees_with_what_each_route_declares():
    for route in page_routes():
        if route.route in API_MACHINERY:
            continue
        declared = access_rule(route.view)
        assert declared is not None, route.route
        if "public" in declared.allowed:
            assert MATRIX[route.method, route.route] == EVERYONE, route.route


def _request_annotation(view: Callable[..., Any]) -> object:
    """How a view function (under its decorators) annotates its request."""
    return next(iter(inspect.signature(inspect.unwrap(view)).parameters.values())).annotation


def test_no_route_open_to_the_public_expects_a_signed_in_request():
    """`AuthenticatedHttpRequest` promises a `User`; only a rule without `public` keeps that promise."""
    signed_in_only = (AuthenticatedHttpRequest, AuthenticatedHttpRequest.__name__)
    public_pages = [
        route
        for route in page_routes()
        if not hasattr(route.view, "view_class")
        and (declared := access_rule(route.view)) is not None
        and "public" in declared.allowed
    ]
    public_operations = [
        route
        for route in api_operations()
        if any(
            isinstance(auth, ApiAccess) and "public" in auth.access_rule.allowed
            for auth in route.view.auth_callbacks
        )
    ]
    assert public_pages
    assert public_operations
    wrong = [route.route for route in public_pages if _request_annotation(route.view) in signed_in_only]
    wrong += [
        route.route
        for route in public_operations
        if _request_annotation(route.view.view_func) in signed_in_only
    ]
    assert wrong == []


@pytest.fixture
def cast() -> dict[str, User | None]:
    call_command("import_source", "ccni", str(DEMO / "ccni-charitydetails-sample.csv"), no_progress=True)
    member_here = person("member@charity.example")
    people = {
        "anonymous": None,
        "member_here": member_here,
        "member_elsewhere": person("member@other-charity.example"),
        "officer": staff("officer@council.example", "officer"),
        "curator": staff("curator@cvs.example", "curator"),
        "admin": staff("admin@service.example", "admin"),
    }
    api_token_create(user=member_here, name="spreadsheet")
    organisation = organisation_by_identifier(ORG)
    assert organisation is not None
    asking = person("asking@charity.example")
    Membership.objects.create(user=asking, organisation=organisation)
    Membership.objects.create(user=member_here, organisation=organisation, status="approved")
    ProfileEdit.objects.create(organisation=organisation, proposed_by=member_here, after={"website": "x"})
    GroupProposal.objects.create(proposed_by=asking, name="Larch Street Lunch Club", postcode="BT1 5GS")
    # The officer's council (Belfast) covers the organisation, so its checked contacts are theirs to see.
    works_in_belfast(organisation)
    linked = Organisation.objects.create(name="Larch Street Lunch Club", merged_into=organisation)
    OrganisationMerge.objects.create(source=linked, target=organisation, moved={})
    LinkCandidate.objects.create(source=linked, target=organisation, points=6.0, found_by="a funder's file")
    Grant.objects.create(
        grant_id="360G-TEST-1", title="Grant", currency="GBP", amount_awarded=10, award_date="2024-04-01",
        recipient=organisation, funder_org_id="GB-CHC-1", funder_name="A trust",
    )  # fmt: skip
    for name in ("Mo Kinsella", "Removable Person"):
        Contact.objects.create(
            organisation=organisation, name=name, email="x@charity.example", purpose="partnership",
            lawful_basis="legitimate_interests",
        )  # fmt: skip
    return people


def _path(route: str) -> str:
    token = ApiToken.objects.get(name="spreadsheet").pk
    path = route.removeprefix("api ")
    if route.startswith("api "):
        path = "api/v1" + path
    path = path.replace("<uidb64>/<token>", "MQ/set-password").replace("<str:token>", "not-a-real-token")
    asking = Membership.objects.get(user__email="asking@charity.example")
    path = path.replace("<int:membership_id>", str(asking.pk))
    if route.startswith("curation/services/"):
        path = path.replace("<int:edit_id>", str(_a_service_edit()))
    path = path.replace("<int:edit_id>", str(ProfileEdit.objects.get().pk))
    path = path.replace("<uuid:service_id>", str(_a_service_of_the_organisation()))
    path = path.replace("<path:grant_id>", "360G-TEST-1")
    path = path.replace("<int:council_id>", str(council().pk))
    path = path.replace("<int:merge_id>", str(OrganisationMerge.objects.get().pk))
    path = path.replace("<int:proposal_id>", str(GroupProposal.objects.get().pk))
    path = path.replace("<int:candidate_id>", str(LinkCandidate.objects.get().pk))
    if "<int:request_id>" in path:
        path = path.replace("<int:request_id>", str(_an_import_request()))
    path = who_to_call_path(path)
    path = glossary_path(path)
    # Removing a contact succeeds once: it gets a contact of its own, so the others still find theirs.
    doomed = "Removable Person" if route.endswith("remove/") else "Mo Kinsella"
    if "<int:contact_id>" in path:
        path = path.replace("<int:contact_id>", str(Contact.objects.get(name=doomed).pk))
    path = health_path(path)
    path = path.replace("{code}", _an_area())
    path = path.replace("<str:code>", _a_council()).replace("<str:table>", "size")
    path = path.replace("<str:ward>", _an_area()).replace("<str:theme>", "health")
    path = matching_path(path, ORG)
    path = engagement_path(path, ORG)
    path = outcomes_path(path, ORG)
    path = funding_path(path, ORG)
    path = path.replace("<str:org_id>", ORG).replace("{key}", ORG).replace("<int:token_id>", str(token))
    if route.startswith("oruk/"):
        path = _an_oruk_path(path)
    if route in ("reconcile/preview", "reconcile/flyout/entity"):
        path += f"?id={ORG}"  # these name the organisation in the query string
    return "/" + path.lstrip("/")


def _an_import_request() -> int:
    """A file a curator uploaded, waiting for the task worker."""
    request, _ = ImportRequest.objects.get_or_create(
        stored_as="0" * 32,
        defaults={"kind": "ccni", "file_name": "register.csv", "size": 10, "sha256": "0" * 64},
    )
    return request.pk


def _an_oruk_path(path: str) -> str:
    """The profile's example service, so the Open Referral UK API's pages for one record answer."""
    if not Service.objects.filter(pk=EXAMPLE["service"]).exists():
        community_counselling()
    sal = ServiceAtLocation.objects.get(service_id=EXAMPLE["service"])
    term = TaxonomyTerm.objects.get(pk=EXAMPLE["taxonomy_term"])
    path = path.replace("<str:service_id>", str(EXAMPLE["service"]))
    path = path.replace("<str:service_at_location_id>", str(sal.pk))
    path = path.replace("<str:organization_id>", str(EXAMPLE["organisation"]))
    return path.replace("<str:taxonomy_id>", str(term.taxonomy_id)).replace(
        "<str:taxonomy_term_id>", str(term.pk)
    )


def _a_service_of_the_organisation() -> uuid.UUID:
    """A service the organisation runs, so its page and its members' change page answer."""
    organisation = organisation_by_identifier(ORG)
    service, _ = Service.objects.get_or_create(
        pk=uuid.UUID(int=14), defaults={"organisation": organisation, "name": "Lunch club"}
    )
    return service.pk


def _a_service_edit() -> int:
    """A member's new service waiting for a curator (a decision without a reason is refused, not made)."""
    organisation = organisation_by_identifier(ORG)
    edit, _ = ServiceEdit.objects.get_or_create(
        organisation=organisation, service_id=uuid.UUID(int=15), defaults={"after": {"name": "Lunch club"}}
    )
    return edit.pk


def _an_area() -> str:
    """A ward of a council that exists, so an area's pages answer rather than 404."""
    ward, _ = Area.objects.get_or_create(
        code="E05013792",
        vintage="2025",
        defaults={"area_type": "ward", "name": "Abbey Road", "parent_code": _a_council()},
    )
    return ward.code


def _a_council() -> str:
    """A council that exists, so its pages answer rather than 404."""
    Area.objects.get_or_create(
        code="E09000033", vintage="2025", defaults={"area_type": "local_authority", "name": "Westminster"}
    )
    return "E09000033"


def _allowed(route: str, response) -> bool:
    if route.startswith("api ") or route.startswith("api/"):
        if response.status_code in (401, 403, 404):
            return False
        # Past the permission check: an answer, or the service's own rules (bad value, queue full), or
        # a body the operation's schema refuses (422).
        assert response.status_code in (200, 202, 400, 409, 422), (route, response.status_code)
        assert response["Content-Type"].startswith("application/json") or route == "api/v1/docs"
        return True
    if response.status_code == 302:
        return not response["Location"].startswith("/accounts/sign-in/")
    if response.status_code in (403, 404):
        return False
    assert response.status_code in (200, 400), (route, response.status_code)
    return True


@pytest.mark.parametrize("who", PEOPLE)
def test_each_route_allows_or_refuses_this_person_as_the_matrix_says(cast, who):
    results = {}
    for route in every_route():
        client = Client()
        if cast[who] is not None:
            client.force_login(cast[who])
        path = _path(route.route)
        if route.method == "POST" and route.route.startswith("api "):
            response = client.post(path, {"offers": f"From {who}"}, content_type="application/json")
        elif route.method == "POST":
            response = client.post(path, {"name": "x", "scope": "read"})
        else:
            response = client.get(path)
        results[route.method, route.route] = _allowed(route.route, response)
        # A revoked token cannot be revoked again: give the owner a fresh one for the next person.
        if route.route.endswith("revoke/") and results[route.method, route.route]:
            ApiToken.objects.filter(name="spreadsheet").update(revoked_at=None)
        if route.route == "organisations/<str:org_id>/contacts/<int:contact_id>/remove/":
            assert (
                Contact.objects.filter(name="Removable Person").exists() != results[route.method, route.route]
            )
    expected = {key: who in allowed for key, allowed in MATRIX.items()}
    wrong = {key: results[key] for key in expected if results.get(key) != expected[key]}
    assert wrong == {}, f"{who}: routes whose answer (True = allowed) differs from the matrix"


def test_anonymous_refusals_send_pages_to_sign_in_and_api_calls_get_401(client):
    page = client.get("/accounts/")
    assert page.status_code == 302
    assert page["Location"] == "/accounts/sign-in/?next=/accounts/"
    call = client.get("/api/v1/me")
    assert call.status_code == 401
    assert call.json() == {"detail": "Sign in or send an API token."}


def test_signed_in_people_without_the_role_get_403(client):
    client.force_login(person("someone@charity.example"))
    assert client.get("/accounts/audit/").status_code == 403
    assert client.get("/imports/").status_code == 403


# --- outcomes: each council's own, and an organisation's for its members and funders ---------------------

OUTCOMES_PEOPLE = (*PEOPLE, "officer_elsewhere")  # and an officer of another council (Derry and Strabane)


def outcomes_routes() -> list[Route[Callable[..., Any]]]:
    return [r for r in page_routes() if r.route.startswith("outcomes/") or r.route.endswith("/outcomes/")]


def _names_a_record(route: str) -> bool:
    """Whether the route names one of a council's records (an outcome, indicator, value or scenario)."""
    return "<int:" in route or "<str:kind>" in route


def _outcomes_answer(who: str, route: str) -> int:
    """What each person is answered: a council's officers (and administrators) use its pages; an officer
    of another council uses the same pages for their own council and finds none of this one's records;
    anyone else signed in is refused the pages (403) and finds no records (404). An organisation's page
    is its members' and its funders' officers', and not found for anyone else."""
    if route.startswith("organisations/"):
        return 200 if who in FUNDED_OUTCOMES else 404
    if who in KEEPS_OUTCOMES:
        return 302 if route in POST_ONLY else 200
    if who == "officer_elsewhere":
        return 404 if _names_a_record(route) else 200
    return 404 if _names_a_record(route) else 403


@pytest.fixture
def outcomes_cast(cast: dict[str, User | None]) -> dict[str, User | None]:
    return {**cast, "officer_elsewhere": officer_of(other_council(), "officer@derry-strabane.example")}


@pytest.mark.parametrize("who", OUTCOMES_PEOPLE)
def test_outcomes_answer_each_person_as_their_council_and_organisation_decide(outcomes_cast, who):
    client = Client()
    if (user := outcomes_cast[who]) is not None:
        client.force_login(user)
    routes = outcomes_routes()
    assert len(routes) == 15
    answers, shown = {}, {}
    for route in routes:
        path = _path(route.route)
        response = client.post(path) if route.route in POST_ONLY else client.get(path)
        if who == "anonymous":
            assert response.status_code == 302, path
            assert response["Location"] == f"/accounts/sign-in/?next={quote(path)}"
            continue
        answers[route.route] = response.status_code
        if response.status_code == 200 and route.route.startswith("outcomes/"):
            shown[route.route] = response.content.decode()
    if who == "anonymous":
        return
    assert answers == {route.route: _outcomes_answer(who, route.route) for route in routes}
    # The council pages show the person's own council: this council's records to its keepers alone.
    names = (*OUTCOMES_NAMES, council().name)
    seen = {name for html in shown.values() for name in names if escape(name) in html}
    if who == "officer_elsewhere":
        assert seen == set()
        assert all(other_council().name in html for html in shown.values())
    elif who in KEEPS_OUTCOMES:
        assert seen == {*OUTCOMES_NAMES, council().name}


def _kept_by(where: Council) -> dict[str, list[tuple[object, ...]]]:
    """A council's outcomes records as they stand."""
    return {
        "outcomes": sorted(Outcome.objects.filter(council=where).values_list("title", "description")),
        "indicators": sorted(Indicator.objects.filter(outcome__council=where).values_list("name", "source")),
        "rates": sorted(ProxyRate.objects.filter(council=where).values_list("name", "per_hour")),
        "costs": sorted(AlternativeCost.objects.filter(council=where).values_list("name", "source")),
        "scenarios": sorted(
            (found.name, found.notes, str(found.cuts)) for found in Scenario.objects.filter(council=where)
        ),
    }


def test_another_councils_officer_changes_none_of_this_councils_outcomes(outcomes_cast):
    """Every write names this council (in the address, or `council=` in the form): each is refused as not
    found, or lands in the officer's own council."""
    client = Client()
    client.force_login(outcomes_cast["officer_elsewhere"])
    filled = {route.route: _path(route.route) for route in outcomes_routes()}
    mine = council()
    award = next(key for key in council_funded(mine, timezone.localdate()).lines)
    cost = AlternativeCost.objects.get(council=mine)
    before = _kept_by(mine)
    assert all(before.values())
    ours = {"council": mine.slug}
    indicator = {"name": "Taken over", "unit": "people", "direction": "higher", "source": "Theirs"}
    writes = [
        ("outcomes/framework/", ours, 302),  # starts the officer's own council's framework
        ("outcomes/framework/new/", {**ours, "title": "Taken over"}, 302),  # added to their own
        ("outcomes/framework/<int:outcome_id>/", {**ours, "title": "Taken over"}, 404),
        ("outcomes/framework/<int:outcome_id>/", {**ours, "action": "delete"}, 404),
        ("outcomes/framework/<int:outcome_id>/indicators/new/", {**ours, **indicator}, 404),
        ("outcomes/indicators/<int:indicator_id>/", {**ours, **indicator}, 404),
        ("outcomes/indicators/<int:indicator_id>/", {**ours, "action": "delete"}, 404),
        ("outcomes/values/<str:kind>/<int:value_id>/remove/", ours, 404),
        ("outcomes/scenarios/<int:scenario_id>/edit/", {**ours, "name": "Taken over"}, 404),
        ("outcomes/scenarios/<int:scenario_id>/delete/", ours, 404),
    ]
    for route, data, expected in writes:
        assert client.post(filled[route], data).status_code == expected, (route, data)
    rate = {"form": "rate", "rate-name": "Taken over", "rate-per_hour": "20", "rate-source": "Theirs",
            "rate-year": "2025"}  # fmt: skip
    assert client.post("/outcomes/values/", {**ours, **rate}).status_code == 302
    assert client.post(f"/outcomes/values/costs/{cost.pk}/remove/", ours).status_code == 404
    cut = {**ours, "kind": "cut", "name": "Taken over", "decided_on": "2026-12-01", "closure_share": "25",
           f"line_{award.replace(':', '_')}": "100"}  # fmt: skip
    assert client.post("/outcomes/scenarios/new/", cut).status_code == 400  # their council funds none of it
    assert _kept_by(mine) == before
    theirs = _kept_by(other_council())
    assert ("Taken over", "") in theirs["outcomes"]
    assert [name for name, _ in theirs["rates"]] == ["Taken over"]
    assert theirs["scenarios"] == []


def test_an_organisations_outcomes_open_to_the_officers_of_each_council_that_funds_it(outcomes_cast):
    client = Client()
    client.force_login(outcomes_cast["officer_elsewhere"])
    page = f"/organisations/{ORG}/outcomes/"
    assert client.get(page).status_code == 404
    award_made(funder=other_council(), title="Befriending in Derry")
    assert client.get(page).status_code == 200
