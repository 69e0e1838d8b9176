"""Pages of bids, their consortia, documents and full cost: see docs/bids.md for who may use each."""

from django.urls import URLPattern, path

from commoncause.funding import bid_document_views, bid_partner_views, bid_views

urlpatterns: list[URLPattern] = [
    path("opportunities/<uuid:opportunity_id>/bids/new/", bid_views.bid_new, name="bid_new"),
    path("opportunities/<uuid:opportunity_id>/consortia/", bid_partner_views.consortia, name="consortia"),
    path("bids/", bid_views.bid_list, name="bid_list"),
    path("bids/<uuid:bid_id>/", bid_views.bid_detail, name="bid_detail"),
    path("bids/<uuid:bid_id>/edit/", bid_views.bid_edit, name="bid_edit"),
    path("bids/<uuid:bid_id>/submit/", bid_views.bid_submit, name="bid_submit"),
    path("bids/<uuid:bid_id>/withdraw/", bid_views.bid_withdraw, name="bid_withdraw"),
    path("bids/<uuid:bid_id>/partners/", bid_partner_views.bid_partners, name="bid_partners"),
    path(
        "bids/<uuid:bid_id>/partners/<int:partner_id>/answer/",
        bid_partner_views.bid_partner_answer,
        name="bid_partner_answer",
    ),
    path("bids/<uuid:bid_id>/documents/", bid_document_views.bid_document_upload, name="bid_document_upload"),
    path(
        "bids/<uuid:bid_id>/documents/<int:document_id>/",
        bid_document_views.bid_document,
        name="bid_document",
    ),
    path(
        "bids/<uuid:bid_id>/documents/<int:document_id>/remove/",
        bid_document_views.bid_document_remove,
        name="bid_document_remove",
    ),
    path("bids/<uuid:bid_id>/full-cost/", bid_document_views.bid_full_cost, name="bid_full_cost"),
]
