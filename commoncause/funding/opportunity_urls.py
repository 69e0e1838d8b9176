"""Pages of opportunities: see access.py for who may use each."""

from django.urls import URLPattern, path

from commoncause.funding import opportunity_views as views

OPPORTUNITY = "opportunities/<uuid:opportunity_id>/"

urlpatterns: list[URLPattern] = [
    path("opportunities/", views.opportunity_list, name="opportunity_list"),
    path("opportunities/new/", views.opportunity_new, name="opportunity_new"),
    path(OPPORTUNITY, views.opportunity_detail, name="opportunity_detail"),
    path(OPPORTUNITY + "edit/", views.opportunity_edit, name="opportunity_edit"),
    path(OPPORTUNITY + "publish/", views.opportunity_publish, name="opportunity_publish"),
    path(OPPORTUNITY + "close/", views.opportunity_close, name="opportunity_close"),
    path(OPPORTUNITY + "withdraw/", views.opportunity_withdraw, name="opportunity_withdraw"),
]
