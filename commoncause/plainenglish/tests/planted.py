"""Texts written for the tests, with their problems planted and marked where they stand.

`⟦kind|words⟧` marks the words a finding of that kind must cover exactly; marks may nest (a word inside
a long sentence). `planted(marked)` gives the text without the marks and the findings expected in it,
as (kind, start, end, text), in the order the checker gives them.
"""

from __future__ import annotations

from commoncause.plainenglish.checker import KINDS, Result

Expected = tuple[str, int, int, str]


def planted(marked: str) -> tuple[str, list[Expected]]:
    text: list[str] = []
    opened: list[tuple[str, int]] = []
    expected: list[Expected] = []
    at = 0
    while at < len(marked):
        character = marked[at]
        if character == "⟦":
            bar = marked.index("|", at)
            opened.append((marked[at + 1 : bar], len(text)))
            at = bar + 1
            continue
        if character == "⟧":
            kind, start = opened.pop()
            expected.append((kind, start, len(text), "".join(text[start:])))
        else:
            text.append(character)
        at += 1
    assert not opened, "a mark is not closed"
    expected.sort(key=lambda e: (e[1], e[2], KINDS.index(e[0])))
    return "".join(text), expected


def found(result: Result) -> list[Expected]:
    return [(f.kind, f.start, f.end, f.text) for f in result.findings]


# A plain text: short sentences, everyday words, the active voice, only abbreviations everyone knows.
CONTROL = """Our lunch club meets every Tuesday at the church hall on King Street, London SW1A 2AA.

Anyone over 60 can come. We cook a hot meal, and there is tea and cake for £3. You do not need to book.
If you cannot get to the hall, our volunteers can pick you up in the minibus. Call Mary on
020 7946 0000 to ask for a lift, or see our page on GOV.UK.

The NHS and your GP can tell you about other help near you. We also run a quiz on the first Friday of
each month. The door is red and the hall is open from 10am. We are keen to meet new people, and we
often see old friends again.
"""

# Every kind of problem, each planted once.
EVERY_KIND = """The ⟦abbreviation|CVS⟧ runs a lunch club for older people.
We will ⟦avoid|utilise⟧ the church hall ⟦avoid|in order to⟧ serve hot meals.
Each form ⟦passive|was signed⟧ by a volunteer.
⟦jargon|Stakeholders⟧ can read the plan on our website.

⟦long_sentence|The club is for anyone over sixty who lives alone, who would like a hot meal
and a chat with friends, and who can get to the hall on a Tuesday or a Friday morning.⟧

Our ⟦jargon|commissioning⟧ team set the budget. Commissioning takes time.
"""
