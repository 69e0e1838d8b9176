"""Provenance (source records and import runs) now belongs to the register: this app forgets the models
in Django's state only; the tables and their rows are the register's now."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0001_import_runs_and_source_records"),
        ("register", "0013_provenance_moves_in"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="SourceRecord"),
                migrations.DeleteModel(name="ImportRun"),
            ],
        ),
    ]
