"""Passive constructions: a form of "to be", up to two adverbs, then a past participle.

The forms of "to be" are am, is, are, was, were, be, been and being (and isn't, aren't, wasn't,
weren't); a second one may follow the first (`is being assessed`, `was not being told`). An adverb is a
word ending in -ly (`usually`, `quickly`) or one of a few short ones (`not`, `never`, `also` …). A past
participle is written in small letters and is one of:

- a word of four letters or more ending in -ed (`used`, `approved`), except words that only look like
  one (`need`, `indeed`, `speed`, `hundred`, `naked` …) and words beginning with un- (`unfunded`,
  `unknown`), which are nearly always adjectives;
- an irregular participle (data/plainenglish/irregular_participles.csv: `taken`, `paid`, `built`), with
  or without the prefix re-, over-, under-, mis-, out-, fore-, with- or up- (`rebuilt`, `withdrawn`).

Words ending in -en are participles only from that list: `is open`, `is often`, `are keen` and
`is even` are not passive. Words of three letters ending in -ed (`is red`) are not participles.

Limits: an adjective that is also a participle is flagged (`is interested`, `is based`, `is closed`);
a passive made with "get" (`got paid`) or a contraction (`it's done`) is not found, nor one whose
participle stands more than two adverbs away from its verb; and the checker cannot see who acts, so
a passive that names them (`is run by volunteers`) is flagged like any other.
"""

from __future__ import annotations

from commoncause.plainenglish.checker.text import Atom

BE = frozenset(
    {"am", "is", "are", "was", "were", "be", "been", "being", "isn't", "aren't", "wasn't", "weren't"}
)
BE_CONTINUING = frozenset({"be", "been", "being"})
SHORT_ADVERBS = frozenset(
    {"not", "never", "also", "always", "often", "still", "already", "now", "then", "just"}
)
PREFIXES = ("re", "over", "under", "mis", "out", "fore", "with", "up")
NOT_PARTICIPLES = frozenset(
    {
        "need", "indeed", "speed", "feed", "seed", "weed", "deed", "heed", "reed", "breed", "bleed",
        "creed", "greed", "steed", "tweed", "succeed", "proceed", "exceed", "shed", "sled", "shred",
        "sacred", "naked", "wicked", "rugged", "ragged", "crooked", "hundred", "kindred", "jagged",
        "wretched", "beloved", "aged", "hatred", "seabed", "embed", "dogged", "bed",
    }
)  # fmt: skip
MOST_ADVERBS = 2


def passives(text: str, atoms: list[Atom], participles: frozenset[str]) -> list[tuple[int, int]]:
    """The spans of the passive constructions, from the form of "to be" to the participle."""
    found = []
    index = 0
    while index < len(atoms):
        last = _passive_from(text, atoms, index, participles)
        if last is None:
            index += 1
            continue
        found.append((atoms[index].start, atoms[last].end))
        index = last + 1
    return found


def _passive_from(text: str, atoms: list[Atom], first: int, participles: frozenset[str]) -> int | None:
    """The index of the participle of a passive beginning at atoms[first], or None."""
    if atoms[first].lower not in BE or _in_compound(atoms[first]):
        return None
    adverbs, continued = 0, False
    for index in range(first + 1, min(len(atoms), first + 5)):
        atom = atoms[index]
        gap = atoms[index - 1].gap_after
        if not gap or not gap.isspace() or _in_compound(atom):
            return None
        if text[atom.start : atom.end].islower() and is_participle(atom.lower, participles):
            return index
        if atom.lower in BE_CONTINUING and not continued:
            continued = True
        elif _is_adverb(atom.lower) and adverbs < MOST_ADVERBS:
            adverbs += 1
        else:
            return None
    return None


def _in_compound(atom: Atom) -> bool:
    return atom.joined_before or atom.joined_after


def _is_adverb(word: str) -> bool:
    return (len(word) > 3 and word.endswith("ly")) or word in SHORT_ADVERBS


def is_participle(word: str, participles: frozenset[str]) -> bool:
    if word in participles:
        return True
    if any(word.startswith(prefix) and word[len(prefix) :] in participles for prefix in PREFIXES):
        return True
    if len(word) < 4 or not word.endswith("ed") or word in NOT_PARTICIPLES:
        return False
    return not (word.startswith("un") and not word.startswith("under"))
