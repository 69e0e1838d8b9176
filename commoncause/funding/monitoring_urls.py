"""Pages of monitoring plans and returns: see monitoring_views.py and access.py for who may use each."""

from django.urls import URLPattern, path

from commoncause.funding import monitoring_views

urlpatterns: list[URLPattern] = [
    path("awards/<uuid:award_id>/monitoring/", monitoring_views.award_monitoring, name="award_monitoring"),
    path(
        "awards/<uuid:award_id>/returns/<int:return_id>/",
        monitoring_views.return_detail,
        name="return_detail",
    ),
    path("returns/", monitoring_views.return_list, name="return_list"),
]
