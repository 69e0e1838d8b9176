"""The checker finds every planted problem at its exact span, and nothing in a plain text."""

from __future__ import annotations

import pytest

from commoncause.plainenglish.checker import GlossaryEntry, check
from commoncause.plainenglish.tests.planted import CONTROL, EVERY_KIND, found, planted


def test_a_plain_text_has_no_findings() -> None:
    result = check(CONTROL)
    assert result.findings == ()
    assert result.counts.words > 90  # a real text was checked


def test_every_kind_planted_is_found_at_its_span_and_nothing_else() -> None:
    text, expected = planted(EVERY_KIND)
    assert found(check(text)) == expected
    assert {kind for kind, *_ in expected} == {"avoid", "jargon", "abbreviation", "long_sentence", "passive"}


def test_each_finding_is_the_text_at_its_offsets_with_a_message_and_a_suggestion() -> None:
    text, _ = planted(EVERY_KIND)
    for finding in check(text).findings:
        assert text[finding.start : finding.end] == finding.text
        assert finding.message
        assert finding.suggestion


@pytest.mark.parametrize(
    "marked",
    [
        # whole words only, in any case
        "The ⟦avoid|KEY⟧ point. A keyboard, a key-worker and the committee are fine.",
        "We ⟦avoid|Utilise⟧ it, then we ⟦avoid|utilised⟧ it and are ⟦avoid|utilising⟧ it.",
        # a phrase across a line break, and a hyphen where the list has a space (and the other way)
        "Plans change ⟦avoid|going\nforward⟧. The ⟦avoid|ring-fencing⟧ ends. A ⟦jargon|cross cutting⟧ theme.",
        # the longer phrase where a shorter one starts at the same word, reported once
        "The ⟦jargon|holistic governance⟧ review and ⟦jargon|capacity building⟧ grants.",
        # a word on both GOV.UK's list and the LGA's is reported once, as a word to avoid
        "We ⟦avoid|facilitate⟧ a ⟦avoid|dialogue⟧.",
        # a / in the LGA's list gives alternatives; a possessive is the word without 's
        "Their ⟦jargon|democratic legitimacy⟧ rests on the ⟦jargon|stakeholder⟧'s view.",
        # plurals of the lists' words
        "Two ⟦jargon|priorities⟧ and three ⟦jargon|customers⟧.",
    ],
)
def test_words_and_phrases_are_matched_as_whole_words_the_longest_first(marked: str) -> None:
    text, expected = planted(marked)
    assert found(check(text)) == expected


def test_avoid_findings_give_govuks_reason_and_its_plain_alternative() -> None:
    (finding,) = check("We utilise it.").findings
    assert finding.message == "Avoid ‘utilise’: plain alternative exists."
    assert finding.suggestion == "use"


def test_jargon_to_explain_gets_an_explanation_at_its_first_use_only() -> None:
    text, expected = planted("⟦jargon|Commissioning⟧ is hard. We do commissioning each year.")
    result = check(text)
    assert found(result) == expected
    assert result.findings[0].message.startswith("Explain ‘Commissioning’ the first time you use it")
    assert result.findings[0].suggestion == "deciding what services to buy or fund, and from whom"


def test_jargon_to_avoid_is_a_warning_at_every_use() -> None:
    text, expected = planted("A ⟦jargon|synergies⟧ plan. More ⟦jargon|synergies⟧.")
    result = check(text)
    assert found(result) == expected
    assert result.findings[0].message == "‘synergies’ is council jargon: say it in plain words."
    assert result.findings[0].suggestion == "benefits of working together"


@pytest.mark.parametrize(
    "marked",
    [
        "Council for Voluntary Service (CVS) staff help. The CVS is open.",
        "The CVS (Council for Voluntary Service) helps. Ask the CVS.",
        "Department for Work and Pensions (DWP) rules. Non-Governmental Organisation (NGO) help.",
        "Two Clinical Care Groups (CCGs) agreed. Each CCG pays.",
        "Ask the NHS, your GP, the BBC, the UK and EU, or your MPs; COVID-19 rules; see GOV.UK.",
        "Write to SW1A 2AA or to BT1 5GS.",
        "ANNUAL REPORT FOR 2024\nIt was a good year.",
        "Email CVS@council.example or see https://www.example.org/CVS/page.",
    ],
)
def test_abbreviations_spelled_out_known_or_not_abbreviations_are_not_flagged(marked: str) -> None:
    text, expected = planted(marked)
    assert expected == []
    assert found(check(text)) == []


