"""Forms for "who to call": the question, and a council's named contact."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from commoncause.accounts.models import Council
from commoncause.places.themes import themes
from commoncause.relationships.council_contacts import council_wards


def _theme_choices() -> list[tuple[str, str]]:
    return [(theme.code, theme.label) for theme in themes()]


class WhoToCallForm(forms.Form):
    theme = forms.ChoiceField(label="About", choices=())
    area = forms.CharField(
        label="In",
        max_length=200,
        help_text="A ward or a council: its name, such as Church Street, or its code.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["theme"]).choices = _theme_choices()


class CouncilContactForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    role = forms.CharField(
        label="Role", max_length=200, required=False, help_text="For example, Head of Early Help."
    )
    email = forms.CharField(
        label="Work email address",
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
    )
    phone = forms.CharField(label="Work phone number", max_length=40, required=False)
    themes = forms.MultipleChoiceField(
        label="Themes",
        required=False,
        choices=(),
        help_text="None chosen: they are the contact for every theme.",
    )
    areas = forms.MultipleChoiceField(
        label="Wards", required=False, choices=(), help_text="None chosen: the whole council."
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["themes"]).choices = _theme_choices()
        wards: dict[str, str] = {}
        for code, name in council_wards(council).values_list("code", "name"):
            wards.setdefault(code, name)
        choices: list[tuple[str, str]] = sorted(wards.items(), key=lambda item: item[1])
        cast(forms.MultipleChoiceField, self.fields["areas"]).choices = choices
