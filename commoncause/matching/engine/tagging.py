"""How often UK-CAT's own pattern for each tag matches a description: the tags an organisation does,
by its words. Each pattern is tried only on a text holding a word like one of its tag's words (a
fraction of the 254 per text), so a text takes about a millisecond; a national register's are counted
once, in forked workers, and kept by each text's hash (`matching.tag_store`), so preparing the register
again counts only what changed."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from commoncause.matching.engine.concepts import Tag
from commoncause.matching.engine.words import terms

Counts = tuple[tuple[str, int], ...]  # (tag code, matches), for the tags matched
SHORTEST_BEGINNING = 4  # a word of a pattern stands for words it begins from four letters on


def text_hash(text: str) -> bytes:
    """A short fingerprint of a description, to know its counts again."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).digest()


@dataclass(frozen=True)
class _Index:
    """The tags by their words (and pieces of words), and by each beginning of those words."""

    by_word: dict[str, frozenset[str]]
    by_beginning: dict[str, frozenset[str]]
    longest: int


@cache
def _index(tags: tuple[Tag, ...]) -> _Index:
    by_word: defaultdict[str, set[str]] = defaultdict(set)
    by_beginning: defaultdict[str, set[str]] = defaultdict(set)
    for tag in tags:
        for word in tag.vocabulary:
            by_word[word].add(tag.code)
            for end in range(SHORTEST_BEGINNING, len(word)):
                by_beginning[word[:end]].add(tag.code)
    return _Index(
        by_word={word: frozenset(codes) for word, codes in by_word.items()},
        by_beginning={word: frozenset(codes) for word, codes in by_beginning.items()},
        longest=max((len(word) for word in by_word), default=0),
    )


def candidate_tags(text: str, tags: dict[str, Tag]) -> set[str]:
    """The tags whose patterns may match the text: a word of the text begins with one of the tag's
    words ('jewish' with 'jew'), or is one of them, or begins one of them ('univers' of 'universit')."""
    index = _index(tuple(tags.values()))
    found: set[str] = set()
    for word in set(terms(text)):
        for end in range(3, min(len(word), index.longest) + 1):
            found.update(index.by_word.get(word[:end], ()))
        if len(word) >= SHORTEST_BEGINNING:
            found.update(index.by_beginning.get(word, ()))
    return found


def count_tags(text: str, tags: dict[str, Tag]) -> Counts:
    """How often each tag's pattern matches the text (a text its exclusion pattern matches: none)."""
    counts = []
    for code in sorted(candidate_tags(text, tags)):
        tag = tags[code]
        if tag.pattern is None or (tag.exclude is not None and tag.exclude.search(text)):
            continue
        if found := len(tag.pattern.findall(text)):
            counts.append((code, found))
    return tuple(counts)


def count_all(texts: Sequence[str], tags: dict[str, Tag]) -> list[Counts]:
    return [count_tags(text, tags) for text in texts]
