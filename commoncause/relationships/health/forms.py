"""The health check's forms: a round's name and dates, its statements, a council's own statement, the
answers, and an action. Each names the field in error and keeps what was typed."""

from __future__ import annotations

from typing import Any

from django import forms

from commoncause.relationships.health.models import ActionStatus, RoundStatement, StatementAbout
from commoncause.relationships.health.services import EVIDENCE_LONGEST

DONT_KNOW = "dont_know"
# The scale is said once, above the statements (1: not at all true, 5: fully true), and each group of
# radios is described by it; short labels keep the six choices on one line.
RATINGS = [("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5"), (DONT_KNOW, "Don\u2019t\u00a0know")]


class Radios(forms.RadioSelect):
    """Radios whose error links to the first of them (Django gives a group of radios no label to link)."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return f"{id_}_{index or 0}" if id_ else ""


class RoundForm(forms.Form):
    name = forms.CharField(
        label="Name of the round", max_length=120, help_text="For example, 2025 to 2026 or Spring 2026."
    )
    opens = forms.DateField(label="Opens for answers", help_text="For example, 2026-04-01.")
    closes = forms.DateField(label="Closes for answers", help_text="For example, 2026-05-31.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens"), data.get("closes")
        if opens and closes and closes < opens:
            self.add_error("closes", "The closing date must be on or after the opening date.")
        return data


class StatementsForm(forms.Form):
    """The statements a round asks, by key ('health:LA1')."""

    statements = forms.MultipleChoiceField(
        label="Statements",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one statement from the list."},
    )

    def __init__(self, *args: Any, keys: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["statements"].choices = [(key, key) for key in keys]  # type: ignore[attr-defined]


class OwnStatementForm(forms.Form):
    text = forms.CharField(
        label="Statement",
        max_length=500,
        widget=forms.Textarea,
        help_text="Write it as something that is true when the partnership is healthy, so 5 is best.",
    )
    about = forms.ChoiceField(label="Who it is about", choices=StatementAbout.choices)
    theme = forms.CharField(label="Theme", max_length=80, help_text="One or two words, such as 'funding'.")


class AnswerForm(forms.Form):
    """A rating (1 to 5, or don't know) and optional evidence for each of a round's statements."""

    def __init__(self, *args: Any, statements: list[RoundStatement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.statements = statements
        for statement in statements:
            self.fields[f"rating_{statement.pk}"] = forms.ChoiceField(
                label=statement.text,
                choices=RATINGS,
                widget=Radios,
                error_messages={
                    "required": f"Rate statement {statement.code}, from 1 to 5, or choose don't know."
                },
            )
            self.fields[f"evidence_{statement.pk}"] = forms.CharField(
                label=f"Evidence for {statement.code} (optional)",
                required=False,
                max_length=EVIDENCE_LONGEST,
                widget=forms.Textarea,
                error_messages={
                    "max_length": f"Evidence for {statement.code} is at most {EVIDENCE_LONGEST:,} characters."
                },
            )

    def rows(self) -> list[tuple[RoundStatement, forms.BoundField, forms.BoundField]]:
        return [(s, self[f"rating_{s.pk}"], self[f"evidence_{s.pk}"]) for s in self.statements]

    def answers(self) -> dict[int, tuple[int | None, str]]:
        found: dict[int, tuple[int | None, str]] = {}
        for statement in self.statements:
            rating = self.cleaned_data[f"rating_{statement.pk}"]
            evidence = self.cleaned_data[f"evidence_{statement.pk}"]
            found[statement.pk] = (None if rating == DONT_KNOW else int(rating), evidence)
        return found


def answer_initial(held: dict[int, tuple[int | None, str]]) -> dict[str, str]:
    """The form filled with a person's own answers, to change them while the round is open."""
    initial = {}
    for statement_id, (rating, evidence) in held.items():
        initial[f"rating_{statement_id}"] = DONT_KNOW if rating is None else str(rating)
        initial[f"evidence_{statement_id}"] = evidence
    return initial


class ActionForm(forms.Form):
    title = forms.CharField(label="What will be done", max_length=200)
    owner = forms.CharField(
        label="Owner",
        max_length=200,
        help_text="A name or a role, such as 'Head of Communities' or 'the CVS'.",
    )
    due = forms.DateField(label="Due by (optional)", required=False, help_text="For example, 2026-09-30.")
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices)
    statements = forms.MultipleChoiceField(
        label="The statements it answers", required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(label="Notes (optional)", required=False, max_length=2000, widget=forms.Textarea)

    def __init__(self, *args: Any, statements: list[RoundStatement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.round_statements = statements
        self.fields["statements"].choices = [(str(s.pk), f"{s.code}: {s.text}") for s in statements]  # type: ignore[attr-defined]

    def chosen(self) -> set[str]:
        """The statements ticked (as typed, or as held), for the checkboxes."""
        value = self["statements"].value() or []
        return {str(found) for found in value}
