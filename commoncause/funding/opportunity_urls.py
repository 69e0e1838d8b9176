"""Pages of commissioning: see access.py for who may use each."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
