"""The text of a file to check: plain text (.txt), Word (.docx) or PDF (.pdf).

- .txt: UTF-8, with or without a byte-order mark; UTF-16 with its byte-order mark; else Windows-1252
  (what older Windows programs in the UK save), else the encoding charset-normalizer finds.
- .docx: the paragraphs of the body, tables' cells included, in order, each apart from the next by a
  blank line (headers, footers and notes are left out).
- .pdf: the text of each page as pypdf extracts it, line by line, the pages apart by a blank line. A
  scanned page is a picture, with no text to read.

Line endings become `\\n` and spaces at the ends of a PDF's lines are dropped: the findings' offsets
are into the text as it is given back here. A file that cannot be read raises `ReadError`, whose
message names the file and says why in words.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path, PurePath

import charset_normalizer
import docx
import pypdf
from docx.table import Table
from docx.text.paragraph import Paragraph

SUFFIXES = (".txt", ".docx", ".pdf")
_WORD = re.compile(r"[^\W_]")


class ReadError(Exception):
    """A file that could not be read, with what to tell the person who gave it."""


def read_path(path: Path) -> str:
    """The text of the file at `path`."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise ReadError(f"{path} is a folder, not a file.") from None
    except OSError as error:
        raise ReadError(f"{path} could not be opened: {error.strerror or error}.") from None
    return read_document(str(path), data)


def read_document(name: str, data: bytes) -> str:
    """The text of a file called `name` (its suffix says its kind) holding `data`."""
    reader = _READERS.get(PurePath(name).suffix.lower())
    if reader is None:
        raise ReadError(f"{name} is not a file the checker can read: give a .txt, .docx or .pdf file.")
    text = reader(name, data).replace("\r\n", "\n").replace("\r", "\n")
    if not _WORD.search(text):
        raise ReadError(f"{name} has no text to check." + (_SCANNED if name.lower().endswith(".pdf") else ""))
    return text


_SCANNED = " If it is a scan, the pages are pictures of words: copy the words into the box instead."


def _plain_text(name: str, data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ReadError(f"{name} could not be read as text: its UTF-16 is damaged.") from None
    if b"\x00" in data:
        raise ReadError(f"{name} does not hold plain text: save it as plain text (.txt) and try again.")
    for encoding in ("utf-8", "cp1252"):  # as the importers read text (sources/encodings.py)
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    guess = charset_normalizer.from_bytes(data).best()
    if guess is None:
        raise ReadError(f"{name} could not be read as text: save it as UTF-8 and try again.")
    return str(guess)


def _word_document(name: str, data: bytes) -> str:
    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs = [text for text in _paragraphs(document.iter_inner_content()) if text.strip()]
    except Exception:  # python-docx raises many kinds of error for a damaged file; each means the same
        raise ReadError(f"{name} could not be read as a Word document (.docx): it may be damaged.") from None
    return "\n\n".join(paragraphs)


def _paragraphs(content: Iterator[Paragraph | Table]) -> Iterator[str]:
    for block in content:
        if isinstance(block, Paragraph):
            yield block.text
            continue
        seen: set[object] = set()  # holding the cells' elements keeps each one the same object
        for row in block.rows:
            for cell in row.cells:
                if cell._tc not in seen:  # a merged cell appears once for each column it spans
                    seen.add(cell._tc)
                    yield from _paragraphs(cell.iter_inner_content())


def _pdf(name: str, data: bytes) -> str:
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError(f"{name} is protected with a password: save a copy without one and try again.")
        pages = [_page_text(page.extract_text()) for page in reader.pages]
    except ReadError:
        raise
    except Exception:  # pypdf raises many kinds of error for a damaged file; each means the same
        raise ReadError(f"{name} could not be read as a PDF: it may be damaged.") from None
    return "\n\n".join(page for page in pages if page)


def _page_text(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n")


_READERS: dict[str, Callable[[str, bytes], str]] = {
    ".txt": _plain_text,
    ".docx": _word_document,
    ".pdf": _pdf,
}
