from django.urls import path

from commoncause.funding import views

app_name = "funding"

urlpatterns = [
    path("grants/", views.grant_list, name="grant_list"),
    path("grants.csv", views.grant_list_csv, name="grant_list_csv"),
    path("grants/<path:grant_id>/", views.grant_detail, name="grant_detail"),
]
