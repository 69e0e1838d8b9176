"""Memberships, statements, new groups and invitations now belong to `members`; links and pairs to
`linkage`; grants to `funding`. Each of those apps took the models, tables and rows in its first
migration; the register forgets them here, in Django's state only."""

from django.db import migrations

MOVED_OUT = (
    ("linkcandidate", ("decided_by", "merge", "source", "target")),
    ("organisationmerge", ("merged_by", "source", "target", "undone_by")),
    ("profileversion", ("edit", "organisation")),
    ("profileedit", ("decided_by", "organisation", "proposed_by")),
    ("groupproposal", ("decided_by", "organisation", "proposed_by")),
    ("memberinvitation", ("accepted_by", "invited_by", "organisation")),
    ("membership", ("decided_by", "organisation", "user")),
    ("grant", ("funder", "recipient")),
)


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0014_provenance_tables"),
        ("members", "0001_move_in_from_register"),
        ("linkage", "0001_move_in_from_register"),
        ("funding", "0001_move_in_from_register"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                *[
                    migrations.RemoveField(model_name=model, name=field)
                    for model, fields in MOVED_OUT
                    for field in fields
                ],
                *[migrations.DeleteModel(name=model) for model, _ in MOVED_OUT],
            ],
        ),
    ]
