"""The stored-markup walks of who to call (a council's named contacts) and of a council's glossary
(`test_stored_xss.WALKS`)."""

from __future__ import annotations

from collections.abc import Callable

from commoncause.accounts.tests.cast import council
from commoncause.places.models import Area
from commoncause.relationships.models import CouncilContact
from tests.security.hostile import HOSTILE, SHORT, World


def _values(**values: str) -> dict[str, str]:
    hostile = HOSTILE[:200]
    return {"name": hostile, "role": hostile, "email": "named@council.example", "phone": "", **values}


def walk_council_contact_new(world: World) -> None:
    page = f"/who-to-call/councils/{council().slug}/"
    world.post("officer", page, _values(email=SHORT), expect=400)
    world.see_response()  # the form again, with everything typed
    world.post("officer", page, _values())
    contact = CouncilContact.objects.get()
    world.see("officer", page)
    world.see("officer", f"/who-to-call/council-contacts/{contact.pk}/")  # the form, filled
    Area.objects.get_or_create(
        code="N09000003", vintage="2025", defaults={"area_type": "local_authority", "name": "Belfast"}
    )
    world.see("member", "/who-to-call/?theme=children&area=Belfast")  # the answer names them


def walk_council_contact_edit(world: World) -> None:
    world.post("officer", f"/who-to-call/councils/{council().slug}/", _values(name="Named Officer"))
    contact = CouncilContact.objects.get()
    world.post("officer", f"/who-to-call/council-contacts/{contact.pk}/", _values())
    world.see("curator", f"/who-to-call/councils/{council().slug}/")


def walk_glossary(world: World) -> None:
    page = f"/glossary/{council().slug}/"
    world.post(
        "officer", page, {"term": HOSTILE[:100], "explain_only": "on", "plain": HOSTILE[:200]}, expect=400
    )
    world.see_response()  # the form again, with everything typed
    world.post("officer", page, {"term": HOSTILE[:100], "plain": HOSTILE[:200], "explanation": HOSTILE[:300]})
    world.see("officer", page)
    # The checker, for the council's officer, uses the term: its plain words show beside the finding.
    world.post("officer", "/plain-english/", {"text": f"We say {HOSTILE[:100]} here."}, expect=200)
    world.see_response()


WHO_TO_CALL_WALKS: dict[str, Callable[[World], None]] = {
    "glossary/<slug:council_slug>/": walk_glossary,
    "who-to-call/councils/<slug:council_slug>/": walk_council_contact_new,
    "who-to-call/council-contacts/<int:contact_id>/": walk_council_contact_edit,
}
