"""The organisation page links to what its awards achieve for its members and the councils funding it,
and says nothing of it to anyone else."""

from __future__ import annotations

import pytest
from django.test import Client

from commoncause.accounts.models import Role
from commoncause.accounts.tests.cast import person, staff
from commoncause.funding.tests.monitoring_samples import (
    RECIPIENT,
    member_of,
    officer_of,
    other_council,
    register_loaded,
)
from commoncause.outcomes.tests.ledger_samples import two_awards

pytestmark = pytest.mark.django_db
LINK = "See the people reached, volunteer hours and their value"


def test_the_organisation_page_links_its_outcomes_for_its_members_and_funders_only(client: Client) -> None:
    register_loaded()
    first, _ = two_awards()
    page = f"/organisations/{RECIPIENT}/"
    assert LINK not in client.get(page).content.decode()  # the public
    for user, shown in (
        (member_of(person("member@group.example"), RECIPIENT), True),
        (staff("officer@council.example", Role.OFFICER), True),  # the funding council's
        (officer_of(other_council(), "elsewhere@council.example"), False),
        (person("someone@example.org"), False),
    ):
        client.force_login(user)
        body = client.get(page).content.decode()
        assert (LINK in body) is shown, user.email
        if shown:
            assert "2 returns submitted" in body
            assert f'href="/organisations/{first.organisation_id}/outcomes/"' in body
