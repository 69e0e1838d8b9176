"""Open data out: public downloads of the awards as 360Giving data and the contracts as OCDS."""

from django.urls import URLPattern, path

from commoncause.funding.opendata import views

urlpatterns: list[URLPattern] = [
    path("grants/360giving.json", views.export_360giving_json, name="export_360giving_json"),
    path("grants/360giving.xlsx", views.export_360giving_xlsx, name="export_360giving_xlsx"),
    path("contracts/ocds.json", views.export_ocds, name="export_ocds"),
]
