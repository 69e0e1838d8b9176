from django.urls import path

from commoncause.matching.views import approaches, diagnostic, exchange, needs

app_name = "matching"

urlpatterns = [
    path("needs/", needs.need_list, name="need_list"),
    path("needs/new/", needs.need_new, name="need_new"),
    path("needs/<uuid:need_id>/", needs.need_detail, name="need_detail"),
    path("needs/<uuid:need_id>/edit/", needs.need_edit, name="need_edit"),
    path("needs/<uuid:need_id>/shortlist/", approaches.need_shortlist, name="need_shortlist"),
    path("approaches/", approaches.approach_list, name="approach_list"),
    path("approaches/<int:approach_id>/contact/", approaches.approach_contact, name="approach_contact"),
    path("approaches/<int:approach_id>/answer/", approaches.approach_answer, name="approach_answer"),
    path("approaches/<int:approach_id>/outcome/", approaches.approach_outcome, name="approach_outcome"),
    path("organisations/<str:org_id>/diagnostic/", diagnostic.diagnostic_new, name="diagnostic_new"),
    path(
        "organisations/<str:org_id>/diagnostic/<int:diagnostic_id>/",
        diagnostic.diagnostic_detail,
        name="diagnostic_detail",
    ),
    path("exchange/", exchange.exchange_board, name="exchange_board"),
    path("exchange/offers/new/", exchange.offer_new, name="offer_new"),
    path("exchange/offers/<int:offer_id>/", exchange.offer_detail, name="offer_detail"),
    path("exchange/offers/<int:offer_id>/close/", exchange.offer_close, name="offer_close"),
    path("exchange/bookings/<int:booking_id>/decide/", exchange.booking_decide, name="booking_decide"),
]
