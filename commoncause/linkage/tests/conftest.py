"""Fixtures for these tests."""

import pytest
from pytest_django.fixtures import Settings


@pytest.fixture(autouse=True)
def _quick_passwords(settings: Settings) -> None:
    """The cast's accounts are made with a quick password hash: these tests never check a password."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
