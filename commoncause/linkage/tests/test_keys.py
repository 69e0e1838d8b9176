"""Blocking keys: the words of a name that tell it apart, a postcode and its parts, and a web domain."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commoncause.linkage.keys import (
    LEGAL_WORDS,
    STOP_WORDS,
    name_tokens,
    postcode_district,
    postcode_key,
    postcode_sector,
    web_domain,
)
from commoncause.register.web_domains import SHARED_HOSTS


@pytest.mark.parametrize(
    "name",
    [
        "Clean Break Ltd",
        "Clean Break Limited",
        "Clean Break CIO",
        "Clean Break SCIO",
        "Clean Break CIC",
        "Clean Break plc",
        "Clean Break LLP",
        "Clean Break Inc",
        "Clean Break Incorporated",
        "The Clean Break",
        "Clean Break (The)",
        "CLEAN BREAK LTD.",
    ],
)
def test_legal_words_and_common_words_say_nothing_about_which_body_it_is(name: str) -> None:
    assert name_tokens(name) == ("clean", "break")


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("St Mungo's", ("saint", "mungos")),
        ("Shankill Women's Centre", ("shankill", "womens", "center")),
        ("World Health Organization", ("world", "health", "organisation")),
        ("Belfast Rowing Assoc", ("belfast", "rowing", "association")),
        ("Friends of Burnley Youth Theatre", ("friends", "burnley", "youth", "theatre")),
        ("Arts & Business NI", ("arts", "business", "ni")),
        ("Café Nua", ("cafe", "nua")),
        ("Toonspeak Young People\\'s Theatre", ("toonspeak", "young", "peoples", "theatre")),
    ],
)
def test_names_are_compared_in_one_spelling(name: str, tokens: tuple[str, ...]) -> None:
    assert name_tokens(name) == tokens


def test_word_order_is_kept_so_a_name_in_another_order_is_a_different_key() -> None:
    assert name_tokens("Youth Theatre Burnley") != name_tokens("Burnley Youth Theatre")
    assert sorted(name_tokens("Youth Theatre Burnley")) == sorted(name_tokens("Burnley Youth Theatre"))


def test_a_name_with_no_letters_has_no_key() -> None:
    assert name_tokens("") == ()
    assert name_tokens(" - & ") == ("and",)  # only common words: they are kept


WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=12)


@given(st.lists(WORDS, min_size=1, max_size=6), st.sampled_from(sorted(LEGAL_WORDS)))
def test_a_legal_word_added_to_a_name_never_changes_its_key(words: list[str], legal: str) -> None:
    name = " ".join(words)
    telling = [word for word in name.lower().split() if word not in LEGAL_WORDS | STOP_WORDS]
    if telling:
        assert name_tokens(f"{name} {legal.upper()}") == name_tokens(name)
        assert name_tokens(f"The {name}") == name_tokens(name)


@given(st.lists(WORDS, min_size=1, max_size=6))
def test_the_key_of_a_name_ignores_case_and_spacing(words: list[str]) -> None:
    name = " ".join(words)
    assert name_tokens(name.upper()) == name_tokens("  ".join(words).lower())


@pytest.mark.parametrize(
    ("written", "key", "sector", "district"),
    [
        ("M1 1AE", "M11AE", "M11", "M1"),  # A9 9AA
        ("b33 8th", "B338TH", "B338", "B33"),  # A99 9AA
        ("W1A 0AX", "W1A0AX", "W1A0", "W1A"),  # A9A 9AA
        ("CR2 6XH", "CR26XH", "CR26", "CR2"),  # AA9 9AA
        ("BT14  7PJ", "BT147PJ", "BT147", "BT14"),  # AA99 9AA
        (" EC1A 1BB ", "EC1A1BB", "EC1A1", "EC1A"),  # AA9A 9AA
    ],
)
def test_a_postcode_is_compared_whole_by_sector_and_by_district(
    written: str, key: str, sector: str, district: str
) -> None:
    assert postcode_key(written) == key
    assert postcode_sector(key) == sector
    assert postcode_district(key) == district


@pytest.mark.parametrize("written", ["", "BT14", "EC2A SG", "12345", "Belfast", "BT14 7P", "BT147PJJ"])
def test_what_is_not_a_postcode_has_no_key_and_no_parts(written: str) -> None:
    assert postcode_key(written) == ""
    assert postcode_sector(postcode_key(written)) == ""
    assert postcode_district(postcode_key(written)) == ""


OUTWARD = st.from_regex(r"\A[A-Z]{1,2}[0-9][A-Z0-9]?\Z")
INWARD = st.from_regex(r"\A[0-9][A-Z]{2}\Z")


@given(OUTWARD, INWARD, st.sampled_from(["", " ", "  ", "\t"]), st.booleans())
def test_any_postcode_has_one_key_however_it_is_written(
    outward: str, inward: str, gap: str, lower: bool
) -> None:
    written = f"{outward}{gap}{inward}"
    key = postcode_key(written.lower() if lower else written)
    assert key == outward + inward
    assert postcode_district(key) == outward
    assert postcode_sector(key) == outward + inward[0]


@pytest.mark.parametrize(
    ("written", "domain"),
    [
        ("http://www.cleanbreak.org.uk/about", "cleanbreak.org.uk"),
        ("HTTPS://WWW.CleanBreak.ORG.UK", "cleanbreak.org.uk"),
        ("www.cancerlifeline.info", "cancerlifeline.info"),
        ("cancerlifeline.info/", "cancerlifeline.info"),
        ("info@cancerlifeline.info", "cancerlifeline.info"),
        ("Info@WWW.CancerLifeline.Info", "cancerlifeline.info"),
        ("https://cleanbreak.org.uk.", "cleanbreak.org.uk"),
        ("http://cleanbreak.org.uk:8080/x", "cleanbreak.org.uk"),
        ("larchstreet.wordpress.com", "larchstreet.wordpress.com"),  # a builder's subdomain is the body's
    ],
)
def test_a_web_or_email_address_gives_its_domain(written: str, domain: str) -> None:
    assert web_domain(written) == domain


@pytest.mark.parametrize(
    "written",
    [
        "https://www.facebook.com/larchstreetlunchclub",
        "larchstreet@gmail.com",
        "someone@hotmail.co.uk",
        "clinic@nhs.net",
        "https://linktr.ee/larchstreet",
        "https://www.justgiving.com/larchstreet",
        "localhost",
        "",
        "not an address",
    ],
)
def test_shared_hosts_and_non_addresses_give_no_domain(written: str) -> None:
    assert web_domain(written) == ""


@given(
    st.sampled_from(sorted(SHARED_HOSTS)), st.sampled_from(["https://www.{}/x", "http://{}", "a.person@{}"])
)
def test_no_shared_host_is_ever_a_domain(host: str, form: str) -> None:
    assert web_domain(form.format(host)) == ""
