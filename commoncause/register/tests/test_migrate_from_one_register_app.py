"""A register built when members, linkage and funding lived inside the register app, migrated forward.

The rows in `tests/data/legacy_layout/` were made by the code of that layout (see its PROVENANCE): the
demo register, a funder's real grants, members' steps and curators' decisions. They are loaded into a
database migrated back to that layout, then the database is migrated forward: every row must still be
there, in its new table, and the same searches must give the same answers.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any

import pytest
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from commoncause.accounts.selectors import audit_entries
from commoncause.linkage.merge import organisation_unlink
from commoncause.linkage.models import OrganisationMerge
from commoncause.members.models import Membership, ProfileVersion
from commoncause.register.selectors import organisation_search, search_query_from_params
from commoncause.register.services import search_index_refresh

pytestmark = pytest.mark.django_db(transaction=True)

LEGACY = Path(__file__).resolve().parents[3] / "tests" / "data" / "legacy_layout"
# The layout before the move: these migrations applied, the new apps' not at all.
BEFORE = [
    ("register", "0012_link_candidates"),
    ("sources", "0001_import_runs_and_source_records"),
    ("members", None),
    ("linkage", None),
    ("funding", None),
]
# Where each table that moved went.
NEW_TABLE = {
    "register_membership": "members_membership",
    "register_profileedit": "members_profileedit",
    "register_profileversion": "members_profileversion",
    "register_groupproposal": "members_groupproposal",
    "register_memberinvitation": "members_memberinvitation",
    "register_organisationmerge": "linkage_organisationmerge",
    "register_linkcandidate": "linkage_linkcandidate",
    "register_grant": "funding_grant",
    "sources_importrun": "register_importrun",
    "sources_sourcerecord": "register_sourcerecord",
}


def _migrate(targets: list[tuple[str, str | None]] | None = None) -> Any:
    """Migrate to `targets` (the latest of every app when None); the state the database is then in."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    # Django's own way to the state of exactly the applied migrations is private (not in its stubs).
    state = MigrationExecutor(connection)._create_project_state(with_applied_migrations=True)  # type: ignore[attr-defined]
    return state.apps


def _load(apps: Any) -> None:
    """Every legacy row, written through the models as they were at that layout."""
    with gzip.open(LEGACY / "rows.json.gz", "rt", encoding="utf-8") as rows:
        objects = json.load(rows)
    by_model: dict[str, list[Any]] = {}
    for obj in objects:
        model = apps.get_model(obj["model"])
        values: dict[str, Any] = {"pk": obj["pk"]}
        for name, value in obj["fields"].items():
            field = model._meta.get_field(name)
            if field.many_to_many:
                continue  # no groups or permissions were given
            values[field.attname] = value
        by_model.setdefault(obj["model"], []).append(model(**values))
    with transaction.atomic():
        for label in reversed(by_model):  # reference rows a migration loaded are in the file too
            apps.get_model(label).objects.all().delete()
        for label, made in by_model.items():
            apps.get_model(label).objects.bulk_create(made)
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.get_or_create(app_label="register", model="membership")


def _table_rows(table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        columns = [column.name for column in connection.introspection.get_table_description(cursor, table)]
        order = ", ".join(connection.ops.quote_name(column) for column in columns)
        cursor.execute(f"SELECT {order} FROM {connection.ops.quote_name(table)} ORDER BY 1")  # noqa: S608
        return [tuple(str(value) for value in row) for row in cursor.fetchall()]


def _reset_sequences(apps: Any) -> None:
    """PostgreSQL's id sequences start after the rows loaded with their own ids."""
    models = [model for model in apps.get_models() if model._meta.app_label != "contenttypes"]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


@pytest.fixture
def migrated_forward():
    """The legacy rows, loaded at the old layout and migrated forward; their tables as they were."""
    expected = json.loads((LEGACY / "searches.json").read_text(encoding="utf-8"))
    try:
        old_apps = _migrate(BEFORE)
        _load(old_apps)
        before = {table: _table_rows(table) for table in expected["tables"]}
        new_apps = _migrate()
        _reset_sequences(new_apps)
        yield expected, before
    finally:
        _migrate()  # whatever happened, the next test finds the database at the latest layout


def test_every_row_is_still_there_in_its_new_table(migrated_forward):
    expected, before = migrated_forward
    for table, count in expected["tables"].items():
        assert len(before[table]) == count, f"{table} was not loaded whole"
        moved_to = NEW_TABLE.get(table, table)
        if moved_to.startswith("linkage_organisationmerge"):
            continue  # its `moved` column is relabelled: checked below
        assert _table_rows(moved_to) == before[table], f"{table} is not the same as {moved_to}"
    assert not set(NEW_TABLE) & set(connection.introspection.table_names())


def test_content_types_and_links_follow_the_models_to_their_new_apps(migrated_forward):
    from django.contrib.contenttypes.models import ContentType

    assert ContentType.objects.filter(app_label="members", model="membership").exists()
    assert not ContentType.objects.filter(app_label="register", model="membership").exists()
    labels = {key for merge in OrganisationMerge.objects.all() for key in merge.moved}
    assert {"members.membership", "members.profileversion", "funding.grant"} <= labels
    assert not {label for label in labels if label.startswith(("register.grant", "register.member"))}


def test_a_link_made_before_the_move_can_still_be_undone(migrated_forward):
    from django.contrib.auth.models import User

    merge = next(
        m for m in OrganisationMerge.objects.filter(undone_at=None) if "members.membership" in m.moved
    )
    membership = Membership.objects.get(pk=merge.moved["members.membership"][0])
    assert membership.organisation == merge.target
    curator = User.objects.get(username="curator@cvs.example")
    organisation_unlink(curator=curator, merge=merge)
    membership.refresh_from_db()
    assert membership.organisation == merge.source
    # The body's own statement versions get their first numbers back; the group's go back with it.
    assert list(merge.target.profile_versions.values_list("number", flat=True)) == [2, 1]
    assert ProfileVersion.objects.filter(organisation=merge.source).exists()


def test_the_audit_log_finds_entries_written_under_a_models_old_label(migrated_forward):
    entries = audit_entries(target_type="members.membership")
    assert {entry.target_type for entry in entries} == {"register.membership"}
    assert entries.count() >= 3


def test_the_same_searches_give_the_same_answers(migrated_forward):
    expected, _ = migrated_forward
    search_index_refresh()
    answers = []
    for search in expected["searches"]:
        results = organisation_search(search_query_from_params(search["params"]))
        answers.append(
            {"params": search["params"], "count": results.count, "ids": [str(h.id) for h in results.items]}
        )
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":  # when search itself changes on purpose
        expected["searches"] = answers
        (LEGACY / "searches.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    assert answers == expected["searches"]
