"""A council's own glossary for the plain-English checker, and the checks of what a council publishes:
a need's words and a consultation's, shown to those who keep them before they go out."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client

from commoncause.accounts.models import AuditEntry, Council, StaffRole
from commoncause.accounts.tests.cast import council, person
from commoncause.matching.needs import need_post
from commoncause.plainenglish.checker import check
from commoncause.relationships import glossary
from commoncause.relationships.engagement import engagement_record
from commoncause.relationships.models import GlossaryTerm

pytestmark = pytest.mark.django_db

PLAIN = "help before problems get worse"


def _add(client: Client, **values: str) -> object:
    data = {"term": "early help", "plain": PLAIN, "explanation": "", **values}
    return client.post(f"/glossary/{council().slug}/", data)


def test_an_officer_adds_a_term_and_the_checker_uses_it_for_that_councils_officers(
    client: Client, officer: User
) -> None:
    client.force_login(officer)
    assert _add(client).status_code == 302  # type: ignore[attr-defined]
    term = GlossaryTerm.objects.get()
    assert AuditEntry.objects.filter(target_type="relationships.glossaryterm", action="create").exists()
    text = "We offer early help to families."
    page = client.post("/plain-english/", {"text": text}).content.decode()
    assert PLAIN in page
    (entry,) = glossary.glossary_of(officer)
    assert entry.term == "early help"
    finding = next(f for f in check(text, [entry]).findings if f.text == "early help")
    assert (finding.start, finding.end) == (text.index("early help"), text.index("early help") + 10)
    client.logout()
    assert PLAIN not in client.post("/plain-english/", {"text": text}).content.decode()  # not the public's
    client.force_login(officer)
    client.post(f"/glossary/terms/{term.pk}/remove/")
    assert not GlossaryTerm.objects.exists()
    assert AuditEntry.objects.filter(target_type="relationships.glossaryterm", action="delete").exists()


def test_a_term_to_explain_needs_its_meaning_and_a_term_is_held_once(client: Client, officer: User) -> None:
    client.force_login(officer)
    response = _add(client, term="Compact", explain_only="on", plain="")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "Say what the term means" in response.content.decode()  # type: ignore[attr-defined]
    assert "Compact" in response.content.decode()  # type: ignore[attr-defined]  # kept
    _add(client)
    response = _add(client, term="Early Help")
    assert "The glossary has &#x27;Early Help&#x27; already." in response.content.decode()  # type: ignore[attr-defined]


def test_only_the_councils_officers_and_curators_keep_its_glossary(client: Client, curator: User) -> None:
    other = Council.objects.create(name="Elsewhere Council", slug="elsewhere", area_codes=["E09000001"])
    elsewhere = person("officer@elsewhere.example")
    StaffRole.objects.create(user=elsewhere, role="officer", council=other)
    client.force_login(elsewhere)
    assert client.get(f"/glossary/{council().slug}/").status_code == 403
    client.force_login(curator)
    assert client.get(f"/glossary/{council().slug}/").status_code == 200


def test_a_needs_words_are_checked_for_its_keepers_before_it_goes_out(client: Client, officer: User) -> None:
    glossary.glossary_term_add(user=officer, council=council(), values={"term": "early help", "plain": PLAIN})
    values = {
        "kind": "service", "title": "Early help for families", "status": "open",
        "description": "We will utilise a provider to deliver early help to families across the borough.",
    }  # fmt: skip
    need = need_post(user=officer, council=council(), values=values)
    client.force_login(officer)
    page = client.get(f"/needs/{need.pk}/").content.decode()
    panel = page[page.index('id="plain-english-review"') :]
    assert "utilise" in panel  # GOV.UK's words to avoid
    assert PLAIN in panel  # the council's own
    assert "with the council's own glossary" in panel
    client.logout()
    assert 'id="plain-english-review"' not in client.get(f"/needs/{need.pk}/").content.decode()


def test_a_consultations_words_are_checked_with_the_councils_glossary(client: Client, officer: User) -> None:
    glossary.glossary_term_add(user=officer, council=council(), values={"term": "early help", "plain": PLAIN})
    consultation = engagement_record(
        user=officer, council=council(),
        values={"kind": "consultation", "title": "Consultation on early help", "on": dt.date(2026, 1, 5),
                "closes_on": dt.date(2026, 3, 30), "summary": "It is proposed that the service is ended."},
    )  # fmt: skip
    client.force_login(officer)
    page = client.get(f"/engagement/{consultation.pk}/").content.decode()
    panel = page[page.index('id="plain-english-review"') :]
    assert PLAIN in panel
    assert "is proposed" in panel  # the passive
