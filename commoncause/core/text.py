"""Text as the service accepts it from anyone: no NUL characters and no lone surrogates.

Neither can be stored by every database or encoded as UTF-8 on the way out (a page showing a lone
surrogate fails as it is written), so both are refused at the edge, naming the field, wherever text
comes in: the API's schemas (`CheckedText`) and the services behind the forms (`text_problem`).
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def text_problem(value: str) -> str | None:
    """What makes this text unacceptable, or None when it is fine."""
    found = _UNSTORABLE.search(value)
    if found is None:
        return None
    if found.group() == "\x00":
        return "must not contain a NUL character (\\u0000)"
    return f"must not contain a lone surrogate (\\u{ord(found.group()):04x}): send text as valid UTF-8"


def _checked(value: str) -> str:
    problem = text_problem(value)
    if problem:
        raise ValueError(problem)
    return value


CheckedText = Annotated[str, AfterValidator(_checked)]
