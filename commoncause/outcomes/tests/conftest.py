"""Westminster's real geography and register for the demo's tests, loaded once a module; the matcher's
corpus and the coverage kept are dropped around each test, as funding's tests do."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from commoncause.matching import matcher
from commoncause.places.selectors import coverage_forget
from commoncause.places.tests.conftest import westminster, westminster_loaded  # noqa: F401


@pytest.fixture(autouse=True)
def _corpus_forgotten() -> Iterator[None]:
    matcher.forget()
    coverage_forget()
    yield
    matcher.forget()
    coverage_forget()
