"""One set of parsing rules: a value reads the same through the shared writer's parsers and the CCEW fast
path's checker and keepers, and a bad value is refused by both, naming its field."""

from functools import cache

import pytest

from commoncause.sources.base import ImportProblem
from commoncause.sources.ccew import keep
from commoncause.sources.ccew.rows import Checker, Dates, digest
from commoncause.sources.ccew.tables import TABLES
from commoncause.sources.orgids import company_number
from commoncause.sources.tests.ccew_extract import TEXT_EXTRACT, read_member
from commoncause.sources.values import (
    date_value,
    int_value,
    money_value,
    postcode_value,
    prose,
    text,
    website_value,
)

FILE = "publicextract.charity.zip"
MOHAMMAD = "209617"
# Where `keep.charity` and the part A keeper put each value in their compact rows.
AT = {
    "date_of_registration": 8,
    "latest_income": 12,
    "charity_contact_postcode": 15,
    "charity_contact_phone": 16,
    "charity_contact_web": 18,
    "charity_company_registration_number": 19,
    "charity_name": 5,
    "charity_activities": 20,
}
VOLUNTEERS_AT = 7


@cache
def _record(table: str) -> tuple[str, ...]:
    """A real record of the test extract: the charity's own row, or the first row of another table."""
    records = [line.split("\t") for line in read_member(TEXT_EXTRACT, table).split("\r\n")[1:] if line]
    if table == "charity":
        records = [fields for fields in records if fields[1] == MOHAMMAD]
    return tuple(records[0])


def through_fast_path(table: str, column: str, raw: str) -> tuple:
    """The compact row the fast path keeps of a record holding `raw` in `column`."""
    spec = TABLES[table]
    fields = list(_record(table))
    fields[spec.index[column]] = raw
    checked = Checker(spec, FILE, Dates())(fields, 9)
    return keep.Keepers({}).by_table[table](checked, digest(checked))


def fast_problem(table: str, column: str, raw: str) -> ImportProblem:
    with pytest.raises(ImportProblem) as problem:
        through_fast_path(table, column, raw)
    return problem.value


def shared_problem(read, raw: str, field: str) -> ImportProblem:
    with pytest.raises(ImportProblem) as problem:
        read(raw, file=FILE, row=9, field=field)
    return problem.value


@pytest.mark.parametrize(
    "raw", ["2421985", "1,234", "1234.50", "1235.5", "-120", "£1,234", " 12 ", "1e3", "N/A", ""]
)
def test_money_reads_the_same_on_both_paths(raw):
    shared = money_value(raw, file=FILE, row=9, field="latest_income")

    assert through_fast_path("charity", "latest_income", raw)[AT["latest_income"]] == shared


@pytest.mark.parametrize("raw", ["12O0", "about £5k", "inf", "1.2.3"])
def test_bad_money_is_refused_on_both_paths_naming_the_field(raw):
    fast = fast_problem("charity", "latest_income", raw)
    shared = shared_problem(money_value, raw, "latest_income")

    assert (fast.field, fast.row, fast.message) == (shared.field, shared.row, shared.message)


@pytest.mark.parametrize(
    "raw",
    [
        "1962-11-08 00:00:00.0000000",
        "1962-11-08T00:00:00",
        "1962-11-08",
        "08/11/1962",
        "8 November 1962",
        " 1962-11-08 ",
        "",
    ],
)
def test_dates_read_the_same_on_both_paths(raw):
    shared = date_value(raw, file=FILE, row=9, field="date_of_registration")

    fast = through_fast_path("charity", "date_of_registration", raw)[AT["date_of_registration"]]

    assert fast == (shared.isoformat() if shared else None)


@pytest.mark.parametrize("raw", ["2021-02-30 00:00:00.0000000", "31/02/2014", "soon"])
def test_bad_dates_are_refused_on_both_paths_naming_the_field(raw):
    fast = fast_problem("charity", "date_of_registration", raw)
    shared = shared_problem(date_value, raw, "date_of_registration")

    assert (fast.field, fast.message) == (shared.field, shared.message)


@pytest.mark.parametrize("raw", ["3", "1,200", "12.0", ""])
def test_whole_numbers_read_the_same_on_both_paths(raw):
    table = "charity_annual_return_parta"
    shared = int_value(raw, file=FILE, row=9, field="count_volunteers")

    assert through_fast_path(table, "count_volunteers", raw)[VOLUNTEERS_AT] == shared


@pytest.mark.parametrize("raw", ["12.5", "a dozen"])
def test_a_count_that_is_not_whole_is_refused_on_both_paths(raw):
    fast = fast_problem("charity_annual_return_parta", "count_volunteers", raw)
    shared = shared_problem(int_value, raw, "count_volunteers")

    assert (fast.field, fast.message) == (shared.field, shared.message)


@pytest.mark.parametrize("raw", ["HG20 3PR", "hg20 3pr", "HG203PR", " HG20 3PR ", "N/A", "Abroad", ""])
def test_postcodes_read_the_same_on_both_paths(raw):
    column = "charity_contact_postcode"

    assert through_fast_path("charity", column, raw)[AT[column]] == postcode_value(raw)


@pytest.mark.parametrize("raw", ["https://www.example.com/x", " www.example.org ", "N/A", "x" * 600])
def test_websites_read_the_same_on_both_paths(raw):
    column = "charity_contact_web"

    assert through_fast_path("charity", column, raw)[AT[column]] == website_value(raw)


@pytest.mark.parametrize("raw", ["(0808)1570052", "unknown", ""])
def test_phone_numbers_read_the_same_on_both_paths(raw):
    column = "charity_contact_phone"

    assert through_fast_path("charity", column, raw)[AT[column]] == text(raw)


@pytest.mark.parametrize(
    "raw", ["XX002802", "3929396", "03929396", " 039 293 96", "SC012345", "IP28211R", "0", "N/A", "123456789"]
)
def test_company_numbers_read_the_same_on_both_paths(raw):
    column = "charity_company_registration_number"

    assert through_fast_path("charity", column, raw)[AT[column]] == company_number(raw)


@pytest.mark.parametrize(
    ("raw", "meant"),
    [
        # A funder's 360Giving file (the Andrew Lloyd Webber Foundation's) escapes its apostrophes.
        ("Toonspeak Young People\\'s Theatre", "Toonspeak Young People's Theatre"),
        # The CCNI register's objects: HTML character references, and a symbol font's bullet.
        ("&#9679;To advance the Christian faith", "●To advance the Christian faith"),
        (
            "the following objects: &#61607;\tTo relieve sickness",
            "the following objects: •\tTo relieve sickness",
        ),
        ("Smith &amp; Sons Trust", "Smith & Sons Trust"),
        ("  Plain words  ", "Plain words"),
        ("Arts & Crafts; R&D", "Arts & Crafts; R&D"),  # an ampersand that is no reference stays
        ("C:\\path", "C:\\path"),  # a backslash before anything but a quote stays
    ],
)
def test_text_reads_as_its_writer_meant_it(raw: str, meant: str) -> None:
    assert prose(raw) == meant
    assert text(raw) == meant


@pytest.mark.parametrize("column", ["charity_name", "charity_activities"])
@pytest.mark.parametrize("raw", ["Young People\\'s &amp; Families&#8217; Trust", " Plain "])
def test_names_and_activities_read_the_same_on_both_paths(column: str, raw: str) -> None:
    assert through_fast_path("charity", column, raw)[AT[column]] == text(raw)
