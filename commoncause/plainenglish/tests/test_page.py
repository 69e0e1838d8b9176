"""`/plain-english/`: paste a text or choose a file; see each finding marked in the text, and the scores."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile
from django.test import Client, RequestFactory
from django.utils.html import escape

from commoncause.plainenglish.forms import MAX_FILE_BYTES
from commoncause.plainenglish.tests.documents import pdf_document, word_document
from commoncause.plainenglish.tests.planted import CONTROL, EVERY_KIND, planted
from commoncause.plainenglish.uploads import MemoryOnlyUploadHandler

pytestmark = pytest.mark.django_db
URL = "/plain-english/"
TEXT, EXPECTED = planted(EVERY_KIND)
MARK = re.compile(r'<mark class="cc-pe-mark cc-pe-mark--(\w+)"(?: id="pe-finding-(\d+)")?>')


def _marks(html: str) -> list[tuple[str, str]]:
    """(kind, finding number) of each mark opening a finding in the marked text."""
    marked = html[
        html.index('data-testid="pe-text"') : html.index("</div>", html.index('data-testid="pe-text"'))
    ]
    return [(kind, number) for kind, number in MARK.findall(marked) if number]


def test_the_page_is_open_to_everyone_with_a_form(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<textarea class="govuk-textarea" id="id_text" name="text"' in html
    assert 'type="file" accept=".txt,.docx,.pdf"' in html
    assert 'enctype="multipart/form-data"' in html
    assert 'href="/plain-english/"' in html  # in the service navigation


def test_a_pasted_text_is_shown_with_each_finding_marked_listed_and_scored(client: Client) -> None:
    response = client.post(URL, {"text": TEXT})
    assert response.status_code == 200
    html = response.content.decode()
    assert _marks(html) == [(kind, str(number)) for number, (kind, *_rest) in enumerate(EXPECTED, 1)]
    assert '<span class="govuk-visually-hidden">[Word to avoid starts] </span>utilise' in html
    assert 'utilise<span class="govuk-visually-hidden"> [word to avoid ends]</span></mark>' in html
    assert "7 findings in 80 words and 7 sentences" in html
    assert 'href="#pe-finding-2">Word to avoid: ‘utilise’</a>' in html
    assert "Avoid ‘utilise’: plain alternative exists." in html
    assert "Flesch reading ease" in html
    assert "What it means" in html
    assert re.search(r"Flesch reading ease</th>\s*<td[^>]*>84\.2</td>", html)
    assert escape(TEXT) in html  # the text is kept in the box, to change and check again


def test_a_plain_text_is_said_to_need_no_change(client: Client) -> None:
    html = client.post(URL, {"text": CONTROL}).content.decode()
    assert "Nothing to change in" in html
    assert _marks(html) == []


def test_windows_line_endings_from_the_box_do_not_shift_the_marks(client: Client) -> None:
    html = client.post(URL, {"text": TEXT.replace("\n", "\r\n")}).content.decode()
    assert _marks(html) == [(kind, str(number)) for number, (kind, *_rest) in enumerate(EXPECTED, 1)]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("plan.docx", word_document(TEXT.strip().split("\n\n"))),
        ("plan.pdf", pdf_document(TEXT.strip().split("\n"))),
        ("plan.txt", TEXT.encode()),
    ],
)
def test_a_file_is_checked_as_its_text_and_its_text_put_in_the_box(
    client: Client, name: str, data: bytes
) -> None:
    response = client.post(URL, {"text": "", "document": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    html = response.content.decode()
    assert [kind for kind, _number in _marks(html)] == [kind for kind, *_rest in EXPECTED]
    assert escape(TEXT.strip()) in html


@pytest.mark.parametrize(
    ("data", "field", "says"),
    [
        ({"text": "  "}, "id_text", "Paste a text to check, or choose a file."),
        (
            {"text": "x" * 100_001},
            "id_text",
            "The text is 100,001 characters long: check up to 100,000 at a time.",
        ),
        (
            {"text": "Kept words", "document": SimpleUploadedFile("a.txt", b"Words")},
            "id_document",
            "Paste a text or choose a file, not both.",
        ),
        (
            {"document": SimpleUploadedFile("a.doc", b"Words")},
            "id_document",
            "a.doc is not a file the checker can read",
        ),
        (
            {"document": SimpleUploadedFile("a.docx", b"Words")},
            "id_document",
            "a.docx could not be read as a Word document",
        ),
        ({"document": SimpleUploadedFile("empty.txt", b"")}, "id_document", "The submitted file is empty."),
        (
            {"document": SimpleUploadedFile("big.txt", b"a" * (MAX_FILE_BYTES + 1))},
            "id_document",
            "big.txt is over 5 MB: choose a smaller file, or paste its text.",
        ),
    ],
)
def test_a_problem_is_named_at_its_field_and_what_was_typed_is_kept(
    client: Client, data: dict[str, object], field: str, says: str
) -> None:
    response = client.post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<a href="#{field}">{escape(says)}' in html  # the error summary links to the field
    assert f'<span class="govuk-visually-hidden">Error:</span> {escape(says)}' in html
    assert "<title>Error: Check a text for plain English" in html
    if field == "id_document":
        assert "Paste a text to check" not in html  # one problem, named once
    typed = data.get("text")
    if isinstance(typed, str) and typed.strip():
        assert escape(typed) in html


def test_the_form_is_protected_from_cross_site_requests() -> None:
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(URL, {"text": TEXT}).status_code == 403
    page = browser.get(URL)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token is not None
    assert browser.post(URL, {"text": TEXT, "csrfmiddlewaretoken": token.group(1)}).status_code == 200


def test_markup_in_the_text_is_shown_escaped_in_the_box_and_in_the_marks(client: Client) -> None:
    words = " ".join(["word"] * 30)
    text = f"We utilise <script>alert(1)</script> and {words} <img src=x onerror=alert(2)>."
    html = client.post(URL, {"text": text}).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    marked = html[html.index('data-testid="pe-text"') :]
    assert marked.index("&lt;script&gt;alert(1)&lt;/script&gt;") < marked.index("</div>")
    assert ("long_sentence", "1") in _marks(html)


def test_an_uploaded_file_over_djangos_memory_limit_stays_in_memory() -> None:
    """Django writes an upload over 2.5 MB to a temporary file; the page's handler keeps it in memory, and
    holds no more than the limit of a file too big."""
    body = b"a" * (3 * 1024 * 1024)
    request = RequestFactory().post(URL, {"document": SimpleUploadedFile("big.txt", body)})
    handler = MemoryOnlyUploadHandler(request, limit=4 * 1024 * 1024)
    request.upload_handlers = [handler]
    upload = request.FILES["document"]
    assert isinstance(upload, InMemoryUploadedFile)
    assert (upload.size, upload.read()) == (len(body), body)
    request = RequestFactory().post(URL, {"document": SimpleUploadedFile("big.txt", body)})
    handler = MemoryOnlyUploadHandler(request, limit=1024)
    request.upload_handlers = [handler]
    upload = request.FILES["document"]
    assert isinstance(upload, InMemoryUploadedFile)
    assert upload.size == len(body)
    assert len(handler.buffer.getvalue()) <= 1025
