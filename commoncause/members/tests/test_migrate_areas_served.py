"""Statements written when the areas served were free text get the codes of the areas the text names;
what names no one area is kept beside them for the organisation's members to pick."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("members", "0002_profile_edit_proposed_as"), ("places", "0002_organisation_places")]
AFTER = [("members", "0003_areas_served_codes")]


def test_free_text_areas_become_codes_and_the_rest_is_kept_to_pick() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    organisation = apps.get_model("register", "Organisation").objects.create(name="Tea Club")
    said = {"offers": "Tea", "areas_served": "Belfast, Lisburn and Castlereagh, North Belfast"}
    version = apps.get_model("members", "ProfileVersion").objects.create(
        organisation=organisation, number=1, values=said, approved_at="2024-01-01T00:00:00Z"
    )
    edit = apps.get_model("members", "ProfileEdit").objects.create(
        organisation=organisation, before=said, after={**said, "areas_served": "Scotland"}
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    migrated = apps.get_model("members", "ProfileVersion").objects.get(pk=version.pk).values
    assert migrated == {
        "offers": "Tea",
        "areas_served": ["N09000003", "N09000007"],
        "areas_served_unrecognised": ["North Belfast"],
    }
    changed = apps.get_model("members", "ProfileEdit").objects.get(pk=edit.pk)
    assert (changed.before["areas_served"], changed.after["areas_served"]) == (
        ["N09000003", "N09000007"],
        ["S92000003"],
    )
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
