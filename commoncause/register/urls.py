from django.urls import path

from commoncause.register import views

app_name = "register"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.organisation_search_page, name="search"),
    path("search/organisations.csv", views.organisation_search_csv, name="search_csv"),
    path("organisations/<str:org_id>/", views.organisation_detail, name="organisation_detail"),
]
