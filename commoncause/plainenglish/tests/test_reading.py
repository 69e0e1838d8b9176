"""Text, Word and PDF files give their text, and the same findings as the same text pasted in."""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import pypdf
import pytest

from commoncause.plainenglish.checker import ReadError, check, read_document, read_path
from commoncause.plainenglish.tests.documents import pdf_document, word_document
from commoncause.plainenglish.tests.planted import EVERY_KIND, found, planted

TEXT, EXPECTED = planted(EVERY_KIND.strip())
PARAGRAPHS = TEXT.split("\n\n")


def test_a_word_document_gives_the_findings_of_its_text_pasted() -> None:
    text = read_document("plan.docx", word_document(PARAGRAPHS))
    assert text == "\n\n".join(PARAGRAPHS) == TEXT
    assert check(text).findings == check(TEXT).findings
    assert found(check(text)) == EXPECTED


def test_a_pdf_gives_the_findings_of_its_text_pasted() -> None:
    text = read_document("plan.pdf", pdf_document(TEXT.split("\n")))
    assert text == TEXT
    assert check(text).findings == check(TEXT).findings
    assert found(check(text)) == EXPECTED


def test_a_word_documents_headings_and_tables_are_read_in_order_a_blank_line_apart() -> None:
    data = word_document(
        ["# Our lunch club", "It meets on Tuesdays."], table=[["Day", "Time"], ["Tuesday", "noon"]]
    )
    assert (
        read_document("club.DOCX", data)
        == "Our lunch club\n\nIt meets on Tuesdays.\n\nDay\n\nTime\n\nTuesday\n\nnoon"
    )


def test_a_pdfs_pages_are_a_blank_line_apart_and_its_letters_come_through() -> None:
    writer = pypdf.PdfWriter()
    for lines in (["The council’s café costs £3 – or less."], ["Page two."]):
        writer.append(pypdf.PdfReader(io.BytesIO(pdf_document(lines))))
    out = io.BytesIO()
    writer.write(out)
    assert read_document("two.pdf", out.getvalue()) == "The council’s café costs £3 – or less.\n\nPage two."


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + "The café’s lunch.\r\nIt costs £3.".encode(),
        "The café’s lunch.\nIt costs £3.".encode("cp1252"),
        codecs.BOM_UTF16_LE + "The café’s lunch.\nIt costs £3.".encode("utf-16-le"),
    ],
)
def test_plain_text_is_read_whatever_its_encoding_with_line_endings_made_plain(data: bytes) -> None:
    assert read_document("notes.txt", data) == "The café’s lunch.\nIt costs £3."


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("plan.docx", b"this is not a zip file", "plan.docx could not be read as a Word document (.docx)"),
        (
            "plan.docx",
            pdf_document(["A PDF, not a Word file."]),
            "plan.docx could not be read as a Word document",
        ),
        ("plan.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "plan.pdf could not be read as a PDF"),
        ("plan.pdf", word_document(["A Word file, not a PDF."]), "plan.pdf could not be read as a PDF"),
        ("scan.pdf", pdf_document([""]), "scan.pdf has no text to check. If it is a scan"),
        (
            "plan.doc",
            b"\xd0\xcf\x11\xe0",
            "plan.doc is not a file the checker can read: give a .txt, .docx or .pdf",
        ),
        ("picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "picture.txt does not hold plain text"),
        ("empty.txt", b"", "empty.txt has no text to check."),
    ],
)
def test_a_damaged_or_unsupported_file_is_refused_with_its_name_and_why(
    name: str, data: bytes, says: str
) -> None:
    with pytest.raises(ReadError) as refused:
        read_document(name, data)
    assert str(refused.value).startswith(says)


def test_a_pdf_with_a_password_is_refused_as_such() -> None:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf_document(["Secret plans."]))))
    writer.encrypt(user_password="open sesame", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ReadError, match="locked.pdf is protected with a password"):
        read_document("locked.pdf", out.getvalue())


def test_a_path_that_is_missing_or_a_folder_is_refused_with_its_name(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=f"There is no file {tmp_path / 'gone.txt'}."):
        read_path(tmp_path / "gone.txt")
    with pytest.raises(ReadError, match="is a folder, not a file"):
        read_path(tmp_path)
    (tmp_path / "notes.txt").write_text("We utilise it.", encoding="utf-8")
    assert read_path(tmp_path / "notes.txt") == "We utilise it."
