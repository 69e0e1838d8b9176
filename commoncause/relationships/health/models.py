"""The partnership health check's records: a council's own and retired statements, its rounds with the
statements each asks (their wording copied in), the responses and their answers, and the action plan.

Answers are personal: they are never shown one by one, nor evidence with its author (see selectors.py
and results.py). A response belongs to its respondent until they erase their account, when it stays as
an anonymous set of ratings and its evidence is removed (services.health_answers_erase).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from commoncause.relationships.health.library import ABOUT_LABELS, SOURCE_LABELS


class StatementSource(models.TextChoices):
    HEALTH = "health", SOURCE_LABELS["health"]
    COMPACT = "compact", SOURCE_LABELS["compact"]
    BARRIERS = "barriers", SOURCE_LABELS["barriers"]
    OWN = "own", SOURCE_LABELS["own"]


class StatementAbout(models.TextChoices):
    COUNCIL = "council", ABOUT_LABELS["council"]
    SECTOR = "sector", ABOUT_LABELS["sector"]
    PARTNERSHIP = "partnership", ABOUT_LABELS["partnership"]


class Side(models.TextChoices):
    """Who answers: the council's officers, or the members of organisations in its area."""

    COUNCIL = "council", "The council"
    SECTOR = "sector", "The voluntary and community sector"


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "Being set up"
    OPEN = "open", "Open for answers"
    CLOSED = "closed", "Closed"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


class HealthStatement(models.Model):
    """A statement a council wrote for its own rounds, or a shipped one it retired from them.

    A shipped statement has a row here only once the council retires it (its wording copied, for the
    council's list); the council's own always have one. Own statements are never reworded: a council
    retires one and adds another, so rounds that asked it stay comparable.
    """

    council = models.ForeignKey(
        "accounts.Council", on_delete=models.CASCADE, related_name="health_statements"
    )
    source = models.CharField(max_length=10, choices=StatementSource.choices)
    code = models.CharField(max_length=20)
    text = models.TextField()
    about = models.CharField(max_length=12, choices=StatementAbout.choices)
    theme = models.CharField(max_length=80)
    retired_at = models.DateTimeField(null=True, blank=True)  # no longer offered for its rounds
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["council", "source", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["council", "source", "code"], name="health_statement_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:60]}"


class HealthRound(models.Model):
    """One health check of a council and its local sector, for a period: set up (draft), open for
    answers, then closed, when its results show."""

    council = models.ForeignKey("accounts.Council", on_delete=models.CASCADE, related_name="health_rounds")
    name = models.CharField(max_length=120)  # "2025 to 2026"
    opens = models.DateField()
    closes = models.DateField()
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    is_example = models.BooleanField(default=False)  # the demo's: no real person answered it
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opens", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gte=models.F("opens")), name="health_round_dates"
            ),
        ]
        indexes = [models.Index(fields=["council", "status"], name="health_round_council_idx")]

    def __str__(self) -> str:
        return f"Partnership health check {self.name} ({self.council})"


class RoundStatement(models.Model):
    """A statement a round asks, its wording copied from the library when the round was set up and
    fixed once the round opens."""

    round = models.ForeignKey(HealthRound, on_delete=models.CASCADE, related_name="statements")
    source = models.CharField(max_length=10, choices=StatementSource.choices)
    code = models.CharField(max_length=20)
    text = models.TextField()
    about = models.CharField(max_length=12, choices=StatementAbout.choices)
    theme = models.CharField(max_length=80)
    prompt = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "source", "code"], name="round_statement_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:60]}"


class HealthResponse(models.Model):
    """One person's answers to a round, on the side they answer for. One per person per round."""

    round = models.ForeignKey(HealthRound, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # None once they erase their account, or for the demo's example answers
    side = models.CharField(max_length=10, choices=Side.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "respondent"], name="health_response_once"),
        ]
        indexes = [models.Index(fields=["round", "side"], name="health_response_side_idx")]

    def __str__(self) -> str:
        return f"A response to {self.round.name} ({self.get_side_display()})"


class HealthAnswer(models.Model):
    """A rating of one statement from 1 to 5 (None: "don't know"), with optional evidence."""

    response = models.ForeignKey(HealthResponse, on_delete=models.CASCADE, related_name="answers")
    statement = models.ForeignKey(RoundStatement, on_delete=models.CASCADE, related_name="answers")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    evidence = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "statement"], name="health_answer_once"),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="health_answer_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"An answer to {self.statement.code}"


class HealthAction(models.Model):
    """A step in a round's action plan: what, who owns it (a name or a role), by when, how far it got,
    and the statements it answers."""

    round = models.ForeignKey(HealthRound, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=200)
    owner = models.CharField(max_length=200)
    due = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    notes = models.TextField(blank=True)
    statements = models.ManyToManyField(RoundStatement, blank=True, related_name="actions")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [models.F("due").asc(nulls_last=True), "pk"]

    def __str__(self) -> str:
        return f"Action: {self.title}"
