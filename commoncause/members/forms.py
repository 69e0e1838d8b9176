"""Forms for the register's pages."""

from typing import Any

from django import forms

from commoncause.members.areas import areas_by_code, areas_resolve
from commoncause.members.models import AREAS_SERVED, AREAS_UNRECOGNISED, PROFILE_FIELDS

LONG_FIELDS = {"description", "offers", "who_it_helps"}
AREAS_ADD = "areas_served_add"  # what a person types to add areas to the ones picked
HELP = {
    "description": "In plain words: what the organisation is and does.",
    "offers": "Services, activities, premises, expertise or volunteering others can use.",
    "who_it_helps": "For example, older people in Belfast, or young carers.",
    AREAS_SERVED: "Untick an area to take it off.",
    AREAS_ADD: (
        "A council, ward, region or nation, by its name or its code (such as Belfast, or N09000003). "
        "Separate several with semicolons."
    ),
    "public_email": "An address for enquiries, such as info@… (not a person's own address).",
}


class Checkboxes(forms.CheckboxSelectMultiple):
    """Boxes whose error links to the first of them (Django gives a group of boxes no label to link)."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return f"{id_}_{index or 0}" if id_ else ""


class ProfileForm(forms.Form):
    """The organisation's own statement, every field optional. The areas it serves are picked: those
    chosen show as boxes to untick, and more are added by name or code (members/areas.py)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # a Form's own arguments, passed on
        super().__init__(*args, **kwargs)
        for field, label in PROFILE_FIELDS.items():
            if field == AREAS_SERVED:
                self._area_fields(label)
                continue
            widget = forms.Textarea if field in LONG_FIELDS else forms.TextInput
            self.fields[field] = forms.CharField(
                label=label, required=False, max_length=5000, help_text=HELP.get(field, ""), widget=widget
            )

    def _area_fields(self, label: str) -> None:
        chosen = self._chosen_codes()
        known = areas_by_code(chosen)
        self.fields[AREAS_SERVED] = forms.MultipleChoiceField(
            label=label,
            required=False,
            choices=[(code, known[code].label) for code in chosen if code in known],
            widget=Checkboxes,
            help_text=HELP[AREAS_SERVED],
            error_messages={"invalid_choice": f"{label}: no area has the code %(value)s."},
        )
        self.fields[AREAS_ADD] = forms.CharField(
            label="Add an area it serves", required=False, max_length=5000, help_text=HELP[AREAS_ADD]
        )
        unrecognised = self.initial.get(AREAS_UNRECOGNISED) or []
        self.initial.setdefault(AREAS_ADD, "; ".join(str(text) for text in unrecognised))

    def _chosen_codes(self) -> list[str]:
        if self.is_bound:
            posted = self.data.getlist(AREAS_SERVED) if hasattr(self.data, "getlist") else []
            return [str(code).strip().upper() for code in posted]
        initial = self.initial.get(AREAS_SERVED) or []
        return [str(code) for code in initial] if isinstance(initial, list) else []

    @property
    def unrecognised(self) -> list[str]:
        """What an earlier statement said of its areas that names no one area, for the member to replace."""
        return [str(text) for text in self.initial.get(AREAS_UNRECOGNISED) or []]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        found, unresolved = areas_resolve(data.get(AREAS_ADD, "") or "")
        if unresolved:
            problems = " ".join(f"{problem.message}." for problem in unresolved[:5])
            self.add_error(AREAS_ADD, f"{PROFILE_FIELDS[AREAS_SERVED]}: {problems}")
        elif AREAS_SERVED in data:
            data[AREAS_SERVED] = list(dict.fromkeys([*data[AREAS_SERVED], *(area.code for area in found)]))
        return data


class GroupForm(ProfileForm):
    """A community group on no register: its name and postcode, then its own statement."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        statement = dict(self.fields)
        self.fields.clear()
        self.fields["name"] = forms.CharField(label="Group name", max_length=500)
        self.fields["postcode"] = forms.CharField(
            label="Postcode where it meets", max_length=12, help_text="For example, BT1 5GS."
        )
        self.fields.update(statement)
