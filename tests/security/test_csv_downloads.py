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
from commoncause.accounts.tests.cast import council
from commoncause.funding.models import Grant, MonitoringReturn
from commoncause.outcomes.framework import indicator_save, outcome_save
from commoncause.outcomes.values_kept import proxy_rate_add
from tests.security.hostile import FORMULA, HOSTILE, ORG, World, assert_escaped, group_added
from tests.security.walks_outcomes import award_reported

pytestmark = pytest.mark.django_db


def _cells(response: Any) -> list[str]:
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8-sig")
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


def test_a_councils_outcomes_typed_as_formulas_download_as_text_in_the_dashboard_csv(world: World) -> None:
    """The council's dashboard tables name what its officers typed: outcomes, indicators and their
    sources in one, the proxy rates valuing volunteer hours in the other."""
    officer = world.users["officer"]
    assert officer is not None
    outcome = outcome_save(user=officer, council=council(), title=FORMULA)
    name = "+1+cmd|' /C calc'!A0"
    indicator = {"name": name, "unit": "people", "direction": "higher", "source": "@SUM(1+1)"}
    indicator_save(user=officer, outcome=outcome, values=indicator)
    rate = {"name": "-2+3", "per_hour": "12.21", "source": "A rate", "year": "2025"}
    proxy_rate_add(user=officer, council=council(), values=rate)
    award = award_reported()
    MonitoringReturn.objects.filter(award=award).update(indicators=[{"name": name, "value": "3"}])
    client = world.client("officer")
    cells = [
        cell
        for table in ("indicators", "years")
        for cell in _cells(client.get("/outcomes/", {"format": "csv", "table": table}))
    ]
    assert [cell for cell in cells if _formula(cell)] == []
    assert {f"'{FORMULA}", f"'{name}", "'@SUM(1+1)", "'-2+3 from 1 April 2025"} <= set(cells)


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
