"""Where a text's sentences begin and end.

A sentence ends at a full stop, question mark, exclamation mark or ellipsis (with any closing quotes or
brackets after it) followed by a space, a line break or the end of the text; at a blank line; and at a
single line break where a list item starts or ends, or after a short line with no closing punctuation
followed by a capital (a heading). Other single line breaks are spaces: text copied from a PDF breaks
its lines wherever the page did.

A full stop is not an end after a title or a shortening people write with one (`Dr.`, `e.g.`), after
a single letter (an initial, `J. Smith`), or after the number or letter that begins a list item (`1.`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from commoncause.plainenglish.checker.text import words

_STOP = re.compile(r"[.!?…]+[\"'’”)\]]*(?=\s|$)")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_LINE_BREAK = re.compile(r"\n")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*•–]|\d{1,3}[.)]|[a-z][.)])[ \t]")
_NUMBERED = re.compile(r"[ \t]*(?:\d{1,3}|[A-Za-z])")
_LAST_WORD = re.compile(r"([^\W\d_]+(?:\.[^\W\d_]+)*)\.$")
# Written with a full stop that does not end the sentence (compared in lower case).
NOT_AN_END = frozenset(
    {"mr", "mrs", "ms", "dr", "st", "cllr", "prof", "rev", "e.g", "i.e", "eg", "ie", "no", "vs", "approx"}
)
HEADING_WORDS = 8  # a line this short, with no closing punctuation, before a capital is a heading


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    words: int


def sentences(text: str) -> list[Sentence]:
    """The sentences of the text that hold at least one word, in order, without surrounding spaces."""
    found = []
    begin = 0
    for end in sorted(_ends(text)):
        if end > begin:
            found.extend(_sentence(text, begin, end))
            begin = end
    found.extend(_sentence(text, begin, len(text)))
    return found


def _sentence(text: str, start: int, end: int) -> list[Sentence]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    count = sum(1 for _ in words(text, start, end))
    return [Sentence(start, end, count)] if count else []


def _ends(text: str) -> set[int]:
    ends = {m.end() for m in _STOP.finditer(text) if _ends_sentence(text, m)}
    ends |= {m.start() for m in _BLANK_LINE.finditer(text)}
    ends |= {m.start() for m in _LINE_BREAK.finditer(text) if _line_ends_sentence(text, m.start())}
    return ends


def _ends_sentence(text: str, stop: re.Match[str]) -> bool:
    if stop.group() != ".":
        return True
    if _numbers_a_list_item(text, stop.start()):
        return False
    before = _LAST_WORD.search(text, max(0, stop.start() - 20), stop.end())
    if before is None:
        return True
    word = before.group(1)
    return len(word) > 1 and word.lower() not in NOT_AN_END


def _numbers_a_list_item(text: str, at: int) -> bool:
    """Whether the full stop at `at` follows the number or letter that begins a line (`1.`, `a.`)."""
    begin = max(0, at - 8)
    head = text[begin:at]
    newline = head.rfind("\n")
    if newline < 0 and begin > 0:
        return False  # the line began further back than a list item's number can take
    return _NUMBERED.fullmatch(head[newline + 1 :]) is not None


def _line_ends_sentence(text: str, at: int) -> bool:
    """Whether the single line break at `at` ends a sentence (a list item, or a heading, ends there)."""
    line_start = text.rfind("\n", 0, at) + 1
    next_end = text.find("\n", at + 1)
    line, following = text[line_start:at], text[at + 1 : len(text) if next_end < 0 else next_end]
    if not line.strip() or not following.strip():
        return False  # a blank line: found apart
    if _LIST_ITEM.match(line) or _LIST_ITEM.match(following):
        return True
    stripped = line.rstrip()
    heading = sum(1 for _ in words(stripped)) <= HEADING_WORDS and not stripped.endswith((",", ";", ":"))
    first = following.lstrip()[:1]
    return heading and (first.isupper() or first.isdigit())
