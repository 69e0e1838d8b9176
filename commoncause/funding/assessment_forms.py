"""Forms for scoring, moderating, deciding and changing funding. They parse what was typed; the rules
(what is required, the limits) are the services' (`assessment`, `awards`), whose refusals name the
field here they belong to."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms

from commoncause.funding.assessment import (
    MAX_SCORE,
    Criterion,
    comment_field,
    reason_field,
    score_field,
)
from commoncause.funding.models import ChangeKind

DATE_HINT = "For example, 2027-03-31."
SCORE_CHOICES = [(str(n), str(n)) for n in range(MAX_SCORE + 1)]
OUTCOMES = [("successful", "Successful"), ("unsuccessful", "Unsuccessful")]


class Radios(forms.RadioSelect):
    """Radios whose field is named by its first option, so an error summary's link lands on it."""

    def id_for_label(self, id_: str, index: str | None = "0") -> str:
        return super().id_for_label(id_, index if index is not None else "0")


class _ByCriterion(forms.Form):
    """A score for each criterion, and a text beside it (a comment or a reason)."""

    text_label = ""
    text_field = staticmethod(comment_field)

    def __init__(self, *args: Any, criteria: Sequence[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for index, item in enumerate(self.criteria):
            self.fields[score_field(index)] = forms.ChoiceField(
                label=f"{item.name} (weight {item.weight.normalize():f}%)", choices=SCORE_CHOICES,
                required=False, widget=Radios,
            )  # fmt: skip
            self.fields[self.text_field(index)] = forms.CharField(
                label=f"{self.text_label}: {item.name}", required=False, widget=forms.Textarea
            )

    def scores(self) -> dict[str, object]:
        return {item.name: self.cleaned_data.get(score_field(i)) for i, item in enumerate(self.criteria)}

    def texts(self) -> dict[str, str]:
        return {
            item.name: str(self.cleaned_data.get(self.text_field(i)) or "")
            for i, item in enumerate(self.criteria)
        }

    def rows(self) -> list[tuple[int, Criterion, forms.BoundField, forms.BoundField]]:
        """Each criterion with its two fields, for the page."""
        return [
            (index, item, self[score_field(index)], self[self.text_field(index)])
            for index, item in enumerate(self.criteria)
        ]


class AssessmentForm(_ByCriterion):
    text_label = "Comment"
    text_field = staticmethod(comment_field)


class ModerationForm(_ByCriterion):
    text_label = "Reason"
    text_field = staticmethod(reason_field)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label="Decision", choices=OUTCOMES, widget=Radios)
    reasons = forms.CharField(
        label="Reasons for the decision",
        required=False,
        widget=forms.Textarea,
        help_text="Kept with the decision; a successful bid's reasons show on the award's public page.",
    )
    feedback = forms.CharField(
        label="Feedback to the bidders",
        required=False,
        widget=forms.Textarea,
        help_text="Shown to the bidders on their bid. Required when the bid is unsuccessful.",
    )
    amount = forms.DecimalField(
        label="Amount awarded, in pounds",
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text="For a successful bid. Leave empty to award the bid's price.",
    )
    starts = forms.DateField(
        label="Starts", required=False, help_text=f"Leave empty for the opportunity's start. {DATE_HINT}"
    )
    ends = forms.DateField(
        label="Ends",
        required=False,
        help_text=f"Leave empty for the end of the opportunity's term. {DATE_HINT}",
    )


class FundingChangeForm(forms.Form):
    kind = forms.ChoiceField(
        label="What happens to the funding",
        choices=[(ChangeKind.END, "It ends"), (ChangeKind.REDUCE, "It is reduced")],
        widget=Radios,
    )
    new_amount = forms.DecimalField(
        label="Reduced to, in pounds",
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text="For a reduction: what the award is worth from the day it takes effect.",
    )
    notice_given_on = forms.DateField(label="Written notice given on", required=False, help_text=DATE_HINT)
    takes_effect_on = forms.DateField(label="Takes effect on", required=False, help_text=DATE_HINT)
    reasons = forms.CharField(
        label="Reasons given",
        required=False,
        widget=forms.Textarea,
        help_text="Shown on the award's public page and recorded in the council's engagement log.",
    )
    shorter_because = forms.CharField(
        label="Why the notice is shorter than three months",
        required=False,
        widget=forms.Textarea,
        help_text="Required when the notice is shorter than the Compact's three months.",
    )
