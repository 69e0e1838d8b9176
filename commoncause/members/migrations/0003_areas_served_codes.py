"""Statements say which areas an organisation serves as GSS codes of real areas, not free text. What the
free text named that is one area becomes its code; the rest is kept beside the codes as written, for the
organisation's members to see ("not recognised — pick the area") and replace."""

from django.db import migrations

AREAS_SERVED, AREAS_UNRECOGNISED = "areas_served", "areas_served_unrecognised"


def _with_codes(values: dict) -> dict | None:
    """The values with their areas as codes, or None when they hold no free text about areas."""
    from commoncause.members.areas import areas_from_text

    text = values.get(AREAS_SERVED)
    if not isinstance(text, str):
        return None
    codes, rest = areas_from_text(text)
    changed = {**values, AREAS_SERVED: codes}
    if rest:
        changed[AREAS_UNRECOGNISED] = rest
    return changed


def _as_text(values: dict) -> dict | None:
    """Back to free text: the areas' names, one a line, then what was not recognised."""
    from commoncause.members.areas import areas_by_code

    codes = values.get(AREAS_SERVED)
    if not isinstance(codes, list):
        return None
    known = areas_by_code(codes)
    lines = [known[code].name if code in known else code for code in codes]
    lines += values.get(AREAS_UNRECOGNISED) or []
    changed = {key: value for key, value in values.items() if key != AREAS_UNRECOGNISED}
    changed[AREAS_SERVED] = "\n".join(lines)
    return changed


def _convert(apps, convert) -> None:  # noqa: ANN001
    """Every stored statement: versions, changes (as they were and as proposed) and new groups. The areas
    are looked up through the catalogue the places app gives members (members/areas.py), which reads the
    places tables as they stand now; it is asked only when a statement holds areas to convert."""
    fields = {"ProfileVersion": ("values",), "ProfileEdit": ("before", "after"), "GroupProposal": ("values",)}
    for model_name, columns in fields.items():
        model = apps.get_model("members", model_name)
        for row in model.objects.only("pk", *columns).iterator():
            changed = {column: convert(getattr(row, column)) for column in columns}
            changed = {column: values for column, values in changed.items() if values is not None}
            if changed:
                model.objects.filter(pk=row.pk).update(**changed)


def forwards(apps, schema_editor) -> None:  # noqa: ANN001
    _convert(apps, _with_codes)


def backwards(apps, schema_editor) -> None:  # noqa: ANN001
    _convert(apps, _as_text)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_profile_edit_proposed_as"),
        ("places", "0002_organisation_places"),  # the areas the text is resolved against
    ]

    operations = [migrations.RunPython(forwards, backwards)]
