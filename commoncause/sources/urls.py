from django.urls import path

from commoncause.sources import views

app_name = "sources"

urlpatterns = [
    path("", views.import_run_list, name="import_run_list"),
    path("new/", views.import_request_new, name="import_request_new"),
    path("requests/<int:request_id>/", views.import_request_detail, name="import_request_detail"),
]
