"""Funders and recipients brought by grants files before files were recorded as their source.

Each gets the source record a grants import now writes (the file of the latest grant naming it, dated
by that grant's import run where known), and one the importer had called an "Unregistered community
group" only because a funder gave it an id of its own loses that label (the file never said it). A
group a person proposed, which a curator checked, keeps its label.
"""

from django.db import migrations

SOURCE = "360giving"
MADE_UP_PREFIX = "360G-"
LABEL = "Unregistered community group"


def forwards(apps, schema_editor):
    Grant = apps.get_model("funding", "Grant")
    SourceRecord = apps.get_model("register", "SourceRecord")
    Organisation = apps.get_model("register", "Organisation")
    GroupProposal = apps.get_model("members", "GroupProposal")
    proposed = GroupProposal.objects.exclude(organisation=None).values("organisation_id")
    Organisation.objects.filter(legal_form=LABEL, identifiers__org_id__startswith=MADE_UP_PREFIX).exclude(
        pk__in=proposed
    ).update(legal_form="")
    named: dict = {}
    for funder, recipient, file_name, org_id_funder, org_id_recipient in (
        Grant.objects.order_by("pk")
        .values_list("funder_id", "recipient_id", "source_file", "funder_org_id", "recipient_org_id")
        .iterator(chunk_size=5000)
    ):
        for organisation, key in ((funder, org_id_funder), (recipient, org_id_recipient)):
            if organisation is not None and key:
                named[organisation] = (key.upper()[:80], file_name[:300])
    has = set(SourceRecord.objects.filter(source=SOURCE).values_list("organisation_id", flat=True))
    taken = set(SourceRecord.objects.filter(source=SOURCE).values_list("source_key", flat=True))
    new = []
    for organisation, (key, file_name) in named.items():
        if organisation in has or key in taken:
            continue
        taken.add(key)
        new.append(
            SourceRecord(organisation_id=organisation, source=SOURCE, source_key=key, file_name=file_name)
        )
    SourceRecord.objects.bulk_create(new, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0001_move_in_from_register"),
        ("members", "0001_move_in_from_register"),
        ("register", "0015_models_move_out"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
