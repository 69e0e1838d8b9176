"""Pages of the places app: a council's coverage, gaps and duplication, and the state of its local sector."""

from django.urls import URLPattern, path

from commoncause.places.views import coverage, report

app_name = "places"

urlpatterns: list[URLPattern] = [
    path("", coverage.council_list, name="council_list"),
    path("<str:code>/coverage/", coverage.coverage, name="coverage"),
    path("<str:code>/coverage.csv", coverage.coverage_csv, {"table": "coverage"}, name="coverage_csv"),
    path("<str:code>/gaps.csv", coverage.coverage_csv, {"table": "gaps"}, name="gaps_csv"),
    path(
        "<str:code>/duplication.csv", coverage.coverage_csv, {"table": "duplication"}, name="duplication_csv"
    ),
    path("<str:code>/wards/<str:ward>/<str:theme>/", coverage.ward_theme, name="ward_theme"),
    path(
        "<str:code>/wards/<str:ward>/<str:theme>.csv",
        coverage.ward_theme,
        {"csv": True},
        name="ward_theme_csv",
    ),
    path("<str:code>/report/", report.sector_report, name="sector_report"),
    path("<str:code>/report/<str:table>.csv", report.sector_report_csv, name="sector_report_csv"),
]
