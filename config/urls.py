"""Top-level URLs: pages per app, and the JSON API under /api/v1/."""

from django.urls import include, path

from config.api import api

urlpatterns = [
    path("", include("commoncause.register.urls")),
    path("imports/", include("commoncause.sources.urls")),
    path("api/v1/", api.urls),
]
