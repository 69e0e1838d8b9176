"""The checked text as HTML, each finding marked where it stands: `<mark>` with a class for its kind.

Findings nest (a passive inside a long sentence, a word inside a passive). Where two overlap without
one holding the other, the later is cut at the earlier's end and goes on in a second mark after it.
Each finding's first mark carries its id (`pe-finding-<n>`, n counting from 1 in the order of the
findings) and says, in text only screen readers read, what kind of finding starts there; its last
mark says it ends. Every character of the text is escaped.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from commoncause.plainenglish.checker import Finding
from commoncause.plainenglish.report import KIND_LABELS as LABELS

_LAYER = {"long_sentence": 0, "passive": 1, "avoid": 2, "jargon": 2, "abbreviation": 2}


@dataclass
class _Mark:
    index: int  # of the finding; -1 for the whole text
    start: int
    end: int
    first: bool = True  # the finding's first mark
    last: bool = True  # the finding's last mark
    children: list[_Mark] = field(default_factory=list)


def highlighted(text: str, findings: list[Finding] | tuple[Finding, ...]) -> SafeString:
    root = _nest(findings, len(text))
    return mark_safe("".join(_html(text, root, findings)))  # noqa: S308  # nosec B308 B703 # all text is escaped


def _nest(findings: list[Finding] | tuple[Finding, ...], length: int) -> _Mark:
    root = _Mark(-1, 0, length)
    pieces = [(f.start, -f.end, _LAYER[f.kind], index, True) for index, f in enumerate(findings)]
    heapq.heapify(pieces)
    stack = [root]
    while pieces:
        start, negative_end, layer, index, first = heapq.heappop(pieces)
        end = -negative_end
        while len(stack) > 1 and stack[-1].end <= start:
            stack.pop()
        parent = stack[-1]
        if end > parent.end:  # runs past the mark it starts in: go on after it
            heapq.heappush(pieces, (parent.end, -end, layer, index, False))
            end = parent.end
        if end <= start:
            continue
        mark = _Mark(index, start, end, first=first, last=end == findings[index].end)
        parent.children.append(mark)
        stack.append(mark)
    return root


def _html(text: str, mark: _Mark, findings: list[Finding] | tuple[Finding, ...]) -> Iterator[str]:
    kind = findings[mark.index].kind if mark.index >= 0 else ""
    if kind:
        number = f' id="pe-finding-{mark.index + 1}"' if mark.first else ""
        yield f'<mark class="cc-pe-mark cc-pe-mark--{kind}"{number}>'
        if mark.first:
            yield f'<span class="govuk-visually-hidden">[{LABELS[kind]} starts] </span>'
    at = mark.start
    for child in mark.children:
        yield escape(text[at : child.start])
        yield from _html(text, child, findings)
        at = child.end
    yield escape(text[at : mark.end])
    if kind:
        if mark.last:
            yield f'<span class="govuk-visually-hidden"> [{LABELS[kind].lower()} ends]</span>'
        yield "</mark>"
