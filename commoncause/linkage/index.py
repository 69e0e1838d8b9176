"""A blocking index: the few organisations worth comparing a record with, out of hundreds of thousands.

Comparing one name with every organisation in a national register takes about a tenth of a second;
the index instead looks up organisations sharing a telling word of the name (one held by at most a
few thousand organisations), the postcode, the web domain or the whole name, and only those are
scored. Built once from the database (a few seconds for 200,000 organisations) and kept up to date
as records are added during an import.

A national register is held in a few large blocks: the records packed one after another, each unpacked
when it is compared, and the records' keys, names, postcodes and web domains as hashes in sorted arrays.
As objects (a dictionary entry and a string or two per organisation), they took over 800 MB, in small
blocks that the process could not hand back to the system when the index went.
"""

from __future__ import annotations

import bisect
import itertools
import math
import pickle  # nosec B403 # only for packing entries in memory, see _unpack
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import numpy as np

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


def _pack(entry: Entry) -> bytes:
    """An entry as one byte string (a UUID key as its 16 bytes)."""
    key = entry.key
    is_uuid = isinstance(key, UUID)
    fields = (entry.org_id, entry.name, entry.names, entry.postcode, entry.domain, entry.kind, entry.extra)
    return pickle.dumps((key.bytes if is_uuid else key, is_uuid, *fields), protocol=pickle.HIGHEST_PROTOCOL)


def _unpack(packed: bytes | bytearray) -> Entry:
    # Only what _pack wrote in this process is unpacked.
    key, is_uuid, org_id, name, names, postcode, domain, kind, extra = pickle.loads(packed)  # noqa: S301  # nosec B301 # bytes _pack wrote in this process
    return Entry(
        key=UUID(bytes=key) if is_uuid else key,
        org_id=org_id,
        name=name,
        names=names,
        postcode=postcode,
        domain=domain,
        kind=kind,
        extra=extra,
    )


def _text_hash(text: str) -> tuple[int, int]:
    """Two independent 64-bit hashes of a text: together, no two texts of a register share them."""
    return hash(text), hash(f"{text}\x1f")


class PackedEntries:
    """Entries packed one after another into one buffer, each unpacked when asked for by its position."""

    def __init__(self) -> None:
        self._data = bytearray()
        self._ends = array("q")  # where each entry ends in _data
        self._held = bytearray()  # 1 for each entry still held, 0 once removed

    def __len__(self) -> int:
        return len(self._ends)

    def append(self, entry: Entry) -> None:
        self._data += _pack(entry)
        self._ends.append(len(self._data))
        self._held.append(1)

    def drop(self, position: int) -> bool:
        """Forget the entry at this position; whether it was held."""
        held = self._held[position]
        self._held[position] = 0
        return bool(held)

    def held(self, position: int) -> bool:
        return bool(self._held[position])

    def held_among(self, positions: np.ndarray) -> np.ndarray:
        """For each of these positions, whether its entry is still held (a mask)."""
        held: np.ndarray = np.frombuffer(self._held, dtype=np.uint8)[positions] != 0
        return held

    def __getitem__(self, position: int) -> Entry:
        start = self._ends[position - 1] if position else 0
        return _unpack(self._data[start : self._ends[position]])

    def __iter__(self) -> Iterator[Entry]:
        return (self[position] for position in range(len(self)) if self._held[position])


