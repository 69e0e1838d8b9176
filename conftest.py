"""Fixtures shared by every app's tests."""

from pathlib import Path

import pytest
from django.conf import settings

REPO = Path(__file__).resolve().parent


@pytest.fixture
def demo_data_dir() -> Path:
    """The real open-data samples that `make run` loads."""
    return Path(settings.DATA_DIR) / "demo"


@pytest.fixture
def test_data_dir() -> Path:
    """Test-only copies of source files (see tests/data/PROVENANCE.md)."""
    return REPO / "tests" / "data"
