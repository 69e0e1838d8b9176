"""The contact form: who the person is, how to reach them, why they are held and on what basis."""

from __future__ import annotations

from django import forms

from commoncause.relationships.models import ContactPurpose, LawfulBasis


class ContactForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    role = forms.CharField(
        label="Role", max_length=200, required=False, help_text="For example, Chief Executive or Chair."
    )
    email = forms.CharField(
        label="Email address",
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
    )
    phone = forms.CharField(label="Phone number", max_length=40, required=False)
    is_senior = forms.BooleanField(label="A senior contact (leads the organisation)", required=False)
    purpose = forms.ChoiceField(label="Why the council may contact them", choices=ContactPurpose.choices)
    lawful_basis = forms.ChoiceField(
        label="Basis for holding their details",
        choices=LawfulBasis.choices,
        help_text="Choose consent unless their job makes them the natural contact.",
    )
    consent_confirmed = forms.BooleanField(label="The person agreed to be listed here", required=False)
    consent_note = forms.CharField(
        label="How they agreed", max_length=300, required=False, help_text="For example, by email on 3 May."
    )
