"""Pages of the places app: a council's coverage, gaps and duplication, and the state of its local sector."""

from django.urls import path  # noqa: F401  (routes are added below as the pages come)

app_name = "places"

urlpatterns: list = []
