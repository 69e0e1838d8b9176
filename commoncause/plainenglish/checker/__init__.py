"""The plain-English checker: a library over plain text, used by the page, the API and the command.

`check(text, glossary=())` gives a `Result`: the findings (words to avoid, jargon, abbreviations not
spelled out, long sentences, passive constructions), each with its character span, and six readability
scores. `read_document(name, data)` gives the text of a .txt, .docx or .pdf file. See
docs/plain-english.md.
"""

from commoncause.plainenglish.checker.check import MAX_TEXT_CHARACTERS, Result, check, result_json
from commoncause.plainenglish.checker.findings import KINDS, LONGEST_SENTENCE, Finding, Kind
from commoncause.plainenglish.checker.lists import GlossaryEntry
from commoncause.plainenglish.checker.reading import ReadError, read_document, read_path
from commoncause.plainenglish.checker.scores import SCORE_NAMES, Counts, Scores

__all__ = [
    "KINDS",
    "LONGEST_SENTENCE",
    "MAX_TEXT_CHARACTERS",
    "SCORE_NAMES",
    "Counts",
    "Finding",
    "GlossaryEntry",
    "Kind",
    "ReadError",
    "Result",
    "Scores",
    "check",
    "read_document",
    "read_path",
    "result_json",
]
