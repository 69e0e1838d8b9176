"""Members: memberships, invitations, statements and new groups move here from the register, with their rows."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("groupproposal", "memberinvitation", "profileedit", "profileversion", "membership")


def _relabel(apps, schema_editor, old: str, new: str) -> None:  # noqa: ANN001
    """Content types (and so permissions) follow the models to their new app."""
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not content_type.objects.filter(app_label=new, model=model).exists():
            content_type.objects.filter(app_label=old, model=model).update(app_label=new)


def relabel_forwards(apps, schema_editor) -> None:  # noqa: ANN001
    _relabel(apps, schema_editor, "register", "members")


def relabel_backwards(apps, schema_editor) -> None:  # noqa: ANN001
    _relabel(apps, schema_editor, "members", "register")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("register", "0014_provenance_tables"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("accounts", "0004_alter_auditentry_action"),
    ]

    operations = [
        # The models move here with their tables and rows: first in Django's state only, under
        # their old table names; then each table takes this app's name.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="GroupProposal",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("proposed_at", models.DateTimeField(auto_now_add=True)),
                        ("name", models.CharField(max_length=500)),
                        ("postcode", models.CharField(max_length=12)),
                        ("values", models.JSONField(default=dict)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Waiting for a curator"),
                                    ("approved", "Approved"),
                                    ("returned", "Sent back"),
                                ],
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
                            "organisation",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="register.organisation",
                            ),
                        ),
                        (
                            "proposed_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                ),
                migrations.CreateModel(
                    name="MemberInvitation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("email", models.EmailField(max_length=254)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("accepted_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "accepted_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "invited_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="invitations",
                                to="register.organisation",
                            ),
                        ),
                    ],
                    options={
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="ProfileEdit",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("proposed_at", models.DateTimeField(auto_now_add=True)),
                        ("before", models.JSONField(default=dict)),
                        ("after", models.JSONField(default=dict)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Waiting for a curator"),
                                    ("approved", "Approved"),
                                    ("returned", "Sent back"),
                                ],
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
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="profile_edits",
                                to="register.organisation",
                            ),
                        ),
                        (
                            "proposed_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                ),
                migrations.CreateModel(
                    name="ProfileVersion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("number", models.PositiveIntegerField()),
                        ("values", models.JSONField(default=dict)),
                        ("approved_at", models.DateTimeField()),
                        (
                            "edit",
                            models.OneToOneField(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="version",
                                to="members.profileedit",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="profile_versions",
                                to="register.organisation",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["-number"],
                    },
                ),
                migrations.CreateModel(
                    name="Membership",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Waiting for a curator"),
                                    ("approved", "Member"),
                                    ("refused", "Refused"),
                                ],
                                default="pending",
                                max_length=20,
                            ),
                        ),
                        ("message", models.TextField(blank=True)),
                        ("requested_at", models.DateTimeField(auto_now_add=True)),
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
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="memberships",
                                to="register.organisation",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="memberships",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "indexes": [
                            models.Index(fields=["status", "requested_at"], name="membership_queue_idx")
                        ],
                        "constraints": [
                            models.UniqueConstraint(fields=("organisation", "user"), name="membership_unique")
                        ],
                    },
                ),
                migrations.AddIndex(
                    model_name="profileedit",
                    index=models.Index(fields=["status", "proposed_at"], name="profile_edit_queue_idx"),
                ),
                migrations.AddConstraint(
                    model_name="profileversion",
                    constraint=models.UniqueConstraint(
                        fields=("organisation", "number"), name="profile_version_unique"
                    ),
                ),
                migrations.AlterModelTable(name="groupproposal", table="register_groupproposal"),
                migrations.AlterModelTable(name="memberinvitation", table="register_memberinvitation"),
                migrations.AlterModelTable(name="profileedit", table="register_profileedit"),
                migrations.AlterModelTable(name="profileversion", table="register_profileversion"),
                migrations.AlterModelTable(name="membership", table="register_membership"),
            ],
        ),
        migrations.AlterModelTable(name="groupproposal", table=None),
        migrations.AlterModelTable(name="memberinvitation", table=None),
        migrations.AlterModelTable(name="profileedit", table=None),
        migrations.AlterModelTable(name="profileversion", table=None),
        migrations.AlterModelTable(name="membership", table=None),
        migrations.RunPython(relabel_forwards, relabel_backwards),
    ]
