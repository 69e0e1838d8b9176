"""The CSV downloads give text that looks like a formula as text, and grants from a hostile 360Giving file
are escaped on the pages that show them (grants come from files, not forms: see test_stored_xss)."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.test import Client

from commoncause.accounts.models import Council
from commoncause.funding.models import Grant
from tests.security.hostile import FORMULA, HOSTILE, ORG, World, assert_escaped, group_added

pytestmark = pytest.mark.django_db


def _cells(response: Any) -> list[str]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _formula(cell: str) -> bool:
    return cell.startswith(("=", "+", "-", "@", "\t", "\r")) and not re.fullmatch(r"-?\d+(\.\d+)?", cell)


def test_a_group_named_as_a_formula_downloads_as_text_in_the_search_csv(world: World) -> None:
    group_added(world, FORMULA)
    cells = _cells(Client().get("/search/organisations.csv", {"q": "hyperlink"}))
    assert f"'{FORMULA}" in cells
    assert [cell for cell in cells if _formula(cell)] == []


def test_grants_from_a_hostile_file_download_as_text_in_the_grants_csv(world: World) -> None:
    for number, text in enumerate((FORMULA, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1+1")):
        Grant.objects.create(
            grant_id=f"360G-HOSTILE-{number}", title=text, description=text, currency="GBP",
            amount_awarded=10, award_date="2024-04-01", recipient=world.charity, recipient_name=text,
            funder_org_id="GB-CHC-1", funder_name=text,
        )  # fmt: skip
    cells = _cells(Client().get("/grants.csv"))
    assert f"'{FORMULA}" in cells
    assert [cell for cell in cells if _formula(cell)] == []


def test_grants_from_a_hostile_file_are_escaped_on_the_grant_and_organisation_pages(world: World) -> None:
    Grant.objects.create(
        grant_id="360G-HOSTILE-1", title=HOSTILE, description=HOSTILE, currency="GBP", amount_awarded=10,
        award_date="2024-04-01", recipient=world.charity, recipient_name=HOSTILE, funder_org_id="GB-CHC-1",
        funder_name=HOSTILE,
    )  # fmt: skip
    for url in ("/grants/360G-HOSTILE-1/", "/grants/", f"/organisations/{ORG}/"):
        assert_escaped(Client().get(url).content.decode(), HOSTILE, url)


def test_a_council_named_with_markup_is_escaped_where_staff_choose_it(world: World) -> None:
    Council.objects.create(slug="hostile", name=HOSTILE, area_codes=["N09000001"])
    assert_escaped(
        world.client("admin").get("/accounts/invitations/").content.decode(), HOSTILE, "invitations"
    )