class HashedPositions:
    """Positions by a pair of hashes (of a key, a name, a postcode or a web domain), in position order.

    The pairs known when the index is built sit in sorted arrays; those added later, in a dictionary."""

    def __init__(self, first: array[int], second: array[int], positions: array[int]) -> None:
        order = np.argsort(np.frombuffer(first, dtype=np.int64), kind="stable")
        self._first = np.frombuffer(first, dtype=np.int64)[order]
        self._second = np.frombuffer(second, dtype=np.int64)[order]
        self._positions = np.frombuffer(positions, dtype=np.int64)[order]
        self._later: dict[tuple[int, int], list[int]] = {}

    def add(self, hashes: tuple[int, int], position: int) -> None:
        self._later.setdefault(hashes, []).append(position)

    def get(self, hashes: tuple[int, int]) -> list[int]:
        first, second = hashes
        start = int(np.searchsorted(self._first, first, "left"))
        end = int(np.searchsorted(self._first, first, "right"))
        built = [
            int(position)
            for position, other in zip(self._positions[start:end], self._second[start:end], strict=True)
            if other == second
        ]
        return built + self._later.get(hashes, [])

    def repeated(self) -> list[tuple[int, int]]:
        """Each pair held at more than one position when the index was built."""
        at = np.flatnonzero((self._first[1:] == self._first[:-1]) & (self._second[1:] == self._second[:-1]))
        return sorted({(int(self._first[i]), int(self._second[i])) for i in at})


KINDS = ("keys", "names", "postcodes", "domains")


def _hashes(entry: Entry) -> Iterator[tuple[str, tuple[int, int]]]:
    """What an entry is found by, hashed (its key's hash alone: an entry found by it is checked)."""
    yield "keys", (hash(entry.key), 0)
    for name in entry.names:
        yield "names", _text_hash(" ".join(name))
    if entry.postcode:
        yield "postcodes", _text_hash(entry.postcode)
    if entry.domain:
        yield "domains", _text_hash(entry.domain)


