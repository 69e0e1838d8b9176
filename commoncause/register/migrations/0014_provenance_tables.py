"""The provenance tables take the register's names (their rows stay), and their content types follow."""

from django.db import migrations

MOVED = ("importrun", "sourcerecord")


def _relabel(apps, old: str, new: str) -> None:  # noqa: ANN001
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not content_type.objects.filter(app_label=new, model=model).exists():
            content_type.objects.filter(app_label=old, model=model).update(app_label=new)


def relabel_forwards(apps, schema_editor) -> None:  # noqa: ANN001
    _relabel(apps, "sources", "register")


def relabel_backwards(apps, schema_editor) -> None:  # noqa: ANN001
    _relabel(apps, "register", "sources")


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0013_provenance_moves_in"),
        ("sources", "0002_provenance_moves_to_register"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="importrun", table=None),
        migrations.AlterModelTable(name="sourcerecord", table=None),
        migrations.RunPython(relabel_forwards, relabel_backwards),
    ]
