"""Needs, offers and what became of them: a need and the organisations shortlisted for it
(`Approach`), the resource-exchange board (`Offer`, `BookingRequest`) and an organisation's capacity
self-diagnostic (`Diagnostic`).

Every fact a match uses carries its date and its owner: each record keeps who made it and when, and
each step of an approach who took it and when.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from commoncause.accounts.models import Council
from commoncause.core.models import TimeStampedModel
from commoncause.register.models import Organisation


class NeedKind(models.TextChoices):
    SERVICE = "service", "A service"
    FUND = "fund", "A fund"
    PREMISES = "premises", "Premises"
    EXPERTISE = "expertise", "Expertise"
    TECHNOLOGY = "technology", "Technology"
    VOLUNTEERS = "volunteers", "Volunteers"
    CAPACITY = "capacity", "Capacity building"


class PosterKind(models.TextChoices):
    OFFICER = "officer", "A council officer"
    FUNDER = "funder", "A funder"
    ORGANISATION = "organisation", "An organisation"


class NeedStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Owned(TimeStampedModel):
    """Who made the record, and when it was made and last changed."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class Need(Owned):
    """Something a council, a funder or an organisation seeks, to be met by organisations of the register."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=NeedKind.choices, default=NeedKind.SERVICE)
    poster_kind = models.CharField(max_length=20, choices=PosterKind.choices, default=PosterKind.OFFICER)
    council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.PROTECT, related_name="needs"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="needs_posted"
    )
    funder_name = models.CharField(max_length=300, blank=True)
    title = models.CharField(max_length=300)
    description = models.TextField()
    outcomes = models.TextField(blank=True)
    who = models.JSONField(default=list, blank=True)  # theme codes
    areas = models.JSONField(default=list, blank=True)  # GSS codes of councils or wards
    budget_min = models.PositiveIntegerField(null=True, blank=True)  # pounds
    budget_max = models.PositiveIntegerField(null=True, blank=True)
    starts = models.DateField(null=True, blank=True)
    ends = models.DateField(null=True, blank=True)
    closes = models.DateField(null=True, blank=True)
    # A fund's eligibility: a size band by yearly income, legal forms, themes, and what it pays for.
    income_below = models.PositiveBigIntegerField(null=True, blank=True)
    income_from = models.PositiveBigIntegerField(null=True, blank=True)
    legal_forms = models.JSONField(default=list, blank=True)
    themes = models.JSONField(default=list, blank=True)
    pays_for = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=NeedStatus.choices, default=NeedStatus.DRAFT)
    is_example = models.BooleanField(default=False)  # the demo's examples, marked wherever they show
    diagnostic = models.ForeignKey(
        "Diagnostic", null=True, blank=True, on_delete=models.SET_NULL, related_name="needs"
    )  # a capacity need the organisation's own diagnostic found

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "kind"], name="need_status_kind_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def poster_name(self) -> str:
        if self.poster_kind == PosterKind.FUNDER and self.funder_name:
            return self.funder_name
        if self.organisation_id is not None:
            return self.organisation.name  # type: ignore[union-attr]
        return self.council.name if self.council_id is not None else self.funder_name  # type: ignore[union-attr]


class ApproachStatus(models.TextChoices):
    SHORTLISTED = "shortlisted", "Shortlisted"
    CONTACTED = "contacted", "Contacted"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    DONE = "done", "Outcome recorded"


class Approach(TimeStampedModel):
    """An organisation shortlisted for a need, and what became of it (each step: who, when)."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="approaches")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="approaches")
    score = models.FloatField(null=True, blank=True)
    reasons = models.JSONField(default=list, blank=True)  # the match's reasons as they were
    status = models.CharField(
        max_length=20, choices=ApproachStatus.choices, default=ApproachStatus.SHORTLISTED
    )
    shortlisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contacted_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_reason = models.TextField(blank=True)
    outcome = models.TextField(blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome_at = models.DateTimeField(null=True, blank=True)
    answered_as = models.CharField(max_length=20, blank=True)  # accepted or declined, kept past the outcome

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["need", "organisation"], name="approach_once_per_need"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name} for {self.need.title}"


class OfferKind(models.TextChoices):
    SERVICE = "service", "A service"
    PREMISES = "premises", "Premises"
    EXPERTISE = "expertise", "Expertise"
    TECHNOLOGY = "technology", "Technology or equipment"
    VOLUNTEERS = "volunteers", "Volunteers"
    OTHER = "other", "Something else"


class OfferStatus(models.TextChoices):
    OPEN = "open", "Available"
    CLOSED = "closed", "No longer available"


class Offer(Owned):
    """Something an organisation, a business or a public body offers others on the exchange board."""

    kind = models.CharField(max_length=20, choices=OfferKind.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="offers"
    )
    offered_by_name = models.CharField(max_length=300, blank=True)  # a business or public body
    title = models.CharField(max_length=300)
    description = models.TextField()
    areas = models.JSONField(default=list, blank=True)  # GSS codes
    capacity = models.CharField(max_length=300, blank=True)
    accessibility = models.TextField(blank=True)
    availability = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=OfferStatus.choices, default=OfferStatus.OPEN)
    is_example = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def offered_by(self) -> str:
        return self.organisation.name if self.organisation_id is not None else self.offered_by_name  # type: ignore[union-attr]


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class BookingRequest(Owned):
    """An organisation asks to use an offer (for a need of its own, if it says so) on dates it names."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="bookings")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="bookings_made")
    need = models.ForeignKey(Need, null=True, blank=True, on_delete=models.SET_NULL, related_name="bookings")
    wanted_from = models.DateField(null=True, blank=True)
    wanted_to = models.DateField(null=True, blank=True)
    message = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=BookingStatus.choices, default=BookingStatus.REQUESTED)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation.name}: {self.offer.title}"


class Diagnostic(Owned):
    """An organisation's capacity self-diagnostic: per capacity area, a score from 1 (a real gap) to
    5 (strong) and a note, as `{area: {"score": n, "note": "…"}}`."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="diagnostics")
    answers = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Capacity diagnostic of {self.organisation.name}"
