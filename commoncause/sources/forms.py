"""The form a curator uploads a file to import with."""

from __future__ import annotations

from django import forms

from commoncause.core.uploads import size_words
from commoncause.sources.import_requests import max_bytes
from commoncause.sources.models import WEB_KINDS

CHOOSE_KIND = "Choose what the file holds."


class ImportRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="What the file holds",
        choices=list(WEB_KINDS.items()),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what the file holds.",
            "invalid_choice": "Choose what the file holds.",
        },
    )
    file = forms.FileField(
        label="The file",
        help_text=f"Up to {size_words(max_bytes())}. It is kept until it has been imported, then deleted.",
        error_messages={"required": "Choose the file to import.", "empty": "The file chosen is empty."},
    )
    extract_date = forms.DateField(
        label="The date its publisher gave the data (optional)",
        required=False,
        help_text="For a file that does not say itself, written as 2026-11-30.",
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Write the date as year-month-day, for example 2026-11-30."},
    )
    skip_invalid = forms.BooleanField(
        label="Import the grants that meet the 360Giving standard, and report the others",
        required=False,
    )
