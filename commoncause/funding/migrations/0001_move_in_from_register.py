"""Funding: grants from 360Giving files move here from the register, with their rows."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("grant",)


def _relabel(apps, schema_editor, old: str, new: str) -> None:  # noqa: ANN001
    """Content types (and so permissions) follow the models to their new app."""
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not content_type.objects.filter(app_label=new, model=model).exists():
            content_type.objects.filter(app_label=old, model=model).update(app_label=new)


def relabel_forwards(apps, schema_editor) -> None:  # noqa: ANN001
    _relabel(apps, schema_editor, "register", "funding")


def relabel_backwards(apps, schema_editor) -> None:  # noqa: ANN001
    _relabel(apps, schema_editor, "funding", "register")


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
                    name="Grant",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("grant_id", models.CharField(max_length=200, unique=True)),
                        ("title", models.CharField(max_length=500)),
                        ("description", models.TextField(blank=True)),
                        ("currency", models.CharField(max_length=3)),
                        ("amount_awarded", models.DecimalField(decimal_places=2, max_digits=16)),
                        ("award_date", models.DateField(db_index=True)),
                        ("programme", models.CharField(blank=True, max_length=300)),
                        ("funder_org_id", models.CharField(max_length=200)),
                        ("funder_name", models.CharField(max_length=500)),
                        ("recipient_org_id", models.CharField(blank=True, max_length=200)),
                        ("recipient_name", models.CharField(blank=True, max_length=500)),
                        ("data", models.JSONField(default=dict)),
                        ("source_file", models.CharField(max_length=500)),
                        ("imported_at", models.DateTimeField(auto_now=True)),
                        (
                            "funder",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="grants_made",
                                to="register.organisation",
                            ),
                        ),
                        (
                            "recipient",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="grants_received",
                                to="register.organisation",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["-award_date", "grant_id"],
                    },
                ),
                migrations.AlterModelTable(name="grant", table="register_grant"),
            ],
        ),
        migrations.AlterModelTable(name="grant", table=None),
        migrations.RunPython(relabel_forwards, relabel_backwards),
    ]
