"""Someone checks a text for plain English: pastes it, sees each finding marked in the text and listed,
follows a finding to its place, reads the scores, then checks a Word file. The pages pass axe-core's
checks and break no content-security rule."""

import re

import pytest
from playwright.sync_api import expect

from commoncause.plainenglish.tests.documents import word_document
from commoncause.plainenglish.tests.planted import EVERY_KIND, planted
from tests.browser.navigation import from_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TEXT, EXPECTED = planted(EVERY_KIND)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_a_pasted_text_shows_its_findings_marked_and_its_scores(page, assert_accessible):
    page.goto("/")
    from_menu(page)
    page.get_by_role("link", name="Plain English").click()
    expect(page.get_by_role("heading", name="Check a text for plain English")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Check the text").click()
    expect(page.get_by_role("link", name="Paste a text to check, or choose a file.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Paste your text").fill(TEXT)
    page.get_by_role("button", name="Check the text").click()
    expect(page.get_by_test_id("pe-summary")).to_have_text(
        "7 findings in 80 words and 7 sentences: 2 words to avoid, 2 jargon terms, 1 abbreviation not "
        "spelled out, 1 long sentence, 1 passive construction."
    )
    marked = page.get_by_test_id("pe-text")
    for kind, count in (
        ("avoid", 2),
        ("jargon", 2),
        ("abbreviation", 1),
        ("long_sentence", 1),
        ("passive", 1),
    ):
        expect(marked.locator(f"mark.cc-pe-mark--{kind}")).to_have_count(count)
    utilise = marked.locator("#pe-finding-2")
    expect(utilise).to_contain_text("utilise")
    assert utilise.evaluate("mark => getComputedStyle(mark).backgroundColor") == "rgb(255, 221, 0)"
    # screen readers hear what kind of finding starts, and where it ends
    expect(utilise.locator(".govuk-visually-hidden").first).to_have_text("[Word to avoid starts] ")
    expect(page.get_by_test_id("pe-legend")).to_contain_text("Passive voice: 1")
    page.get_by_role("link", name="Passive voice: ‘was signed’").click()
    expect(page).to_have_url(re.compile(r"/plain-english/#pe-finding-4$"))
    expect(page.locator("#pe-finding-4")).to_be_in_viewport()
    scores = page.get_by_test_id("pe-scores")
    expect(scores.get_by_role("row", name="Flesch reading ease")).to_contain_text("84.2")
    expect(scores).to_contain_text("Automated readability index")
    expect(page.get_by_label("Paste your text")).to_have_value(TEXT)
    assert_accessible(page)


def test_a_word_file_is_checked_as_its_text(page, assert_accessible):
    page.goto("/plain-english/")
    data = word_document(TEXT.strip().split("\n\n"))
    page.get_by_label("Or choose a file").set_input_files(
        files=[{"name": "plan.docx", "mimeType": DOCX, "buffer": data}]
    )
    page.get_by_role("button", name="Check the text").click()
    expect(page.get_by_test_id("pe-text").locator("mark[id]")).to_have_count(len(EXPECTED))
    expect(page.get_by_label("Paste your text")).to_have_value(TEXT.strip())
    assert_accessible(page)
