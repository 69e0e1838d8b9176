from django.urls import include, path

from commoncause.relationships import engagement_views, glossary_views, views, who_to_call_views

app_name = "relationships"

urlpatterns = [
    path("organisations/<str:org_id>/contacts/", views.contact_list, name="contact_list"),
    path("organisations/<str:org_id>/contacts/new/", views.contact_new, name="contact_new"),
    path("organisations/<str:org_id>/contacts/<int:contact_id>/", views.contact_edit, name="contact_edit"),
    path(
        "organisations/<str:org_id>/contacts/<int:contact_id>/remove/",
        views.contact_remove,
        name="contact_remove",
    ),
    path("engagement/", engagement_views.engagement_list, name="engagement_list"),
    path("engagement/new/", engagement_views.engagement_new, name="engagement_new"),
    path("engagement/<int:engagement_id>/", engagement_views.engagement_detail, name="engagement_detail"),
    path("engagement/<int:engagement_id>/edit/", engagement_views.engagement_edit, name="engagement_edit"),
    path(
        "engagement/<int:engagement_id>/done/",
        engagement_views.engagement_mark_done,
        name="engagement_mark_done",
    ),
    path("health-checks/", include("commoncause.relationships.health.urls")),
    path(
        "organisations/<str:org_id>/contacts/<int:contact_id>/vcard/",
        who_to_call_views.contact_vcard,
        name="contact_vcard",
    ),
    path(
        "organisations/<str:org_id>/contacts/<int:contact_id>/confirm/",
        who_to_call_views.contact_confirm,
        name="contact_confirm",
    ),
    path("who-to-call/", who_to_call_views.who_to_call_page, name="who_to_call"),
    path(
        "who-to-call/councils/<slug:council_slug>/",
        who_to_call_views.council_contact_list,
        name="council_contact_list",
    ),
    path(
        "who-to-call/council-contacts/<int:contact_id>/",
        who_to_call_views.council_contact_edit,
        name="council_contact_edit",
    ),
    path(
        "who-to-call/council-contacts/<int:contact_id>/remove/",
        who_to_call_views.council_contact_remove,
        name="council_contact_remove",
    ),
    path(
        "who-to-call/council-contacts/<int:contact_id>/vcard/",
        who_to_call_views.council_contact_vcard,
        name="council_contact_vcard",
    ),
    path("glossary/<slug:council_slug>/", glossary_views.glossary_page, name="glossary"),
    path(
        "glossary/terms/<int:term_id>/remove/",
        glossary_views.glossary_term_remove,
        name="glossary_term_remove",
    ),
    path("curation/contacts/", views.contact_queue, name="contact_queue"),
    path("curation/contacts/<int:contact_id>/", views.contact_decide, name="contact_decide"),
]
