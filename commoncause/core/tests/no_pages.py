"""A URL configuration with no pages, for tests of what must work without any."""

urlpatterns: list[object] = []
