from django.urls import path

from commoncause.linkage.views import merge, queue

app_name = "linkage"

urlpatterns = [
    path("organisations/<str:org_id>/link/", merge.organisation_link, name="organisation_link"),
    path("curation/links/<int:merge_id>/undo/", merge.organisation_unlink, name="organisation_unlink"),
    path("curation/duplicates/", queue.link_queue_page, name="link_queue"),
    path("curation/duplicates/<int:candidate_id>/", queue.link_decide, name="link_decide"),
    path(
        "curation/duplicates/<int:candidate_id>/split/",
        queue.link_change,
        {"change": "split"},
        name="link_split",
    ),
    path(
        "curation/duplicates/<int:candidate_id>/reopen/",
        queue.link_change,
        {"change": "reopen"},
        name="link_reopen",
    ),
]
