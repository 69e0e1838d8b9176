"""Each test's register is its own: the matcher's prepared corpus is dropped before and after."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from commoncause.matching import matcher
from commoncause.places.tests.conftest import westminster, westminster_loaded  # noqa: F401


@pytest.fixture(autouse=True)
def _corpus_forgotten() -> Iterator[None]:
    matcher.forget()
    yield
    matcher.forget()
