"""Linkage: the links between records and the pairs the matcher found move here from the register, with their rows."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# A link records which rows moved under each model's label, so that it can be undone; the labels of
# the models that changed app change with them.
LABELS_FORWARD = {
    "register.membership": "members.membership",
    "register.profileedit": "members.profileedit",
    "register.profileversion": "members.profileversion",
    "register.memberinvitation": "members.memberinvitation",
    "register.groupproposal": "members.groupproposal",
    "register.grant": "funding.grant",
    "sources.sourcerecord": "register.sourcerecord",
    "sources.importrun": "register.importrun",
}
LABELS_BACK = {new: old for old, new in LABELS_FORWARD.items()}
MOVED = ("organisationmerge", "linkcandidate")


def _relabel(apps, schema_editor, old: str, new: str) -> None:  # noqa: ANN001
    """Content types (and so permissions) follow the models to their new app."""
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not content_type.objects.filter(app_label=new, model=model).exists():
            content_type.objects.filter(app_label=old, model=model).update(app_label=new)


def _relabel_moved_rows(apps, labels: dict[str, str]) -> None:  # noqa: ANN001
    merge = apps.get_model("linkage", "OrganisationMerge")
    for link in merge.objects.all():
        moved = {labels.get(key, key): rows for key, rows in link.moved.items()}
        if moved != link.moved:
            merge.objects.filter(pk=link.pk).update(moved=moved)


def relabel_forwards(apps, schema_editor) -> None:  # noqa: ANN001
    _relabel(apps, schema_editor, "register", "linkage")
    _relabel_moved_rows(apps, LABELS_FORWARD)


def relabel_backwards(apps, schema_editor) -> None:  # noqa: ANN001
    _relabel(apps, schema_editor, "linkage", "register")
    _relabel_moved_rows(apps, LABELS_BACK)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("register", "0014_provenance_tables"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The models move here with their tables and rows: first in Django's state only, under
        # their old table names; then each table takes this app's name.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OrganisationMerge",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("moved", models.JSONField(default=dict)),
                        ("reason", models.TextField(blank=True)),
                        ("merged_at", models.DateTimeField(auto_now_add=True)),
                        ("undone_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "merged_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "source",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="register.organisation",
                            ),
                        ),
                        (
                            "target",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="merges_in",
                                to="register.organisation",
                            ),
                        ),
                        (
                            "undone_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                ),
                migrations.CreateModel(
                    name="LinkCandidate",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("points", models.FloatField()),
                        ("reasons", models.JSONField(default=list)),
                        ("found_by", models.CharField(max_length=200)),
                        ("found_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Waiting for a curator"),
                                    ("auto", "Linked automatically"),
                                    ("confirmed", "Linked by a curator"),
                                    ("rejected", "Kept apart by a curator"),
                                    ("split", "Link undone"),
                                ],
                                db_index=True,
                                default="pending",
                                max_length=20,
                            ),
                        ),
                        ("decided_at", models.DateTimeField(blank=True, null=True)),
                        ("reason", models.TextField(blank=True)),
                        (
                            "decided_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "source",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="link_candidates_out",
                                to="register.organisation",
                            ),
                        ),
                        (
                            "target",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="link_candidates_in",
                                to="register.organisation",
                            ),
                        ),
                        (
                            "merge",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="candidates",
                                to="linkage.organisationmerge",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["-points", "pk"],
                        "constraints": [
                            models.UniqueConstraint(fields=("source", "target"), name="link_candidate_unique")
                        ],
                    },
                ),
                migrations.AlterModelTable(name="organisationmerge", table="register_organisationmerge"),
                migrations.AlterModelTable(name="linkcandidate", table="register_linkcandidate"),
            ],
        ),
        migrations.AlterModelTable(name="organisationmerge", table=None),
        migrations.AlterModelTable(name="linkcandidate", table=None),
        migrations.RunPython(relabel_forwards, relabel_backwards),
    ]