@pytest.mark.parametrize(
    "marked",
    [
        # spelled out only later: the first use is flagged, no other
        "The ⟦abbreviation|DWP⟧ pays. Department for Work and Pensions (DWP) rules. The DWP says no.",
        # a plural, and digits in it
        "Local ⟦abbreviation|CCGs⟧ and the ⟦abbreviation|A1M⟧ road. Each CCG helps.",
        # words in brackets that do not spell it out
        "Local Services (⟦abbreviation|CVS⟧) help.",
    ],
)
def test_an_abbreviation_not_spelled_out_is_flagged_at_its_first_use(marked: str) -> None:
    text, expected = planted(marked)
    assert found(check(text)) == expected


@pytest.mark.parametrize(
    "marked",
    [
        "The form ⟦passive|was signed⟧. The grant ⟦passive|is not paid⟧ yet.",
        "It ⟦passive|is being assessed⟧ and has ⟦passive|been written⟧.",
        "Bids ⟦passive|were quickly checked⟧ and ⟦passive|are usually taken⟧ in May.",
        "The hall ⟦passive|was rebuilt⟧. It ⟦passive|isn't needed⟧. The van ⟦passive|is used⟧ daily.",
        "We ⟦passive|are interested⟧ in it.",  # an adjective that is also a participle: flagged
    ],
)
def test_passive_constructions_are_found_from_the_verb_to_the_participle(marked: str) -> None:
    text, expected = planted(marked)
    assert found(check(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The door is red.",
        "The hall is open. It is often busy. We are keen. It is even better.",
        "It is indeed true. The need is great. It is ready.",
        "The cause is unknown and the post is unfunded.",
        "The winner is Fred. The scheme is well-known.",
        "Being honest helps. It was seven.",
    ],
)
def test_adjectives_and_words_that_look_like_participles_are_not_passive(text: str) -> None:
    assert check(text).findings == ()


def _sentence(words: int) -> str:
    return " ".join(["word"] * (words - 1)) + " end."


def test_sentences_over_25_words_are_flagged_whole() -> None:
    text = f"{_sentence(25)} {_sentence(26)}"
    (finding,) = check(text).findings
    assert finding.kind == "long_sentence"
    assert (finding.start, finding.end) == (len(_sentence(25)) + 1, len(text))
    assert finding.message == "This sentence has 26 words: keep sentences to 25 words or fewer."


def test_a_councils_own_terms_are_found_with_their_explanation() -> None:
    glossary = (
        GlossaryEntry("locality hub", "local office", "the council's office in each area"),
        GlossaryEntry("CVS", "", "the Council for Voluntary Service", explain_only=True),
    )
    text, expected = planted(
        "The ⟦jargon|CVS⟧ runs the ⟦jargon|Locality Hub⟧. Ask the CVS at the ⟦jargon|locality\nhub⟧."
    )
    result = check(text, glossary)
    assert found(result) == expected
    cvs, hub = result.findings[0], result.findings[1]
    assert cvs.message == (
        "Explain ‘CVS’ the first time you use it: it is one of the council's own terms. "
        "It means: the Council for Voluntary Service."
    )
    assert cvs.suggestion == "the Council for Voluntary Service"
    assert hub.message == (
        "‘Locality Hub’ is on the council's list of words to avoid. "
        "It means: the council's office in each area."
    )
    assert hub.suggestion == "local office"
    assert found(check(text)) == [("abbreviation", 4, 7, "CVS")]  # without the glossary


def test_a_councils_own_term_wins_over_the_shipped_lists() -> None:
    glossary = [GlossaryEntry("commissioning", "buying services")]
    text, expected = planted("⟦jargon|Commissioning⟧ starts. ⟦jargon|Commissioning⟧ ends.")
    result = check(text, glossary)
    assert found(result) == expected  # at every use: the council wants it avoided, not explained
    assert {f.suggestion for f in result.findings} == {"buying services"}


def test_findings_never_repeat_a_span() -> None:
    text = "The CAAs and LAAs (spelled out nowhere) utilise a key dialogue going forward. " * 3
    spans = [(f.start, f.end) for f in check(text).findings if f.kind != "long_sentence"]
    assert len(spans) == len(set(spans))
    assert len(spans) >= 9


def test_an_empty_text_or_one_without_words_has_no_findings_and_no_scores() -> None:
    for text in ("", "   \n", "… — !"):
        result = check(text)
        assert result.findings == ()
        assert result.scores.flesch_reading_ease is None
