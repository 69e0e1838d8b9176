"""Every page carries the security headers and a content-security policy that allows only this site."""

import re

import pytest

pytestmark = pytest.mark.django_db

PAGES = ["/", "/search/", "/accounts/sign-in/", "/accounts/sign-up/", "/api/v1/docs"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_allow_only_this_sites_assets(client, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())

    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert not re.search(r"https?://|\*", policy), policy
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_one_inline_script_carries_the_pages_nonce(client):
    response = client.get("/")
    found = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert found, "the policy names a nonce"
    nonce = found.group(1)
    scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.content.decode())
    assert scripts, "the page has its js-enabled inline script"
    assert all(f'nonce="{nonce}"' in attributes for attributes in scripts)


def test_the_api_docs_page_loads_nothing_from_elsewhere(client):
    html = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in html
    assert not re.search(r"""(src|href)=["']https?://""", html)


def test_forms_are_protected_against_cross_site_posts(client, member):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    assert strict.post("/accounts/tokens/", {"name": "x", "scope": "read"}).status_code == 403
