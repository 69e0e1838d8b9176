"""`/oruk/…`: the Open Referral UK API. Every endpoint answers both with and without a trailing slash:
API clients write either, and a redirect would lose a CORS preflight (browsers do not follow them)."""

from __future__ import annotations

from django.urls import URLPattern, path

from commoncause.services.oruk import api
from commoncause.services.oruk.api import View

app_name = "oruk"


def _both(route: str, view: View, name: str) -> list[URLPattern]:
    """The route with and without its trailing slash (the first named, for reversing)."""
    return [path(route, view, name=name), path(f"{route}/", view)]


urlpatterns = [
    path("", api.api_details, name="api_details"),
    path("openapi.json", api.openapi, name="openapi"),
    *_both("services", api.services, "services"),
    *_both("services/<str:service_id>", api.service, "service"),
    *_both("service_at_locations", api.service_at_locations, "service_at_locations"),
    *_both(
        "service_at_locations/<str:service_at_location_id>", api.service_at_location, "service_at_location"
    ),
    *_both("organizations", api.organizations, "organizations"),
    *_both("organizations/<str:organization_id>", api.organization, "organization"),
    *_both("taxonomies", api.taxonomies, "taxonomies"),
    *_both("taxonomies/<str:taxonomy_id>", api.taxonomy, "taxonomy"),
    *_both("taxonomy_terms", api.taxonomy_terms, "taxonomy_terms"),
    *_both("taxonomy_terms/<str:taxonomy_term_id>", api.taxonomy_term, "taxonomy_term"),
]
