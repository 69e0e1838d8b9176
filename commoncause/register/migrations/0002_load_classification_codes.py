from pathlib import Path

from django.db import migrations

from commoncause.register.classification import reference_codes

DATA_DIR = Path(__file__).resolve().parents[3] / "data"


def load_codes(apps, schema_editor):
    ClassificationCode = apps.get_model("register", "ClassificationCode")
    ClassificationCode.objects.bulk_create(
        [
            ClassificationCode(scheme=scheme, code=code, kind=kind, label=label)
            for scheme, code, kind, label in reference_codes(DATA_DIR)
        ],
        ignore_conflicts=True,
    )


def unload_codes(apps, schema_editor):
    apps.get_model("register", "ClassificationCode").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("register", "0001_initial_register")]

    operations = [migrations.RunPython(load_codes, unload_codes)]
