"""Changes to statements made before each kept the role it was written in get one: a curator who was
not a member of the organisation wrote as a curator; everyone else as a member."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("members", "0001_move_in_from_register")]
AFTER = [("members", "0002_profile_edit_proposed_as")]


def test_changes_made_before_get_the_role_they_were_written_in() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    user, staff_role = apps.get_model("auth", "User"), apps.get_model("accounts", "StaffRole")
    organisation = apps.get_model("register", "Organisation").objects.create(name="Tea Club")
    member = user.objects.create(username="member@example.org", email="member@example.org")
    curator = user.objects.create(username="curator@example.org", email="curator@example.org")
    staff_role.objects.create(user=curator, role="curator")
    apps.get_model("members", "Membership").objects.create(
        user=member, organisation=organisation, status="approved"
    )
    edit = apps.get_model("members", "ProfileEdit")
    by_member = edit.objects.create(organisation=organisation, proposed_by=member).pk
    by_curator = edit.objects.create(organisation=organisation, proposed_by=curator).pk
    by_someone_erased = edit.objects.create(organisation=organisation, proposed_by=None).pk

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    edit = executor.loader.project_state(AFTER).apps.get_model("members", "ProfileEdit")
    roles = dict(edit.objects.values_list("pk", "proposed_as"))
    assert roles == {by_member: "member", by_curator: "curator", by_someone_erased: "member"}
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
