"""Pages of commissioning: see access.py for who may use each."""

from django.urls import URLPattern, path

from commoncause.funding import assessment_views, award_views

urlpatterns: list[URLPattern] = [
    path("opportunities/<uuid:opportunity_id>/assessment/", assessment_views.assessment, name="assessment"),
    path("bids/<uuid:bid_id>/assess/", assessment_views.bid_assess, name="bid_assess"),
    path("bids/<uuid:bid_id>/moderate/", assessment_views.bid_moderate, name="bid_moderate"),
    path("bids/<uuid:bid_id>/decide/", award_views.bid_decide, name="bid_decide"),
    path("awards/<uuid:award_id>/", award_views.award_detail, name="award_detail"),
    path("awards/<uuid:award_id>/change/", award_views.award_change, name="award_change"),
]
