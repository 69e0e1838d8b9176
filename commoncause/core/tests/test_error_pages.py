"""With DEBUG off, a missing page, a refusal, a bad request and a fault all show the service's own pages.

The fault page must render when little else works: no request context, no database, no URL configuration.
"""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import include, path
from django.views.defaults import server_error

SERVICE_HEADER = '<span class="cc-logotype">Common Cause</span>'


def fault(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a fault in a page")


def refusal(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def bad_request(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("a request no page can answer")


# The service's own pages, and three that fail, for the tests below (ROOT_URLCONF=__name__).
urlpatterns = [
    path("", include("config.urls")),
    path("test-errors/fault/", fault),
    path("test-errors/refusal/", refusal),
    path("test-errors/bad-request/", bad_request),
]
# No page at all: as it is when the URL configuration itself is broken.
NO_PAGES = "commoncause.core.tests.no_pages"


def _h1(html: str) -> str:
    return html[html.index("<h1") : html.index("</h1>") + 5]


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_missing_page_is_the_services_own_page_not_found(client: Client) -> None:
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<title>Page not found – Common Cause</title>" in html
    assert _h1(html) == '<h1 class="govuk-heading-l">Page not found</h1>'
    assert SERVICE_HEADER in html
    assert 'href="/search/"' in html


@pytest.mark.django_db
@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_a_refusal_is_the_services_own_page(client: Client) -> None:
    response = client.get("/test-errors/refusal/")
    html = response.content.decode()
    assert response.status_code == 403
    assert _h1(html) == '<h1 class="govuk-heading-l">You do not have access to this page</h1>'
    assert SERVICE_HEADER in html


@pytest.mark.django_db
@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_a_bad_request_is_the_services_own_page(client: Client) -> None:
    response = client.get("/test-errors/bad-request/")
    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Sorry, there is a problem with the request – Common Cause</title>" in html
    assert _h1(html) == '<h1 class="govuk-heading-l">Sorry, there is a problem with the request</h1>'
    assert SERVICE_HEADER in html


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_request_for_a_host_the_service_does_not_serve_gets_its_own_page(client: Client) -> None:
    response = client.get("/", HTTP_HOST="not-this-service.example")
    assert response.status_code == 400
    assert "Sorry, there is a problem with the request" in response.content.decode()


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_a_fault_is_the_services_own_page(client: Client) -> None:
    client.raise_request_exception = False
    response = client.get("/test-errors/fault/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "<title>Sorry, there is a problem with the service – Common Cause</title>" in html
    assert _h1(html) == '<h1 class="govuk-heading-l">Sorry, there is a problem with the service</h1>'
    assert SERVICE_HEADER in html


@override_settings(DEBUG=False, ROOT_URLCONF=NO_PAGES)
def test_the_fault_page_needs_no_context_database_or_urls() -> None:
    # No database (this test may not use it) and no URL to reverse, as when the fault is in either.
    response = server_error(RequestFactory().get("/organisations/GB-NIC-100002/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert _h1(html) == '<h1 class="govuk-heading-l">Sorry, there is a problem with the service</h1>'
    assert '<link rel="stylesheet" href="/static/vendor/govuk/govuk-frontend.min.css">' in html
    assert '<link rel="stylesheet" href="/static/core/commoncause.css">' in html
    assert '<a href="/" class="govuk-header__link govuk-header__link--homepage">' in html
    assert "<script" not in html  # an inline script would need the page's nonce, which it has not got
