"""An organisation's web domain, read from whatever its website field holds."""

import pytest

from commoncause.register.web_domains import website_domain


@pytest.mark.parametrize(
    ("website", "domain"),
    [
        ("https://www.Example.org/about", "example.org"),
        ("www.cancerlifeline.org.uk", "cancerlifeline.org.uk"),
        ("http://example.org:8080", "example.org"),
        ("", ""),
        ("  ", ""),
    ],
)
def test_a_website_gives_its_domain(website: str, domain: str) -> None:
    assert website_domain(website) == domain


@pytest.mark.parametrize("website", ["[", "http://[::1", "https://[not-an-address]/"])
def test_text_that_is_no_web_address_gives_no_domain_rather_than_an_error(website: str) -> None:
    assert website_domain(website) == ""
