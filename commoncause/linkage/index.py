"""A blocking index: the few organisations worth comparing a record with, out of hundreds of thousands.

Comparing one name with every organisation in a national register takes about a tenth of a second;
the index instead looks up organisations sharing a telling word of the name (one held by at most a
few thousand organisations), the postcode, the web domain or the whole name, and only those are
scored. Built once from the database (a few seconds for 200,000 organisations) and kept up to date
as records are added during an import.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from commoncause.linkage.keys import name_tokens, postcode_key, web_domain

# A word held by more organisations than this share of the register tells too little to look up.
COMMON_SHARE = 0.02
MIN_COMMON = 2_000
CANDIDATES = 40


@dataclass(slots=True)
class Entry:
    """One organisation (or one incoming record) as the matcher sees it."""

    key: Any  # the organisation's primary key, or whatever the caller uses to know the record
    org_id: str
    name: str
    names: tuple[tuple[str, ...], ...]  # the tokens of the name, then of each other name
    postcode: str = ""
    domain: str = ""
    kind: str = ""  # legal form, for showing and for filtering by type
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def tokens(self) -> set[str]:
        return {token for name in self.names for token in name}


def make_entry(
    *,
    key: Any,
    name: str,
    org_id: str = "",
    other_names: Iterable[str] = (),
    postcode: str = "",
    website: str = "",
    email: str = "",
    kind: str = "",
    **extra: Any,
) -> Entry:
    names: list[tuple[str, ...]] = []
    for each in (name, *other_names):
        tokens = name_tokens(each or "")
        if tokens and tokens not in names:
            names.append(tokens)
    return Entry(
        key=key,
        org_id=org_id,
        name=name,
        names=tuple(names),
        postcode=postcode_key(postcode),
        domain=web_domain(website) or web_domain(email),
        kind=kind,
        extra=extra,
    )


class MatchIndex:
    """Organisations by telling word, whole name, postcode and web domain."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self.entries: list[Entry | None] = []
        self._where: dict[Any, int] = {}
        self._tokens: defaultdict[str, list[int]] = defaultdict(list)
        self._names: defaultdict[tuple[str, ...], list[int]] = defaultdict(list)
        self._postcodes: defaultdict[str, list[int]] = defaultdict(list)
        self._domains: defaultdict[str, list[int]] = defaultdict(list)
        self.size = 0
        self._sorted_names: list[tuple[str, int]] | None = None  # for finding names by how they start
        for entry in entries:
            self.add(entry)

    def add(self, entry: Entry) -> None:
        """Add a record, or replace the one with the same key."""
        if entry.key in self._where:
            self.remove(entry.key)
        position = len(self.entries)
        self.entries.append(entry)
        self._sorted_names = None
        self._where[entry.key] = position
        self.size += 1
        for token in entry.tokens:
            self._tokens[token].append(position)
        for name in entry.names:
            self._names[name].append(position)
        if entry.postcode:
            self._postcodes[entry.postcode].append(position)
        if entry.domain:
            self._domains[entry.domain].append(position)

    def remove(self, key: Any) -> None:
        """Forget a record (its postings are skipped from now on)."""
        position = self._where.pop(key, None)
        if position is not None and self.entries[position] is not None:
            self.entries[position] = None
            self.size -= 1

    def get(self, key: Any) -> Entry | None:
        position = self._where.get(key)
        return None if position is None else self.entries[position]

    def __len__(self) -> int:
        return self.size

    def __iter__(self) -> Iterator[Entry]:
        return (entry for entry in self.entries if entry is not None)

    def starting_with(self, text: str, limit: int = 10) -> list[Entry]:
        """Organisations whose name (or other name) starts with `text`, word by word, shortest first."""
        wanted = " ".join(name_tokens(text))
        if not wanted:
            return []
        if self._sorted_names is None:
            self._sorted_names = sorted(
                (" ".join(name), position)
                for position, entry in enumerate(self.entries)
                if entry is not None
                for name in entry.names
            )
        found: dict[int, str] = {}
        start = bisect.bisect_left(self._sorted_names, (wanted, -1))
        for name, position in itertools.islice(self._sorted_names, start, None):
            if not name.startswith(wanted) or len(found) >= limit * 20:
                break
            if self.entries[position] is not None:
                found.setdefault(position, name)
        best = sorted(found, key=lambda position: (len(found[position]), found[position]))[:limit]
        return [self.entries[position] for position in best]  # type: ignore[misc]

    # What a word or a name is worth
    def idf(self, token: str) -> float:
        """How telling a word is: the log of how rare it is among the organisations."""
        return math.log((self.size + 1) / (len(self._tokens.get(token, ())) + 1)) + 1.0

    def is_common(self, token: str) -> bool:
        """Whether a word is held by so many organisations (over 1%, and over 3) it says little alone."""
        return len(self._tokens.get(token, ())) > max(3, self.size // 100)

    def name_holders(self, name: tuple[str, ...], besides: Any = None) -> int:
        """How many organisations (other than the one keyed `besides`) go by exactly this name."""
        return len(
            {
                p
                for p in self._names.get(name, ())
                if (entry := self.entries[p]) is not None and entry.key != besides
            }
        )

    def _common(self) -> int:
        return max(MIN_COMMON, int(self.size * COMMON_SHARE))

    def candidates(self, record: Entry, limit: int = CANDIDATES) -> list[Entry]:
        """The organisations most worth comparing with `record`, best first (never `record` itself)."""
        weights: defaultdict[int, float] = defaultdict(float)
        common = self._common()
        for token in record.tokens:
            postings = self._tokens.get(token)
            if postings and len(postings) <= common:
                weight = self.idf(token)
                for position in postings:
                    weights[position] += weight
        for name in record.names:
            for position in self._names.get(name, ()):
                weights[position] += 20.0
        for position in self._postcodes.get(record.postcode, ()) if record.postcode else ():
            weights[position] += 8.0
        for position in self._domains.get(record.domain, ()) if record.domain else ():
            weights[position] += 8.0
        found: list[Entry] = []
        for position, _ in heapq.nlargest(limit + 1, weights.items(), key=lambda item: item[1]):
            entry = self.entries[position]
            if entry is not None and entry.key != record.key:
                found.append(entry)
        return found[:limit]
