"""Northern Ireland organisations placed at council level: no open postcode lookup covers BT postcodes.

An organisation in Northern Ireland (a BT postcode, or a CCNI number) that the postcode lookup does not
hold is placed in one of the 11 councils (LGD 2014, N09000001–N09000011), with no ward:

- **from its address** (`Method.TOWN`): each part of the address between commas, leaving out street
  numbers, counties ("Co Down", "County Tyrone") and the postcode, is looked up among the names of
  places that open data gives a council for (see `place_names`). The council most of the places named
  lie in wins; on a tie, the first place named, which is the most specific ("Dundonald, Belfast" is in
  Lisburn and Castlereagh, though its post town is Belfast);
- **from its declared areas** (`Method.DECLARED`), when the address names no place found: the one
  council among the areas it says it serves, if it names exactly one.

Anything else stays unplaced and is counted as such.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

COUNCIL = re.compile(r"^N09\d{6}$")
NI_POSTCODE = re.compile(r"^BT\d", re.IGNORECASE)
NI_ORG_ID = "GB-NIC-"
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
_COUNTY = re.compile(r"^(co|county)\b[\s.-]*\w+$", re.IGNORECASE)
_COUNTRY = {"northern ireland", "n ireland", "ni", "uk", "united kingdom"}
_DIRECTIONS = {"north", "south", "east", "west", "central", "upper", "lower", "urban", "rural"}
# Parts of council names that are no place of their own ("Mid" of Mid and East Antrim), or that name a
# county rather than a town ("Down" of Newry, Mourne and Down).
_NOT_PLACES = {"mid", "down", "glens"}

# The 26 district councils of 1973–2015, by the letters NISRA's super output area codes give each
# (95AA… is Antrim). Their names are still the towns people write; each is given the council of 2014
# that holds most of its old area.
FORMER_COUNCILS = {
    "AA": "Antrim", "BB": "Ards", "CC": "Armagh", "DD": "Ballymena", "EE": "Ballymoney",
    "FF": "Banbridge", "GG": "Belfast", "HH": "Carrickfergus", "II": "Castlereagh", "JJ": "Coleraine",
    "KK": "Cookstown", "LL": "Craigavon", "MM": "Derry", "NN": "Down", "OO": "Dungannon",
    "PP": "Fermanagh", "QQ": "Larne", "RR": "Limavady", "SS": "Lisburn", "TT": "Magherafelt",
    "UU": "Moyle", "VV": "Newry and Mourne", "WW": "Newtownabbey", "XX": "North Down", "YY": "Omagh",
    "ZZ": "Strabane",
}  # fmt: skip
# Other names of one place.
ALIASES = {"londonderry": "N09000005", "derry~londonderry": "N09000005", "derry/londonderry": "N09000005"}


class Tier:
    """How sure a name is, best first: a council's own name, a former council, a ward or electoral
    area of today, a shortened one ("Coalisland" of "Coalisland North"), a ward of 1992."""

    COUNCIL = 0
    FORMER_COUNCIL = 1
    WARD = 2
    WARD_SHORTENED = 3
    OLD_WARD = 4
    OLD_WARD_SHORTENED = 5


@dataclass(frozen=True)
class CouncilFound:
    code: str
    evidence: str  # the place in the address it was found from, or the declared area's code


def key(name: str) -> str:
    """A name as looked up: lower case, single spaces, no surrounding dots."""
    return " ".join(name.replace("_", " ").split()).strip(" .").lower()


def _shortened(name: str) -> list[str]:
    """'Coalisland North' → 'Coalisland'; 'Portrush and Dunluce' → 'Portrush', 'Dunluce'."""
    found = []
    words = name.split()
    if len(words) > 1 and words[-1] in _DIRECTIONS:
        found.append(" ".join(words[:-1]))
    parts = [part.strip() for part in re.split(r"\band\b", name) if part.strip()]
    if len(parts) > 1:
        found += parts
    return found


class PlaceNames:
    """Place names → the councils they lie in, each at the best tier it is known at."""

    def __init__(self) -> None:
        self.tiers: dict[str, dict[int, set[str]]] = defaultdict(dict)

    def add(self, name: str, council: str, tier: int, *, shorten_to: int | None = None) -> None:
        name = key(name)
        if not name or name in _NOT_PLACES or not COUNCIL.match(council):
            return
        self.tiers[name].setdefault(tier, set()).add(council)
        if shorten_to is not None:
            for short in _shortened(name):
                self.add(short, council, shorten_to)

    def council(self, name: str) -> str | None:
        """The one council a name points to at its best tier; None when unknown or shared by several."""
        found = self.tiers.get(key(name))
        if not found:
            return ALIASES.get(key(name))
        best = found[min(found)]
        return next(iter(best)) if len(best) == 1 else None


def _rows(path: Path) -> Iterable[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def councils() -> dict[str, str]:
    """The 11 councils: LGD 2014 code → name."""
    path = Path(settings.DATA_DIR) / "geo" / "lookups" / "la_all_codes.csv"
    return {row["LADCD"]: row["LADNM"] for row in _rows(path) if COUNCIL.match(row["LADCD"])}


@cache  # shipped reference files, read once per process; they change only with a release
def place_names() -> PlaceNames:
    """Built from open data (data/geo-ni/PROVENANCE.md): the councils' names and the parts of them
    ('Armagh', 'Banbridge', 'Craigavon'); the former councils; today's 462 wards and 80 district
    electoral areas; and the wards of 1992 that NISRA's super output areas are named after."""
    names = PlaceNames()
    for code, name in councils().items():
        names.add(name, code, Tier.COUNCIL)
        for part in re.split(r",|\band\b", name):
            names.add(re.sub(r"\s+City$", "", part.strip()), code, Tier.COUNCIL)
    lookups = Path(settings.DATA_DIR) / "geo-ni" / "lookups"
    former: dict[str, Counter[str]] = defaultdict(Counter)
    for row in _rows(lookups / "ni_ward2014_to_dea2014_derived.csv"):
        names.add(row["WD14NM"], row["LGD14CD"], Tier.WARD, shorten_to=Tier.WARD_SHORTENED)
        names.add(row["DEA14NM"], row["LGD14CD"], Tier.WARD, shorten_to=Tier.WARD_SHORTENED)
    for row in _rows(lookups / "ni_sa2011_soa2011_lgd.csv"):
        old_ward = re.sub(r"\s+\d+$", "", re.sub(r"\s*\(.*\)$", "", row["soa11_name"]))
        names.add(old_ward, row["lgd18_code"], Tier.OLD_WARD, shorten_to=Tier.OLD_WARD_SHORTENED)
        former[row["soa11_code"][2:4]][row["lgd18_code"]] += 1
    for letters, counts in former.items():
        if letters in FORMER_COUNCILS:
            names.add(FORMER_COUNCILS[letters], counts.most_common(1)[0][0], Tier.FORMER_COUNCIL)
    return names


