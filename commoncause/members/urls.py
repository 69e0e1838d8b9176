from django.urls import path

from commoncause.members.views import areas, groups, membership, statements

app_name = "members"

urlpatterns = [
    path("organisations/<str:org_id>/join/", membership.organisation_join, name="organisation_join"),
    path("organisations/<str:org_id>/edit/", statements.profile_edit, name="profile_edit"),
    path("organisations/<str:org_id>/history/", statements.profile_history, name="profile_history"),
    path("organisations/<str:org_id>/invite/", membership.member_invite, name="member_invite"),
    path("invitations/<str:token>/", membership.member_invitation, name="member_invitation"),
    path("groups/new/", groups.group_new, name="group_new"),
    path("areas/suggest/", areas.area_suggest, name="area_suggest"),
    path("areas/chosen/", areas.area_chosen, name="area_chosen"),
    path("curation/groups/", groups.group_queue, name="group_queue"),
    path("curation/groups/<int:proposal_id>/", groups.group_decide, name="group_decide"),
    path("curation/memberships/", membership.membership_queue, name="membership_queue"),
    path(
        "curation/memberships/<int:membership_id>/",
        membership.membership_decide,
        name="membership_decide",
    ),
    path("curation/edits/", statements.profile_edit_queue, name="profile_edit_queue"),
    path("curation/edits/<int:edit_id>/", statements.profile_edit_decide, name="profile_edit_decide"),
]
