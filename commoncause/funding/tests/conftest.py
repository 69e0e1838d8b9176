"""Each test's register is its own: the matcher's prepared corpus and the coverage kept are dropped
before and after."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from commoncause.matching import matcher
from commoncause.places.selectors import coverage_forget
from commoncause.places.tests.conftest import westminster, westminster_loaded  # noqa: F401


@pytest.fixture(autouse=True)
def _corpus_forgotten() -> Iterator[None]:
    matcher.forget()
    coverage_forget()  # what the consortium builder reads of where organisations work
    yield
    matcher.forget()
    coverage_forget()
