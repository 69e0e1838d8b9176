"""Pages of the places app: a council's coverage, gaps and duplication, and the state of its local sector."""

from django.urls import URLPattern

app_name = "places"

urlpatterns: list[URLPattern] = []
