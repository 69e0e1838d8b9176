from django.urls import path

from commoncause.funding import views

app_name = "funding"

urlpatterns = [
    path("grants/<path:grant_id>/", views.grant_detail, name="grant_detail"),
]
