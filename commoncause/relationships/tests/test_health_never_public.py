"""No page says who answered what in a health check: the public sees nothing of it, and the people who
read a round's results see each side's figures and unattributed evidence, never a respondent's name,
address or answers. Every route anyone may use without signing in is walked, as for contacts."""

import pytest
from django.test import Client

from commoncause.accounts.tests.cast import person
from commoncause.relationships.health.services import health_round_close
from commoncause.relationships.tests.health_samples import answer, officers, open_round, sector_members
from commoncause.relationships.tests.test_contacts_never_public import _fill, _public_api, _public_pages

pytestmark = pytest.mark.django_db
EVIDENCE = "The forum was cancelled twice without notice"
WHO = ("Ottoline", "Quartermaine", "ottoline.quartermaine@lunch-club.example")


def _closed_with_a_named_respondent(officer):
    made = open_round(officer)
    named = person(WHO[2])
    named.first_name, named.last_name = WHO[0], WHO[1]
    named.save()
    (organisation_member,) = sector_members(1, start=50)
    named.memberships.create(
        organisation=organisation_member.memberships.get().organisation, status="approved"
    )
    for user in officers(5):
        answer(user, made, {"LA1": 5, "VCS1": 3, "E1": 3})
    for user in [*sector_members(4), named]:
        evidence = {"LA1": EVIDENCE} if user is named else {}
        answer(user, made, {"LA1": 1 if user is named else 3, "VCS1": 4, "E1": 3}, evidence)
    return health_round_close(user=officer, health_round=made), named


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode(errors="replace").lower()


def test_health_checks_never_reach_the_public(officer):
    _closed_with_a_named_respondent(officer)
    paths = [_fill(route) for route in _public_pages() + _public_api()]
    assert not [path for path in paths if "health-checks" in path], "no health check page is public"
    for path in paths:
        response = Client().get(path)
        assert response.status_code < 500, path
        for secret in (EVIDENCE, *WHO):
            assert secret.lower() not in _text(response), (path, secret)


def test_results_show_unattributed_evidence_and_never_who_answered_what(officer, curator):
    closed, named = _closed_with_a_named_respondent(officer)
    rounds = f"/health-checks/rounds/{closed.pk}"
    pages = [
        "/health-checks/",
        "/health-checks/belfast/",
        f"{rounds}/",
        f"{rounds}/results/",
        f"{rounds}/actions/",
    ]
    pages += [
        f"{rounds}/results/{table}.csv" for table in ("statements", "themes-council", "trend", "trend-themes")
    ]
    for who in (officer, curator, named):
        client = Client()
        client.force_login(who)
        for path in pages:
            response = client.get(path)
            if response.status_code == 403:
                continue  # the round's own page is for those who run it
            text = _text(response)
            for secret in WHO:
                assert secret.lower() not in text, (who.email, path, secret)
        results = _text(client.get(f"{rounds}/results/"))
        assert EVIDENCE.lower() in results  # shown, and by nobody
    # The audit log (curators read it) says who answered, never what.
    client = Client()
    client.force_login(curator)
    audit = _text(client.get("/accounts/audit/"))
    assert EVIDENCE.lower() not in audit
    assert WHO[2] in audit  # that they answered is recorded, as every change is


def test_the_evidence_of_a_group_under_five_is_shown_to_nobody(officer, curator):
    made = open_round(officer)
    for user in officers(5):
        answer(user, made, {"LA1": 4, "VCS1": 4, "E1": 4})
    for user in sector_members(4):
        answer(user, made, {"LA1": 2, "VCS1": 4, "E1": 4}, {"VCS1": EVIDENCE})
    closed = health_round_close(user=officer, health_round=made)
    for who in (officer, curator):
        client = Client()
        client.force_login(who)
        assert EVIDENCE.lower() not in _text(client.get(f"/health-checks/rounds/{closed.pk}/results/"))
