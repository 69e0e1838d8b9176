"""Pages of the places app: a council's coverage, gaps and duplication, and the state of its local sector."""

from django.urls import URLPattern, path

from commoncause.places.views import report

app_name = "places"

urlpatterns: list[URLPattern] = [
    path("<str:code>/report/", report.sector_report, name="sector_report"),
    path("<str:code>/report/<str:table>.csv", report.sector_report_csv, name="sector_report_csv"),
]
