from django.urls import path

from commoncause.relationships import views

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
    path("curation/contacts/", views.contact_queue, name="contact_queue"),
    path("curation/contacts/<int:contact_id>/", views.contact_decide, name="contact_decide"),
]
