"""`POST /api/v1/match`: the organisations of the register that best meet a need, each with its score
and its reasons. Open to anyone (it stores nothing), within the API's rate limits."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field, field_validator

from commoncause.accounts.api_access import api_access
from commoncause.accounts.roles import PUBLIC
from commoncause.matching.engine.rank import Match, Query
from commoncause.matching.matcher import area_fits, matches, who_codes, who_labels

router = Router()
MAX_TEXT = 5_000
MAX_LIMIT = 50


class MatchIn(Schema):
    text: Annotated[str, Field(min_length=1, max_length=MAX_TEXT, description="The need, in any words.")]
    areas: Annotated[
        list[Annotated[str, Field(max_length=12, pattern=r"^[A-Za-z0-9]+$")]],
        Field(max_length=200, description="GSS codes of the councils or wards it is for."),
    ] = []
    who: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=100)]],
        Field(
            max_length=20,
            description="Who it is for: theme codes (`older`, `children`, …) or words ('older people').",
        ),
    ] = []
    budget: Annotated[float | None, Field(ge=0, le=1e12, description="The money on offer, in pounds.")] = None
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = 10

    @field_validator("budget", "limit", mode="before")
    @classmethod
    def _a_json_number(cls, value: object) -> object:
        """A number as JSON writes one (10 or 10.0), not true or "10", which are not amounts."""
        if isinstance(value, bool | str):
            raise ValueError("Give a number.")
        return value

    @field_validator("text")
    @classmethod
    def _has_words(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("The text is empty.")
        return text


class SignalsOut(Schema):
    text: float
    tags: float | None = None
    area: float | None = None
    who: float | None = None
    size: float | None = None
    track: float | None = None
    freshness: float


class MatchOut(Schema):
    id: str
    name: str
    org_ids: list[str]
    score: float  # 0 to 1
    reasons: list[str]  # each signal's reason, in words
    risks: list[str]  # the reasons that are risks (a budget far above its income)
    stale: bool  # its facts are stale, and weigh less
    signals: SignalsOut  # each signal's value, 0 to 1 (None: not asked about)


class MatchListOut(Schema):
    count: int
    items: list[MatchOut]


def _out(match: Match) -> dict[str, object]:
    values = {reason.signal: reason.value for reason in match.reasons if reason.value is not None}
    return {
        "id": str(match.key),
        "name": match.name,
        "org_ids": list(match.org_ids),
        "score": match.score,
        "reasons": [reason.text for reason in match.reasons],
        "risks": [reason.text for reason in match.risks],
        "stale": match.stale,
        "signals": {name: round(value, 4) for name, value in values.items()},
    }


@router.post(
    "",
    response=MatchListOut,
    summary="The organisations that best meet a need, with reasons",
    auth=api_access(PUBLIC, stores_nothing=True),
)
def match(request: HttpRequest, body: MatchIn) -> dict[str, object]:
    """Ranks every live organisation of the register against the need: its words and what they evoke
    (UK-CAT tags, everyday words), the areas and people it is for, the budget against each one's
    income, its track record, and how fresh its facts are. See docs/matching.md."""
    fits, names = area_fits(body.areas)
    labels = who_labels()
    who = who_codes(body.who)
    query = Query(
        text=body.text, areas=fits, area_names=names, who=tuple(who),
        who_labels={code: labels[code] for code in who}, budget=body.budget,
    )  # fmt: skip
    found = matches(query, limit=body.limit)
    return {"count": len(found), "items": [_out(item) for item in found]}
