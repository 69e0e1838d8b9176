"""A contact as a vCard (RFC 2426, version 3.0, which every address book reads), written by vobject."""

from __future__ import annotations

from dataclasses import dataclass

import vobject  # type: ignore[import-untyped]


@dataclass(frozen=True)
class Card:
    """What a vCard says of one person: their name, where they work, their role and how to reach them."""

    name: str
    organisation: str
    role: str = ""
    email: str = ""
    phone: str = ""
    note: str = ""


def _name_parts(name: str) -> tuple[str, str]:
    """(family, given) from a name as people write it: the last word is taken as the family name."""
    words = name.split()
    if len(words) < 2:
        return name.strip(), ""
    return words[-1], " ".join(words[:-1])


def vcard(card: Card) -> str:
    """The card as vCard text (CRLF line ends, long lines folded, commas and semicolons escaped)."""
    made = vobject.vCard()
    made.add("fn").value = card.name
    family, given = _name_parts(card.name)
    made.add("n").value = vobject.vcard.Name(family=family, given=given)
    made.add("org").value = [card.organisation]
    if card.role:
        made.add("title").value = card.role
    if card.email:
        email = made.add("email")
        email.value = card.email
        email.type_param = "WORK"
    if card.phone:
        phone = made.add("tel")
        phone.value = card.phone
        phone.type_param = "WORK"
    if card.note:
        made.add("note").value = card.note
    text: str = made.serialize()
    return text


def card_filename(name: str) -> str:
    """A safe file name for a person's card ('Jo Bloggs' → 'jo-bloggs.vcf')."""
    safe = "-".join("".join(c for c in word if c.isalnum()) for word in name.lower().split())
    return f"{safe.strip('-') or 'contact'}.vcf"
