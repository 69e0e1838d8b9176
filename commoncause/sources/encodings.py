"""The encoding of a text file, and where in it bytes that no encoding reads are (line and column).

Reads in chunks, so memory stays bounded whatever the file's size; a file is given as its path, or as
a function opening it (a member of a zip).
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable
from pathlib import Path
from typing import IO

from commoncause.sources.base import ImportProblem

CHUNK = 1 << 20
# A line of `reading.MAX_ROW_CHARS` characters, each of up to four bytes in UTF-8: beyond it, no column
# is named.
MOST_LINE_BYTES = 4 << 20
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
Opener = Callable[[], IO[bytes]]


def detect_encoding(path: Path, *, name: str | None = None) -> str:
    """The encoding of a text file: a byte-order mark, else strict UTF-8, else Windows-1252, else
    charset-normalizer's best guess; an `ImportProblem` naming where it fails when none decodes it.

    Reads the file in chunks (memory bounded). A file that is UTF-8 but for a damaged byte is not
    guessed at: it is reported, so that its other characters are not silently garbled.
    """
    shown = name or path.name
    with path.open("rb") as handle:
        head = handle.read(4)
    utf8_error: int | None
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            if encoding == "utf-8-sig" and (utf8_error := decoding_errors(path)[0]) is not None:
                line, column = locate(path, utf8_error)
                raise ImportProblem(
                    "the file starts with a UTF-8 byte-order mark but is not UTF-8 from here on",
                    file=shown,
                    row=line,
                    field=column,
                )
            return encoding
    utf8_error, cp1252_error = decoding_errors(path)
    if utf8_error is None:
        return "utf-8"
    if cp1252_error is None:
        return "cp1252"
    guess = None if _looks_like_utf8(path) else _charset_normalizer_guess(path)
    if guess:
        return guess
    line, column = locate(path, utf8_error)
    raise ImportProblem(
        "cannot be decoded as UTF-8 or Windows-1252 text (is it another encoding, or not a CSV file?)",
        file=shown,
        row=line,
        field=column,
    )


def decoding_errors(source: Path | Opener) -> tuple[int | None, int | None]:
    """Byte offsets of the first byte that UTF-8 and Windows-1252 cannot decode (None: no error).

    A NUL byte counts as undecodable for both: no text file holds one.
    """
    utf8 = codecs.getincrementaldecoder("utf-8")()
    utf8_error: int | None = None
    cp1252_error: int | None = None
    offset = 0
    with opened(source) as handle:
        while chunk := handle.read(CHUNK):
            nul = chunk.find(b"\x00")
            if nul >= 0:
                chunk = chunk[:nul]
            if utf8_error is None:
                try:
                    utf8.decode(chunk, final=nul >= 0)
                except UnicodeDecodeError as error:
                    utf8_error = offset + error.start
            if cp1252_error is None:
                try:
                    chunk.decode("cp1252")
                except UnicodeDecodeError as error:
                    cp1252_error = offset + error.start
            if nul >= 0:
                first = offset + nul
                return (first if utf8_error is None else utf8_error), (
                    first if cp1252_error is None else cp1252_error
                )
            offset += len(chunk)
    if utf8_error is None:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8_error = offset
    return utf8_error, cp1252_error


def _looks_like_utf8(path: Path) -> bool:
    """True when the start of the file holds valid UTF-8 beyond ASCII (so a bad byte is damage)."""
    with path.open("rb") as handle:
        sample = handle.read(CHUNK)
    return any(ord(c) > 127 and c != "\ufffd" for c in sample.decode("utf-8", errors="replace"))


def _charset_normalizer_guess(path: Path) -> str | None:
    """An encoding that decodes the whole file to text without control characters, or None."""
    from charset_normalizer import from_bytes

    with path.open("rb") as handle:
        sample = handle.read(CHUNK)
    best = from_bytes(sample).best()
    if best is None or best.encoding.replace("_", "-").startswith(("utf-16", "utf-32")):
        return None
    decoder = codecs.getincrementaldecoder(best.encoding)()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                text = decoder.decode(chunk)
                if any(ord(c) < 32 and c not in "\t\r\n" or 0x7F <= ord(c) < 0xA0 for c in text):
                    return None
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    return best.encoding


def opened(source: Path | Opener) -> IO[bytes]:
    """A file, or a zip's member, opened to read its bytes."""
    return source.open("rb") if isinstance(source, Path) else source()


def locate(source: Path | Opener, offset: int) -> tuple[int, str | None]:
    """The line number of a byte offset, and the header name of the column it falls in."""
    most = MOST_LINE_BYTES
    with opened(source) as handle:
        header = handle.readline(most)
        if offset < len(header):
            return 1, None
        line, start = 2, len(header)
        position = start
        while position < offset:
            chunk = handle.read(min(CHUNK, offset - position))
            if not chunk:
                break
            if b"\n" in chunk:
                line += chunk.count(b"\n")
                start = position + chunk.rfind(b"\n") + 1
            position += len(chunk)
        if offset - start > most:  # a line too long to be a row: no column to name
            return line, None
        handle.seek(start)
        prefix = handle.read(offset - start).decode("latin-1")
    names = _fields(header.removeprefix(codecs.BOM_UTF8).decode("latin-1").strip())
    column = len(_fields(prefix)) - 1
    return line, names[column].strip() if 0 <= column < len(names) else None


def _fields(line: str) -> list[str]:
    """A line's fields, for naming a column in a message: a stray line break or an overlong field
    in a file already found faulty is no reason to fail here."""
    try:
        return next(csv.reader([line.replace("\r", " ")]), [""])
    except csv.Error:
        return line.split(",")
