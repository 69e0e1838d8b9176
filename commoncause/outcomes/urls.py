"""Outcomes' pages, under /outcomes/: see access.py for who may use each."""

from django.urls import URLPattern, path

from commoncause.outcomes import framework_views, scenario_views, views

app_name = "outcomes"

urlpatterns: list[URLPattern] = [
    path("outcomes/", views.council_dashboard, name="dashboard"),
    path("outcomes/framework/", framework_views.framework_page, name="framework"),
    path("outcomes/framework/new/", framework_views.outcome_edit, name="outcome_new"),
    path("outcomes/framework/<int:outcome_id>/", framework_views.outcome_edit, name="outcome_edit"),
    path(
        "outcomes/framework/<int:outcome_id>/indicators/new/",
        framework_views.indicator_edit,
        name="indicator_new",
    ),
    path("outcomes/indicators/<int:indicator_id>/", framework_views.indicator_edit, name="indicator_edit"),
    path("outcomes/values/", framework_views.values_page, name="values"),
    path(
        "outcomes/values/<str:kind>/<int:value_id>/remove/", framework_views.value_remove, name="value_remove"
    ),
    path("outcomes/scenarios/", scenario_views.scenario_list, name="scenario_list"),
    path("outcomes/scenarios/new/", scenario_views.scenario_edit, name="scenario_new"),
    path("outcomes/scenarios/compare/", scenario_views.scenario_compare, name="scenario_compare"),
    path("outcomes/scenarios/<int:scenario_id>/", scenario_views.scenario_detail, name="scenario_detail"),
    path("outcomes/scenarios/<int:scenario_id>/edit/", scenario_views.scenario_edit, name="scenario_edit"),
    path(
        "outcomes/scenarios/<int:scenario_id>/delete/", scenario_views.scenario_delete, name="scenario_delete"
    ),
    path("organisations/<str:org_id>/outcomes/", views.organisation_dashboard, name="organisation_dashboard"),
]
