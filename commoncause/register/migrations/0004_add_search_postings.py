"""Stored posting lists for the index's most common words, and document counts for every word.

A word that thousands of organisations use (\"community\", \"trust\") is read as one stored list of
document numbers instead of being looked up in the full-text index, whose answer for such a word
would run to tens of thousands of rows.
"""

from django.db import migrations


def create_postings(apps, schema_editor):
    blob = "bytea" if schema_editor.connection.vendor == "postgresql" else "blob"
    collate = 'COLLATE "C"' if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE TABLE register_search_posting (term text {collate} NOT NULL, field smallint NOT NULL, "
        f"docs {blob} NOT NULL, PRIMARY KEY (term, field))"
    )


def drop_postings(apps, schema_editor):
    schema_editor.execute("DROP TABLE register_search_posting")


class Migration(migrations.Migration):
    dependencies = [("register", "0003_add_search_index")]

    operations = [migrations.RunPython(create_postings, drop_postings)]
