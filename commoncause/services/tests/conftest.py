"""Fixtures shared by the services' tests: Westminster's real geography and organisations, loaded once
per module as the places tests load them."""

from commoncause.places.tests.conftest import westminster, westminster_loaded

__all__ = ["westminster", "westminster_loaded"]
