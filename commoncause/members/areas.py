"""The areas an organisation says it serves, as real areas: councils, wards, regions and nations, each
by its GSS code.

The areas themselves belong to the places app, which sits above members in the apps' layers, so
members never imports it: members says here what it needs (`AreaCatalogue`), and places fills it from
its `AppConfig.ready()` (`area_catalogue_set`), as the register's page sections are filled.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

# The kinds of area, named as the Charity Commission names them in its areas of operation.
LOCAL_AUTHORITY, WARD, REGION, COUNTRY = "Local Authority", "Ward", "Region", "Country"
KIND_WORDS = {LOCAL_AUTHORITY: "council", WARD: "ward", REGION: "region", COUNTRY: "nation"}
GSS_CODE = re.compile(r"^[EKNSW]\d{8}$")
_CODE_AT_END = re.compile(r"\(([A-Za-z]\d{8})\)\s*$")
MAX_AREAS = 100


@dataclass(frozen=True)
class AreaChoice:
    """One area a person can pick: its code, name and kind, and for a ward the council it lies in."""

    code: str
    name: str
    kind: str
    parent: str = ""

    @property
    def label(self) -> str:
        """'Botanic, a ward of Belfast (N08000310)', 'Belfast, a council (N09000003)'."""
        kind = KIND_WORDS.get(self.kind, self.kind.lower())
        within = f" of {self.parent}" if self.parent else ""
        return f"{self.name}, a {kind}{within} ({self.code})"


class AreaCatalogue(Protocol):
    """What the area picker needs to know of the areas there are."""

    def by_codes(self, codes: Collection[str]) -> dict[str, AreaChoice]:
        """The areas with these GSS codes (upper case), those that exist."""
        ...

    def named(self, name: str) -> list[AreaChoice]:
        """Every area whose name is this, whatever its case."""
        ...

    def suggest(self, text: str, *, limit: int) -> list[AreaChoice]:
        """Areas whose name or code starts with (or holds) the text, the likeliest first."""
        ...


class _NoAreas:
    def by_codes(self, codes: Collection[str]) -> dict[str, AreaChoice]:
        return {}

    def named(self, name: str) -> list[AreaChoice]:
        return []

    def suggest(self, text: str, *, limit: int) -> list[AreaChoice]:
        return []


_CATALOGUE: list[AreaCatalogue] = []


def area_catalogue_set(catalogue: AreaCatalogue) -> None:
    """Give members the areas there are (the places app does, once it is ready)."""
    _CATALOGUE[:] = [catalogue]


def area_catalogue() -> AreaCatalogue:
    return _CATALOGUE[0] if _CATALOGUE else _NoAreas()


@dataclass(frozen=True)
class Unresolved:
    """A name typed that is no one area: unknown, or shared by several (`candidates`)."""

    text: str
    candidates: tuple[AreaChoice, ...] = ()

    @property
    def message(self) -> str:
        if not self.candidates:
            return f"“{self.text}” is not recognised — pick the area from the suggestions, or type its code"
        choices = "; ".join(area.label for area in self.candidates[:4])
        return f"More than one area is called “{self.text}” — type the code of the one you mean: {choices}"


def typed_items(text: str) -> list[str]:
    """The areas typed into a box: one a line (names hold commas: 'Newry, Mourne and Down'), or split
    by semicolons."""
    return [item.strip() for item in re.split(r"[\n;]", text) if item.strip()]


def area_resolve(item: str) -> AreaChoice | Unresolved:
    """One typed area: a GSS code, a name with its code in brackets (as the picker writes it), or a
    name only one area has."""
    catalogue = area_catalogue()
    bracketed = _CODE_AT_END.search(item)
    code = (bracketed.group(1) if bracketed else item).strip().upper()
    if GSS_CODE.match(code) and (found := catalogue.by_codes([code])):
        return found[code]
    named = catalogue.named(item)
    return named[0] if len(named) == 1 else Unresolved(item, tuple(named))


def areas_resolve(text: str) -> tuple[list[AreaChoice], list[Unresolved]]:
    """The areas typed (see `typed_items`), and those that are not one area."""
    found: list[AreaChoice] = []
    unresolved: list[Unresolved] = []
    for item in typed_items(text):
        answer = area_resolve(item)
        if isinstance(answer, Unresolved):
            unresolved.append(answer)
        else:
            found.append(answer)
    return found, unresolved


def areas_by_code(codes: Collection[str]) -> dict[str, AreaChoice]:
    return area_catalogue().by_codes([code.strip().upper() for code in codes]) if codes else {}


def areas_suggest(text: str, *, limit: int = 10) -> list[AreaChoice]:
    text = " ".join(text.split())
    return area_catalogue().suggest(text, limit=limit) if len(text) >= 2 else []


def areas_from_text(text: str) -> tuple[list[str], list[str]]:
    """Free text about the areas served, written before areas were picked → (the GSS codes of the areas
    it names, what it says that names no one area). Each line or semicolon-separated item is an area's
    name or code, or else a list of them separated by commas ('Belfast, Lisburn and Castlereagh')."""
    codes: list[str] = []
    rest: list[str] = []
    for item in typed_items(text):
        answer = area_resolve(item)
        if isinstance(answer, AreaChoice):
            codes.append(answer.code)
            continue
        parts = [part.strip() for part in item.split(",") if part.strip()]
        found = {part: area_resolve(part) for part in parts} if len(parts) > 1 else {}
        named = [area.code for area in found.values() if isinstance(area, AreaChoice)]
        codes += named
        rest += (
            [part for part, area in found.items() if not isinstance(area, AreaChoice)] if named else [item]
        )
    return list(dict.fromkeys(codes)), list(dict.fromkeys(rest))
