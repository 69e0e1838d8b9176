"""The marked text: findings nest, overlapping ones are cut, and every character is escaped."""

from __future__ import annotations

import re

from commoncause.plainenglish.checker import Finding
from commoncause.plainenglish.highlight import highlighted

HIDDEN = re.compile(r'<span class="govuk-visually-hidden">[^<]*</span>')


def _finding(kind: str, text: str, start: int, end: int) -> Finding:
    return Finding(kind, start, end, text[start:end], "message", "suggestion")  # type: ignore[arg-type]


def _plain(html: str) -> str:
    """The marks without the words only screen readers read."""
    return HIDDEN.sub("", html)


def test_a_finding_inside_another_is_marked_inside_it() -> None:
    text = "It was signed by us."
    findings = [_finding("long_sentence", text, 0, 20), _finding("passive", text, 3, 13)]
    assert _plain(highlighted(text, findings)) == (
        '<mark class="cc-pe-mark cc-pe-mark--long_sentence" id="pe-finding-1">It '
        '<mark class="cc-pe-mark cc-pe-mark--passive" id="pe-finding-2">was signed</mark> by us.</mark>'
    )


def test_overlapping_findings_are_cut_where_the_first_ends_and_go_on_after_it() -> None:
    text = "one two three four"
    findings = [_finding("passive", text, 0, 7), _finding("avoid", text, 4, 13)]
    html = highlighted(text, findings)
    assert _plain(html) == (
        '<mark class="cc-pe-mark cc-pe-mark--passive" id="pe-finding-1">one '
        '<mark class="cc-pe-mark cc-pe-mark--avoid" id="pe-finding-2">two</mark></mark>'
        '<mark class="cc-pe-mark cc-pe-mark--avoid"> three</mark> four'
    )
    # the second says where it starts in its first mark and where it ends in its last
    assert html.count("[Word to avoid starts]") == 1
    assert html.count("[word to avoid ends]") == 1
    assert html.index("[Word to avoid starts]") < html.index("two") < html.index("[word to avoid ends]")
    assert html.index("three") < html.index("[word to avoid ends]")


def test_every_character_of_the_text_is_escaped() -> None:
    text = '<b>"Bold" & <script>alert(1)</script></b>'
    html = highlighted(text, [_finding("jargon", text, 3, 9)])
    assert "<script>" not in html
    assert "<b>" not in html
    assert _plain(html) == (
        '&lt;b&gt;<mark class="cc-pe-mark cc-pe-mark--jargon" id="pe-finding-1">&quot;Bold&quot;</mark> '
        "&amp; &lt;script&gt;alert(1)&lt;/script&gt;&lt;/b&gt;"
    )


def test_a_text_without_findings_is_the_text_escaped() -> None:
    assert highlighted("a < b", []) == "a &lt; b"
