"""Forms for signing up, signing in by email, and making API tokens."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from commoncause.accounts.models import TokenScope


def _text(autocomplete: str, **attrs: str) -> forms.TextInput:
    return forms.TextInput(attrs={"autocomplete": autocomplete, **attrs})


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label="Email address", max_length=254, widget=_text("email", spellcheck="false")
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password.",
        "inactive": "This account has been switched off.",
    }


class SignUpForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=150, widget=_text("name"))
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We use it to sign you in and to tell you about requests you make.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        help_text="At least 12 characters. A few unrelated words are easy to remember.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label="Confirm password", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        password = data.get("password")
        if password and data.get("password_again") and password != data["password_again"]:
            self.add_error("password_again", "Enter the same password again.")
        if password:
            try:
                password_validation.validate_password(password)
            except forms.ValidationError as problem:
                self.add_error("password", problem)
        return data


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Token name", max_length=100, help_text="Where it will be used, such as 'Grants spreadsheet'."
    )
    scope = forms.ChoiceField(label="Access", choices=TokenScope.choices, initial=TokenScope.READ)


class EraseForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        help_text="To confirm it is you. This cannot be undone.",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
