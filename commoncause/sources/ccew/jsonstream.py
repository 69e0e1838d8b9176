"""Stream the objects of one huge JSON array without loading it: line by line when each object has a
line of its own (the regulator's layout), otherwise with an incremental parser over a bounded buffer."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator

from commoncause.sources.base import ImportProblem
from commoncause.sources.reading import MAX_ROW_CHARS

_WHITESPACE = re.compile(r"\s*")
_LAST_KEY = re.compile(r'"([a-z_0-9]+)"\s*(?::|$)')
MAX_OBJECT_CHARS = MAX_ROW_CHARS  # one record, as for the text layout: far beyond any real one


def json_objects(chunks: Iterator[str], file: str) -> Iterator[tuple[int, object]]:
    """(line number, value) for each element of the array in the decoded text chunks."""
    first = next(chunks, "")
    chunks = itertools.chain([first], chunks)
    if _one_object_per_line(first):
        return _by_line(chunks, file)
    return _incremental(chunks, file)


def _one_object_per_line(first: str) -> bool:
    newline = first.find("\n")
    if newline < 0:
        return False
    line = _strip_array_punctuation(first[:newline])
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _strip_array_punctuation(line: str) -> str:
    text = line.strip()
    if text[:1] in "[,":
        text = text[1:].lstrip()
    if text.endswith("]"):
        text = text[:-1].rstrip()
    return text


def _by_line(chunks: Iterator[str], file: str) -> Iterator[tuple[int, object]]:
    loads = json.loads
    rest = ""
    line_no = 0
    closed = False
    for chunk in itertools.chain(chunks, ["\n"]):
        lines = (rest + chunk).split("\n")
        rest = lines.pop()
        if len(rest) > MAX_OBJECT_CHARS:
            keys = _LAST_KEY.findall(rest[:4096])
            raise ImportProblem(
                f"the record is longer than {MAX_OBJECT_CHARS:,} characters, the most a record may hold",
                file=file,
                row=line_no + len(lines) + 1,
                field=keys[-1] if keys else None,
            )
        for line in lines:
            line_no += 1
            text = _strip_array_punctuation(line)
            closed = closed or line.rstrip().endswith("]")
            if not text:
                continue
            try:
                yield line_no, loads(text)
            except ValueError as error:
                raise _malformed(error, text, file, line_no) from None
    if not closed:
        raise ImportProblem("the JSON array is not closed: the file is cut short", file=file, row=line_no)


def _malformed(error: ValueError, text: str, file: str, line_no: int) -> ImportProblem:
    position = getattr(error, "pos", len(text))
    keys = _LAST_KEY.findall(text[:position])
    message = getattr(error, "msg", str(error))
    return ImportProblem(
        f"malformed JSON ({message})", file=file, row=line_no, field=keys[-1] if keys else None
    )


class _Buffer:
    """Decoded text with a read position, refilled from the chunks, counting lines as it goes."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self.chunks = chunks
        self.text = ""
        self.at = 0
        self.line = 1
        self.exhausted = False

    def refill(self) -> bool:
        chunk = next(self.chunks, None)
        if chunk is None:
            self.exhausted = True
            return False
        self.line += self.text.count("\n", 0, self.at)
        self.text = self.text[self.at :] + chunk
        self.at = 0
        return True

    def skip_space(self) -> str:
        """The next non-space character ('' at the end), refilling as needed."""
        while True:
            self.at = _WHITESPACE.match(self.text, self.at).end()  # type: ignore[union-attr]
            if self.at < len(self.text):
                return self.text[self.at]
            if not self.refill():
                return ""

    def line_here(self) -> int:
        return self.line + self.text.count("\n", 0, self.at)


def _incremental(chunks: Iterator[str], file: str) -> Iterator[tuple[int, object]]:
    buffer = _Buffer(chunks)
    decode = json.JSONDecoder().raw_decode
    if buffer.skip_space() != "[":
        raise ImportProblem("expected a JSON array of records", file=file, row=buffer.line_here())
    buffer.at += 1
    expect_item = True
    while True:
        char = buffer.skip_space()
        if char == "]":
            return
        if not char:
            raise ImportProblem(
                "the JSON array is not closed: the file is cut short", file=file, row=buffer.line
            )
        if not expect_item:
            if char != ",":
                raise ImportProblem(
                    "malformed JSON (expected ',' between records)", file=file, row=buffer.line_here()
                )
            buffer.at += 1
            expect_item = True
            continue
        yield buffer.line_here(), _decode_one(buffer, decode, file)
        expect_item = False


def _decode_one(buffer: _Buffer, decode: object, file: str) -> object:
    while True:
        try:
            value, end = decode(buffer.text, buffer.at)  # type: ignore[operator]
        except ValueError as error:
            too_big = len(buffer.text) - buffer.at > MAX_OBJECT_CHARS
            if too_big or not buffer.refill():
                line = buffer.line_here()
                raise _malformed(
                    error, buffer.text[buffer.at : getattr(error, "pos", buffer.at)], file, line
                ) from None
            continue
        # An element that ends exactly at the end of the buffer may be a cut-off number: read on.
        if end == len(buffer.text) and not buffer.exhausted and buffer.refill():
            continue
        buffer.at = end
        return value
