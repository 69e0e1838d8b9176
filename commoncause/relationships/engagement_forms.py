"""The engagement form: one form for every kind, with the fields each kind needs checked by the
service (`engagement._checked`); organisations named by org-id, one a line or separated by commas."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.contrib.auth.models import User

from commoncause.accounts.models import Council
from commoncause.register.models import Organisation
from commoncause.register.selectors import organisation_by_identifier
from commoncause.relationships.engagement import owners_for
from commoncause.relationships.models import EngagementKind, EngagementStatus

DATE_HINT = "For example, 2027-03-31."
MOST_NAMED = 50


def organisations_named(text: str) -> tuple[list[Organisation], list[str]]:
    """The organisations these org-ids name (in order, once each), and the ids that name none."""
    found: dict[Any, Organisation] = {}
    unknown: list[str] = []
    for key in (part.strip() for part in re.split(r"[\n,;]+", text)):
        if not key:
            continue
        organisation = organisation_by_identifier(key)
        if organisation is None:
            unknown.append(key)
        else:
            found.setdefault(organisation.pk, organisation)
    return list(found.values()), unknown


def _person(user: User) -> str:
    return user.get_full_name() or user.email


class EngagementForm(forms.Form):
    council = forms.ModelChoiceField(label="Council", queryset=Council.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label="What kind", choices=EngagementKind.choices)
    title = forms.CharField(label="Title", max_length=200)
    on = forms.DateField(
        label="Date",
        help_text=f"The day it happened, the consultation opened or notice was given. {DATE_HINT}",
    )
    organisations = forms.CharField(
        label="Organisations taking part",
        required=False,
        widget=forms.Textarea,
        help_text="Their org-ids, such as GB-CHC-1039978, one a line.",
    )
    summary = forms.CharField(label="What was said, agreed or decided", required=False, widget=forms.Textarea)
    owner = forms.ModelChoiceField(
        label="Owner", queryset=User.objects.none(), required=False, help_text="Who follows it up."
    )
    due_on = forms.DateField(label="Due", required=False, help_text=DATE_HINT)
    status = forms.ChoiceField(label="Status", choices=EngagementStatus.choices)
    closes_on = forms.DateField(
        label="Consultation closes", required=False, help_text=f"For a consultation. {DATE_HINT}"
    )
    shorter_because = forms.CharField(
        label="Why it runs for less than 12 weeks",
        required=False,
        widget=forms.Textarea,
        help_text="The Compact expects 12 weeks for a formal written consultation.",
    )
    respondents = forms.CharField(
        label="Organisations that responded",
        required=False,
        widget=forms.Textarea,
        help_text="Their org-ids, one a line.",
    )
    other_responses = forms.IntegerField(
        label="Other responses", required=False, min_value=0, help_text="From residents and others."
    )
    changed = forms.CharField(label="What changed as a result", required=False, widget=forms.Textarea)
    funding_ends_on = forms.DateField(
        label="Funding ends or falls on",
        required=False,
        help_text=f"For a notice of ending or cutting funding. {DATE_HINT}",
    )
    reduction = forms.CharField(
        label="How much", max_length=200, required=False, help_text="For example: ends, or £12,000 a year."
    )
    reasons = forms.CharField(label="Reasons given", required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, councils: Any, council: Council | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        council_field = cast(forms.ModelChoiceField, self.fields["council"])
        council_field.queryset = councils
        owner_field = cast(forms.ModelChoiceField, self.fields["owner"])
        chosen = council or councils.first()
        owner_field.queryset = owners_for(chosen) if chosen is not None else User.objects.none()
        owner_field.label_from_instance = _person  # type: ignore[method-assign, assignment]
        self.named: dict[str, list[Organisation]] = {"organisations": [], "respondents": []}

    def _named(self, name: str) -> str:
        text = str(self.cleaned_data.get(name) or "")
        found, unknown = organisations_named(text)
        if unknown:
            raise forms.ValidationError(f"No organisation has the org-id {', '.join(unknown[:5])}.")
        if len(found) > MOST_NAMED:
            raise forms.ValidationError(f"Name {MOST_NAMED} organisations or fewer.")
        self.named[name] = found
        return text

    def clean_organisations(self) -> str:
        return self._named("organisations")

    def clean_respondents(self) -> str:
        return self._named("respondents")