def _places_named(address: str) -> list[str]:
    """The parts of an address that could name a place, in order, without repeats."""
    parts: list[str] = []
    for part in _POSTCODE.sub("", address.replace("\n", ",")).split(","):
        part = " ".join(part.split()).strip(" .")
        if not part or part[0].isdigit() or _COUNTY.match(part) or key(part) in _COUNTRY:
            continue
        if key(part) not in {key(seen) for seen in parts}:
            parts.append(part)
    return parts


def council_from_address(address: str, names: PlaceNames | None = None) -> CouncilFound | None:
    """The council the places an address names lie in (see the module's note)."""
    names = names or place_names()
    found = [(part, code) for part in _places_named(address) if (code := names.council(part))]
    if not found:
        return None
    votes = Counter(code for _, code in found)
    most = max(votes.values())
    return next(CouncilFound(code, part) for part, code in found if votes[code] == most)


def council_from_areas(gss_codes: Iterable[str]) -> CouncilFound | None:
    """The council an organisation says it serves, when it names exactly one Northern Ireland council."""
    found = {code for code in gss_codes if COUNCIL.match(code)}
    return CouncilFound(found.pop(), "declared") if len(found) == 1 else None


def is_in_northern_ireland(postcode: str, on_ni_register: bool) -> bool:
    """A BT postcode; or, with no postcode to say otherwise, a number on the Charity Commission for
    Northern Ireland's register (a charity on it with a postcode elsewhere is placed by that postcode)."""
    return bool(NI_POSTCODE.match(postcode)) or (not postcode and on_ni_register)
