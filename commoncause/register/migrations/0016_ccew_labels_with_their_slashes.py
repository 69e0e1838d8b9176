"""The Charity Commission's what/who/how labels as it writes them, slashes and all ("Children/young
people", not "Children Young People"), in registers made before `classification-ccew.csv` had them."""

from pathlib import Path

from django.db import migrations

from commoncause.register.classification import reference_codes

DATA_DIR = Path(__file__).resolve().parents[3] / "data"


def relabel(apps, schema_editor):
    ClassificationCode = apps.get_model("register", "ClassificationCode")
    for scheme, code, _kind, label in reference_codes(DATA_DIR):
        if scheme == "ccew":
            ClassificationCode.objects.filter(scheme=scheme, code=code).update(label=label)


class Migration(migrations.Migration):
    dependencies = [("register", "0015_models_move_out")]

    operations = [migrations.RunPython(relabel, migrations.RunPython.noop)]
