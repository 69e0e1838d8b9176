"""Each change to a statement keeps the role it was written in (a member, or a curator who is not one)."""

from django.db import migrations, models


def roles_forwards(apps, schema_editor) -> None:  # noqa: ANN001
    """Changes already made: a curator (or administrator) who was not an approved member wrote as a curator."""
    profile_edit = apps.get_model("members", "ProfileEdit")
    membership = apps.get_model("members", "Membership")
    staff_role = apps.get_model("accounts", "StaffRole")
    user = apps.get_model("auth", "User")
    curators = set(staff_role.objects.filter(role__in=("curator", "admin")).values_list("user_id", flat=True))
    curators |= set(user.objects.filter(is_superuser=True).values_list("pk", flat=True))
    for edit in profile_edit.objects.filter(proposed_by__in=curators):
        member = membership.objects.filter(
            user_id=edit.proposed_by_id, organisation_id=edit.organisation_id, status="approved"
        ).exists()
        if not member:
            profile_edit.objects.filter(pk=edit.pk).update(proposed_as="curator")


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_move_in_from_register"),
        ("accounts", "0004_alter_auditentry_action"),
    ]

    operations = [
        migrations.AddField(
            model_name="profileedit",
            name="proposed_as",
            field=models.CharField(
                choices=[("member", "a member of the organisation"), ("curator", "a curator")],
                default="member",
                max_length=20,
            ),
        ),
        migrations.RunPython(roles_forwards, migrations.RunPython.noop),
    ]
