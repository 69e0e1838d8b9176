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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from commoncause.accounts.selectors import audit_entries
from commoncause.funding.models import Grant
from commoncause.linkage.merge import organisation_unlink
from commoncause.linkage.models import OrganisationMerge
from commoncause.members.models import GroupProposal, Membership, ProfileVersion
from commoncause.register.models import Organisation, SourceRecord
from commoncause.register.selectors import organisation_search, search_query_from_params
from commoncause.register.services import search_index_refresh

LEGACY = Path(__file__).resolve().parents[3] / "tests" / "data" / "legacy_layout"
# The layout before the move: these migrations applied, the new apps' not at all.
BEFORE = [
    ("register", "0012_link_candidates"),
    ("sources", "0001_import_runs_and_source_records"),
    ("members", None),
    ("linkage", None),
    ("funding", None),
]
# The move itself, before any later migration changed data on purpose.
MOVED: list[tuple[str, str | None]] = [
    ("register", "0015_models_move_out"),
    ("sources", "0002_provenance_moves_to_register"),
    ("members", "0001_move_in_from_register"),
    ("linkage", "0001_move_in_from_register"),
    ("funding", "0001_move_in_from_register"),
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


def _column(table: str, name: str) -> int:
    """Where a column comes in a table's rows as `_table_rows` reads them."""
    with connection.cursor() as cursor:
        columns = [column.name for column in connection.introspection.get_table_description(cursor, table)]
    return columns.index(name)


def _reset_sequences(apps: Any) -> None:
    """PostgreSQL's id sequences start after the rows loaded with their own ids (or written by the
    migrations since)."""
    models = [model for model in apps.get_models() if model._meta.app_label != "contenttypes"]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


@pytest.fixture(scope="module")
def migrated_forward_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[Any, Any, Any]]:
    """The legacy rows, loaded at the old layout and migrated forward once for this module's tests;
    their tables as they were. Afterwards the database is emptied and given back what it held before
    (the rows migrations load), as a test with serialized rollback is."""
    expected = json.loads((LEGACY / "searches.json").read_text(encoding="utf-8"))
    with django_db_blocker.unblock():
        held = connection.creation.serialize_db_to_string()
        try:
            old_apps = _migrate(BEFORE)
            _load(old_apps)
            _reset_sequences(old_apps)  # the migrations forward add rows of their own
            before = {table: _table_rows(table) for table in expected["tables"]}
            _migrate(MOVED)
            moved = {table: _table_rows(NEW_TABLE.get(table, table)) for table in expected["tables"]}
            new_apps = _migrate()
            _reset_sequences(new_apps)
        except BaseException:
            _restore(held)
            raise
    yield expected, before, moved
    with django_db_blocker.unblock():
        _restore(held)


def _restore(held: str) -> None:
    """The database at the latest layout, holding just what `held` (serialized) holds."""
    from django.contrib.contenttypes.models import ContentType

    _migrate()
    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string(held)
    ContentType.objects.clear_cache()
    search_index_refresh()


@pytest.fixture
def migrated_forward(migrated_forward_once: tuple[Any, Any, Any], db: None) -> tuple[Any, Any, Any]:
    """The migrated legacy rows; each test's own changes roll back with its transaction."""
    return migrated_forward_once


def test_every_row_is_still_there_in_its_new_table(migrated_forward):
    expected, before, moved = migrated_forward
    for table, count in expected["tables"].items():
        assert len(before[table]) == count, f"{table} was not loaded whole"
        if NEW_TABLE.get(table, table).startswith("linkage_organisationmerge"):
            continue  # its `moved` column is relabelled: checked below
        assert moved[table] == before[table], f"{table} is not the same in {NEW_TABLE.get(table, table)}"
    assert not set(NEW_TABLE) & set(connection.introspection.table_names())


def test_later_migrations_name_grants_files_as_the_source_of_what_they_brought(migrated_forward):
    """Funders and recipients brought by grants files before files were recorded as their source get a
    source record naming the file; those made from a funder's own id lose a label the file never gave;
    no other organisation changes."""
    expected, before, moved = migrated_forward
    named = set(Grant.objects.values_list("funder_id", flat=True)) | set(
        Grant.objects.exclude(recipient=None).values_list("recipient_id", flat=True)
    )
    assert named
    from_files = SourceRecord.objects.filter(source="360giving")
    assert set(from_files.values_list("organisation_id", flat=True)) == named
    assert set(from_files.values_list("file_name", flat=True)) <= set(
        Grant.objects.values_list("source_file", flat=True)
    )
    made_up = Organisation.objects.filter(identifiers__org_id__startswith="360G-").distinct()
    proposed = set(GroupProposal.objects.values_list("organisation_id", flat=True))
    assert made_up.exists()
    assert not made_up.exclude(pk__in=proposed).filter(legal_form="Unregistered community group").exists()
    changed = [
        row for row in _table_rows("register_organisation") if row not in moved["register_organisation"]
    ]
    assert changed
    assert {row[_column("register_organisation", "name")] for row in changed} <= set(
        made_up.values_list("name", flat=True)
    )


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
    expected, _, _ = migrated_forward
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
