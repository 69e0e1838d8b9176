from django.urls import path

from commoncause.accounts import curation_views

app_name = "curation"

urlpatterns = [path("curation/", curation_views.curation_home, name="home")]
