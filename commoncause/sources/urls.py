from django.urls import path

from commoncause.sources import views

app_name = "sources"

urlpatterns = [
    path("", views.import_run_list, name="import_run_list"),
]
