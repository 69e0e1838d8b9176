from django.urls import path

from commoncause.register import (
    group_views,
    link_queue_views,
    linking_views,
    membership_views,
    profile_views,
    views,
)

app_name = "register"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.organisation_search_page, name="search"),
    path("organisations/<str:org_id>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<str:org_id>/join/", membership_views.organisation_join, name="organisation_join"),
    path("organisations/<str:org_id>/edit/", profile_views.profile_edit, name="profile_edit"),
    path("organisations/<str:org_id>/history/", profile_views.profile_history, name="profile_history"),
    path("organisations/<str:org_id>/invite/", membership_views.member_invite, name="member_invite"),
    path("invitations/<str:token>/", membership_views.member_invitation, name="member_invitation"),
    path("organisations/<str:org_id>/link/", linking_views.organisation_link, name="organisation_link"),
    path(
        "curation/links/<int:merge_id>/undo/", linking_views.organisation_unlink, name="organisation_unlink"
    ),
    path("curation/duplicates/", link_queue_views.link_queue_page, name="link_queue"),
    path("curation/duplicates/<int:candidate_id>/", link_queue_views.link_decide, name="link_decide"),
    path(
        "curation/duplicates/<int:candidate_id>/split/",
        link_queue_views.link_change,
        {"change": "split"},
        name="link_split",
    ),
    path(
        "curation/duplicates/<int:candidate_id>/reopen/",
        link_queue_views.link_change,
        {"change": "reopen"},
        name="link_reopen",
    ),
    path("grants/<path:grant_id>/", views.grant_detail, name="grant_detail"),
    path("groups/new/", group_views.group_new, name="group_new"),
    path("curation/groups/", group_views.group_queue, name="group_queue"),
    path("curation/groups/<int:proposal_id>/", group_views.group_decide, name="group_decide"),
    path("curation/memberships/", membership_views.membership_queue, name="membership_queue"),
    path("curation/edits/", profile_views.profile_edit_queue, name="profile_edit_queue"),
    path("curation/edits/<int:edit_id>/", profile_views.profile_edit_decide, name="profile_edit_decide"),
    path(
        "curation/memberships/<int:membership_id>/",
        membership_views.membership_decide,
        name="membership_decide",
    ),
]
