from django.urls import path

from commoncause.services.views import editing, public

app_name = "services"

urlpatterns = [
    path("services/", public.service_find, name="service_find"),
    path("services/<uuid:service_id>/", public.service_detail, name="service_detail"),
    path("services/<uuid:service_id>/history/", public.service_history, name="service_history"),
    path("services/<uuid:service_id>/edit/", editing.service_edit, name="service_edit"),
    path("organisations/<str:org_id>/services/new/", editing.service_new, name="service_new"),
    path("curation/services/", editing.service_queue, name="service_queue"),
    path("curation/services/<int:edit_id>/", editing.service_decide, name="service_decide"),
]
