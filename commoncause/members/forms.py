"""Forms for the register's pages."""

from typing import Any

from django import forms

from commoncause.members.models import PROFILE_FIELDS

LONG_FIELDS = {"description", "offers", "who_it_helps", "areas_served"}
HELP = {
    "description": "In plain words: what the organisation is and does.",
    "offers": "Services, activities, premises, expertise or volunteering others can use.",
    "who_it_helps": "For example, older people in Belfast, or young carers.",
    "areas_served": "Towns, wards or council areas.",
    "public_email": "An address for enquiries, such as info@… (not a person's own address).",
}


class ProfileForm(forms.Form):
    """The organisation's own statement, every field optional."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # a Form's own arguments, passed on
        super().__init__(*args, **kwargs)
        for field, label in PROFILE_FIELDS.items():
            widget = forms.Textarea if field in LONG_FIELDS else forms.TextInput
            self.fields[field] = forms.CharField(
                label=label, required=False, max_length=5000, help_text=HELP.get(field, ""), widget=widget
            )


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