class MatchIndex:
    """Organisations by telling word, whole name, postcode and web domain."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self._entries = PackedEntries()
        # Most words have many holders: their positions go straight into arrays.
        self._tokens: defaultdict[str, array[int]] = defaultdict(lambda: array("i"))
        self.size = 0
        self._changes = 0  # records added or removed: what the remembered idfs were worked out at
        self._idfs: dict[str, float] = {}
        self._idfs_at = 0
        self._sorted_names: list[tuple[str, int]] | None = None  # for finding names by how they start
        built = {kind: (array("q"), array("q"), array("q")) for kind in KINDS}
        for entry in entries:
            position = self._append(entry)
            for kind, (first, second) in _hashes(entry):
                firsts, seconds, positions = built[kind]
                firsts.append(first)
                seconds.append(second)
                positions.append(position)
        self._postings = {kind: HashedPositions(*built[kind]) for kind in KINDS}
        self._drop_given_again()

    def _drop_given_again(self) -> None:
        """Of a record given twice to the constructor, keep the last (as `add` would)."""
        for hashes in self._postings["keys"].repeated():
            held = self._postings["keys"].get(hashes)
            keys = [self._entries[position].key for position in held]
            for at, position in enumerate(held):
                if keys[at] in keys[at + 1 :] and self._entries.drop(position):
                    self.size -= 1

    def _append(self, entry: Entry) -> int:
        position = len(self._entries)
        self._entries.append(entry)
        self._sorted_names = None
        self.size += 1
        self._changes += 1
        for token in entry.tokens:
            self._tokens[token].append(position)
        return position

    def add(self, entry: Entry) -> None:
        """Add a record, or replace the one with the same key."""
        self.remove(entry.key)
        position = self._append(entry)
        for kind, hashes in _hashes(entry):
            self._postings[kind].add(hashes, position)

    def _position(self, key: Any) -> int | None:
        """Where the record with this key is held, if it is."""
        for position in self._postings["keys"].get((hash(key), 0)):
            if self._entries.held(position) and self._entries[position].key == key:
                return position
        return None

    def remove(self, key: Any) -> None:
        """Forget a record (its postings are skipped from now on)."""
        position = self._position(key)
        if position is not None and self._entries.drop(position):
            self.size -= 1
            self._changes += 1

    def get(self, key: Any) -> Entry | None:
        position = self._position(key)
        return None if position is None else self._entries[position]

    def __len__(self) -> int:
        return self.size

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries)

    def starting_with(self, text: str, limit: int = 10) -> list[Entry]:
        """Organisations whose name (or other name) starts with `text`, word by word, shortest first."""
        wanted = " ".join(name_tokens(text))
        if not wanted:
            return []
        if self._sorted_names is None:
            self._sorted_names = sorted(
                (" ".join(name), position)
                for position in range(len(self._entries))
                if self._entries.held(position)
                for name in self._entries[position].names
            )
        found: dict[int, str] = {}
        start = bisect.bisect_left(self._sorted_names, (wanted, -1))
        for name, position in itertools.islice(self._sorted_names, start, None):
            if not name.startswith(wanted) or len(found) >= limit * 20:
                break
            if self._entries.held(position):
                found.setdefault(position, name)
        best = sorted(found, key=lambda position: (len(found[position]), found[position]))[:limit]
        return [self._entries[position] for position in best]

    # What a word or a name is worth
    def idf(self, token: str) -> float:
        """How telling a word is: the log of how rare it is among the organisations."""
        if self._idfs_at != self._changes:  # remembered until a record is added or removed
            self._idfs.clear()
            self._idfs_at = self._changes
        idf = self._idfs.get(token)
        if idf is None:
            idf = self._idfs[token] = math.log((self.size + 1) / (len(self._tokens.get(token, ())) + 1)) + 1.0
        return idf

    def is_common(self, token: str) -> bool:
        """Whether a word is held by so many organisations (over 1%, and over 3) it says little alone."""
        return len(self._tokens.get(token, ())) > max(3, self.size // 100)

    def name_holders(self, name: tuple[str, ...], besides: Any = None) -> int:
        """How many organisations (other than the one keyed `besides`) go by exactly this name."""
        held = [p for p in self._postings["names"].get(_text_hash(" ".join(name))) if self._entries.held(p)]
        return len({p for p in held if besides is None or self._entries[p].key != besides})

    def _common(self) -> int:
        return max(MIN_COMMON, int(self.size * COMMON_SHARE))

    def candidates(self, record: Entry, limit: int = CANDIDATES) -> list[Entry]:
        """The organisations most worth comparing with `record`, best first (never `record` itself).

        Each organisation's weight is the sum of what it shares with the record: each telling word's
        idf, 20 for the whole name, 8 for the postcode and 8 for the web domain. A word's holders can
        number thousands, so the sums are taken over arrays; among equal weights, the earlier held."""
        common = self._common()
        positions: list[np.ndarray] = []
        weights: list[np.ndarray] = []
        for token in record.tokens:
            postings = self._tokens.get(token)
            if postings and len(postings) <= common:
                positions.append(np.frombuffer(postings, dtype=np.int32).astype(np.int64))
                weights.append(np.full(len(postings), self.idf(token)))
        shared = [(position, 20.0) for name in record.names for position in self._by("names", " ".join(name))]
        shared += [(position, 8.0) for position in self._by("postcodes", record.postcode)]
        shared += [(position, 8.0) for position in self._by("domains", record.domain)]
        if shared:
            positions.append(np.array([position for position, _ in shared], dtype=np.int64))
            weights.append(np.array([weight for _, weight in shared]))
        if not positions:
            return []
        held, inverse = np.unique(np.concatenate(positions), return_inverse=True)
        totals = np.bincount(inverse, weights=np.concatenate(weights))
        # Records removed since they were posted are left out before the best are taken, so that they
        # cannot crowd out those still held.
        kept = self._entries.held_among(held)
        held, totals = held[kept], totals[kept]
        if len(totals) > limit + 1:  # those at least as heavy as the (limit + 1)th, then in order
            floor = np.partition(totals, len(totals) - limit - 1)[len(totals) - limit - 1]
            heavy = totals >= floor
            held, totals = held[heavy], totals[heavy]
        found: list[Entry] = []
        for position in held[np.lexsort((held, -totals))][: limit + 1]:
            if (entry := self._entries[int(position)]).key != record.key:
                found.append(entry)
        return found[:limit]

    def _by(self, kind: str, text: str) -> list[int]:
        """The positions holding this name, postcode or web domain ('' holds none)."""
        return self._postings[kind].get(_text_hash(text)) if text else []
