"""`POST /api/v1/plain-english`: the checker's findings and scores for a text, as `plain_english --json`
prints them. Open to anyone (it stores nothing), within the API's rate limits.

This app may import only core, so the operation's access rule is handed in by config/api.py, which makes
the router with `plain_english_router(auth=...)`; the rate limits are the whole API's."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security.base import AuthBase
from pydantic import Field

from commoncause.plainenglish.checker import MAX_TEXT_CHARACTERS, Kind, check, result_json


class PlainEnglishIn(Schema):
    text: Annotated[
        str,
        Field(
            min_length=1,
            max_length=MAX_TEXT_CHARACTERS,
            description=f"The text to check, up to {MAX_TEXT_CHARACTERS:,} characters.",
        ),
    ]


class PlainEnglishFindingOut(Schema):
    kind: Kind  # avoid, jargon, abbreviation, long_sentence or passive
    start: int  # offset of its first character in `text`, counted in Unicode characters (code points)
    end: int  # offset just past its last: text[start:end] is the finding's `text`
    text: str
    message: str
    suggestion: str


class PlainEnglishScoresOut(Schema):
    """Each to one decimal place; null for a text with no words."""

    flesch_reading_ease: float | None
    flesch_kincaid_grade: float | None
    smog: float | None
    gunning_fog: float | None
    coleman_liau: float | None
    automated_readability_index: float | None


class PlainEnglishOut(Schema):
    findings: list[PlainEnglishFindingOut]
    scores: PlainEnglishScoresOut


def plain_english_router(*, auth: AuthBase) -> Router:
    """The router of `POST /api/v1/plain-english`, its operation guarded by `auth`."""
    router = Router()
    router.post("", response=PlainEnglishOut, summary="Check a text for plain English", auth=auth)(
        plain_english
    )
    return router


def plain_english(request: HttpRequest, body: PlainEnglishIn) -> dict[str, object]:
    """Words and phrases to avoid (GOV.UK's list), council jargon (the LGA's list; terms of the trade
    get an explanation), abbreviations not spelled out at their first use, sentences over 25 words and
    passive constructions, each with its character offsets into `text`; and six readability scores.
    See docs/plain-english.md."""
    return result_json(check(body.text))
