"""Provenance (source records and import runs) moves here from the sources app, in Django's state only:
the tables and their rows stay as they are, and take the register's names in the next migration."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0012_link_candidates"),
        ("sources", "0001_import_runs_and_source_records"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ImportRun",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("kind", models.CharField(db_index=True, max_length=20)),
                        ("file_name", models.CharField(max_length=500)),
                        ("extract_date", models.DateField(blank=True, null=True)),
                        ("started_at", models.DateTimeField()),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        ("created", models.IntegerField(default=0)),
                        ("updated", models.IntegerField(default=0)),
                        ("unchanged", models.IntegerField(default=0)),
                        ("removed", models.IntegerField(default=0)),
                        ("rejected", models.IntegerField(default=0)),
                        ("rows_read", models.IntegerField(default=0)),
                        ("notes", models.TextField(blank=True)),
                    ],
                    options={"ordering": ["-started_at"], "db_table": "sources_importrun"},
                ),
                migrations.CreateModel(
                    name="SourceRecord",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("source", models.CharField(max_length=20)),
                        ("source_key", models.CharField(max_length=80)),
                        ("file_name", models.CharField(max_length=300)),
                        ("extract_date", models.DateField(blank=True, null=True)),
                        ("last_confirmed", models.DateField(blank=True, null=True)),
                        ("record_hash", models.CharField(blank=True, max_length=40)),
                        ("disappeared_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "first_seen_run",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="register.importrun",
                            ),
                        ),
                        (
                            "last_seen_run",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="register.importrun",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="source_records",
                                to="register.organisation",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "sources_sourcerecord",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("source", "source_key"), name="uniq_source_record"
                            )
                        ],
                    },
                ),
            ],
        ),
    ]
