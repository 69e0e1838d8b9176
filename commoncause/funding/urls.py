from django.urls import path

from commoncause.funding import (
    award_urls,
    bid_urls,
    monitoring_urls,
    opendata_urls,
    opportunity_urls,
    views,
)

app_name = "funding"

urlpatterns = [
    path("grants/", views.grant_list, name="grant_list"),
    path("grants.csv", views.grant_list_csv, name="grant_list_csv"),
    *opendata_urls.urlpatterns,  # before grants/<path:…>: its downloads sit under grants/
    path("grants/<path:grant_id>/", views.grant_detail, name="grant_detail"),
    *opportunity_urls.urlpatterns,
    *bid_urls.urlpatterns,
    *award_urls.urlpatterns,
    *monitoring_urls.urlpatterns,
]
