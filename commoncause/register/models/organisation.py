"""The register's record of an organisation: one per body, however many sources describe it, with its
org-ids and other names.

Facts that come from a regulator are kept as the regulator gave them.
"""

import uuid

from django.db import models

from commoncause.core.models import TimeStampedModel


class OrganisationStatus(models.TextChoices):
    REGISTERED = "registered", "Registered"
    REMOVED = "removed", "Removed"
    ACTIVE = "active", "Active"
    DISSOLVED = "dissolved", "Dissolved"
    UNKNOWN = "unknown", "Unknown"


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def listed(self) -> "OrganisationQuerySet":
        """The organisations the register lists: not those a curator linked into another record of the
        same body (kept only so the link can be undone). Every count of the register counts these, as
        search does."""
        return self.filter(merged_into__isnull=True)


class Organisation(TimeStampedModel):
    """A charity, company, society or community group: one per body, however many sources describe it."""

    objects = OrganisationQuerySet.as_manager()

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=500)
    legal_form = models.CharField(max_length=120, blank=True, db_index=True)
    status = models.CharField(
        max_length=20,
        choices=OrganisationStatus.choices,
        default=OrganisationStatus.UNKNOWN,
        db_index=True,
    )
    status_detail = models.CharField(max_length=200, blank=True)
    date_registered = models.DateField(null=True, blank=True)
    date_removed = models.DateField(null=True, blank=True)
    removal_reason = models.CharField(max_length=200, blank=True)

    activities = models.TextField(blank=True)
    charitable_objects = models.TextField(blank=True)
    area_of_benefit = models.TextField(blank=True)

    latest_income = models.BigIntegerField(null=True, blank=True)
    latest_spending = models.BigIntegerField(null=True, blank=True)
    latest_financial_year_end = models.DateField(null=True, blank=True)
    income_band = models.CharField(max_length=20, blank=True, db_index=True)
    employees = models.IntegerField(null=True, blank=True)
    volunteers = models.IntegerField(null=True, blank=True)
    trustee_count = models.IntegerField(null=True, blank=True)

    # Public contact details as published by the regulator or the organisation (no individuals).
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=12, blank=True, db_index=True)
    email = models.CharField(max_length=254, blank=True)
    phone = models.CharField(max_length=60, blank=True)
    website = models.CharField(max_length=500, blank=True)

    # For linked (subsidiary) charities: the main charity they belong to.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="linked"
    )
    # Regulator-specific facts with no column of their own (policies, flags, governing document …).
    extra = models.JSONField(default=dict, blank=True)
    # Set when a curator linked this record into another (the same body): its identifiers, history and
    # people moved there; this record stays so the link can be undone.
    # Indexed only where set (few rows), so reading the whole register in id order stays a plain scan.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
        db_index=False,
    )

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name"], name="org_name_idx"),
            models.Index(fields=["latest_income"], name="org_income_idx"),
            models.Index(
                fields=["merged_into"],
                condition=models.Q(merged_into__isnull=False),
                name="org_merged_into_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_removed(self) -> bool:
        return self.status in {OrganisationStatus.REMOVED, OrganisationStatus.DISSOLVED}


class OrgIdentifier(models.Model):
    """An org-id such as GB-CHC-1234567, GB-NIC-100002, GB-COH-01234567 or GB-SC-SC012345."""

    org_id = models.CharField(max_length=80, unique=True)
    scheme = models.CharField(max_length=20, db_index=True)
    value = models.CharField(max_length=60)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="identifiers")
    is_primary = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_primary", "org_id"]

    def __str__(self) -> str:
        return self.org_id


class OtherName(models.Model):
    """A working, previous or alternative name."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="other_names")
    name = models.CharField(max_length=500)
    name_type = models.CharField(max_length=60, blank=True)
    source = models.CharField(max_length=20)

    class Meta:
        ordering = ["name_type", "name"]

    def __str__(self) -> str:
        return self.name
