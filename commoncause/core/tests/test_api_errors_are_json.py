"""With DEBUG off, the API (/api/) and the reconciliation service (/reconcile) answer every error in
JSON, even those Django answers before any view runs; pages keep the service's own HTML pages."""

import json
from typing import Any

import pytest
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import include, path

from config.urls import handler400, handler404, handler500  # noqa: F401 (this URL configuration's)


def fault(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a fault in the API")


# The service, and an API address that fails, for the tests below (ROOT_URLCONF=__name__).
urlpatterns = [
    path("api/v1/test-errors/fault", fault),
    path("reconcile/test-errors/fault", fault),
    path("", include("config.urls")),
]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_debug_off")]


@pytest.fixture
def _debug_off(settings) -> None:
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["commoncause.example"]


def _json(response: Any) -> dict:  # noqa: ANN401 (a test client's response or a view's)
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


@pytest.mark.parametrize(
    "url", ["/api/v1/organisations", "/api/v1/no-such-operation", "/api/v1/openapi.json"]
)
def test_an_api_request_for_a_host_the_service_does_not_serve_gets_a_json_400(
    client: Client, url: str
) -> None:
    response = client.get(url, HTTP_HOST="not-this-service.example")
    assert response.status_code == 400
    assert _json(response) == {"detail": "Bad request."}


def test_a_reconciliation_request_for_another_host_gets_a_json_400_in_its_own_shape(client: Client) -> None:
    response = client.get("/reconcile", HTTP_HOST="not-this-service.example")
    assert response.status_code == 400
    assert _json(response) == {"status": "error", "message": "bad request"}
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_page_for_another_host_is_still_the_services_own_page(client: Client) -> None:
    response = client.get("/search/", HTTP_HOST="not-this-service.example")
    assert response.status_code == 400
    assert "Sorry, there is a problem with the request" in response.content.decode()


def test_an_unknown_api_address_answers_404_in_json(client: Client) -> None:
    response = client.get("/api/v1/no-such-operation", HTTP_HOST="commoncause.example")
    assert response.status_code == 404
    assert _json(response) == {"detail": "Not found."}


def test_an_unknown_open_referral_address_answers_404_in_json_open_to_other_sites(client: Client) -> None:
    response = client.get("/oruk/no-such-endpoint", HTTP_HOST="commoncause.example")
    assert response.status_code == 404
    assert _json(response) == {"detail": "Not found."}
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_page_not_found_is_still_the_services_own_page(client: Client) -> None:
    response = client.get("/no-such-page/", HTTP_HOST="commoncause.example")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@override_settings(ROOT_URLCONF=__name__)
def test_a_fault_in_the_api_answers_500_in_json(client: Client) -> None:
    client.raise_request_exception = False
    response = client.get("/api/v1/test-errors/fault", HTTP_HOST="commoncause.example")
    assert response.status_code == 500
    assert _json(response) == {"detail": "Sorry, there is a problem with the service."}


@override_settings(ROOT_URLCONF=__name__)
def test_a_fault_in_the_reconciliation_service_answers_500_in_its_own_shape(client: Client) -> None:
    client.raise_request_exception = False
    response = client.get("/reconcile/test-errors/fault", HTTP_HOST="commoncause.example")
    assert response.status_code == 500
    assert _json(response) == {"status": "error", "message": "there is a problem with the service"}


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/v1/me", {"detail": "The request is over 2.5 MB."}),
        ("/reconcile", {"status": "error", "message": "the request is over 2.5 MB"}),
    ],
)
def test_a_request_too_big_read_outside_a_view_answers_413_in_json(url: str, body: dict) -> None:
    response = handler400(RequestFactory().post(url), RequestDataTooBig("too big"))
    assert response.status_code == 413
    assert _json(response) == body


def test_a_page_request_too_big_is_the_services_own_bad_request_page() -> None:
    response = handler400(RequestFactory().post("/search/"), RequestDataTooBig("too big"))
    assert response.status_code == 400
    assert "Sorry, there is a problem with the request" in response.content.decode()
