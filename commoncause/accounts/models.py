"""People's standing in the service: councils (tenants), staff roles, API tokens and the audit log.

A person is Django's `User`, signed in by email (the username is the lower-cased email). Membership of
organisations lives with the register, which owns organisations.
"""

import re
from typing import Any

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    """Staff roles. `public` (nobody signed in) and `org_member` (a member of an organisation) are
    worked out, not granted."""

    OFFICER = "officer", "Council officer"
    CURATOR = "curator", "Register curator"
    ADMIN = "admin", "Administrator"


class Council(models.Model):
    """A council using the service: a tenant with its own staff and area over the shared register."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    # GSS codes of the local authority areas it covers (E06…, E07…, E08…, E09…, W06…, S12…, N09…).
    area_codes = models.JSONField(default=list, blank=True)
    # Its own org-id as a funder publishes it (GB-LAE-WSM, GB-LAS-…, GB-LAW-…, GB-NIEDU-…): the funder of
    # the grants it awards through the service.
    org_id = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StaffRole(models.Model):
    """A role held by a person, for one council (officers; curators of a council's area) or for the
    whole service (curators of the national register, administrators)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles")
    role = models.CharField(max_length=20, choices=Role.choices)
    council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.CASCADE, related_name="staff"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "council"], name="staff_role_unique"),
            models.CheckConstraint(
                condition=~models.Q(role="officer") | models.Q(council__isnull=False),
                name="officer_has_council",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} as {self.get_role_display()}" + (f" for {self.council}" if self.council else "")


class InvitationBase(models.Model):
    """An invitation emailed to an address: accepted once, by a person signed in with that address."""

    email = models.EmailField(max_length=254)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class StaffInvitation(InvitationBase):
    """An administrator's invitation to join as council staff or as a curator."""

    role = models.CharField(max_length=20, choices=Role.choices)
    council = models.ForeignKey(Council, null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"Invitation to {self.email} as {self.get_role_display()}"


class TokenScope(models.TextChoices):
    READ = "read", "Read"
    WRITE = "write", "Read and write"


class ApiToken(models.Model):
    """A personal API token: shown once when made, stored as a hash, revocable."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, unique=True)  # the public start of the token, to find it
    key_hash = models.CharField(max_length=64)  # sha256 of the whole token
    scope = models.CharField(max_length=10, choices=TokenScope.choices, default=TokenScope.READ)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class AuditAction(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"
    APPROVE = "approve", "Approved"
    REFUSE = "refuse", "Refused"
    ERASE = "erase", "Erased"
    MERGE = "merge", "Linked"
    UNMERGE = "unmerge", "Unlinked"


ERASED = "[erased]"


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):  # noqa: ANN003, ANN201
        raise TypeError("The audit log cannot be changed.")

    def delete(self):  # noqa: ANN201
        raise TypeError("The audit log cannot be changed.")

    def redact(self, values: set[str]) -> int:
        """Replace these personal values wherever they appear in these entries with "[erased]".

        The one change the log allows, used only when a person's data is erased: who did what, to
        which record and when stays; the person's name, address and number go. Returns how many
        entries changed.
        """
        patterns = [re.compile(re.escape(value), re.IGNORECASE) for value in sorted(values, key=len)[::-1]]
        changed = 0
        for entry in self:
            fields = {
                name: _scrub(getattr(entry, name), patterns)
                for name in ("actor_label", "target_label", "before", "after", "note")
            }
            if any(fields[name] != getattr(entry, name) for name in fields):
                models.QuerySet.update(type(self)(self.model, using=self.db).filter(pk=entry.pk), **fields)
                changed += 1
        return changed


def _scrub(value: Any, patterns: list[re.Pattern]) -> Any:  # noqa: ANN401
    if isinstance(value, str):
        for pattern in patterns:
            value = pattern.sub(ERASED, value)
        return value
    if isinstance(value, dict):
        return {key: _scrub(item, patterns) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub(item, patterns) for item in value]
    return value


class AuditEntry(models.Model):
    """One change to a record holding personal, financial or approval data: who, when, what, before
    and after. Written once by `accounts.services.audit_record`, never changed or deleted, except that
    erasing a person's data replaces their personal values with "[erased]" (`redact`)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=254, blank=True)  # kept if the account goes
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    target_type = models.CharField(max_length=100)  # app_label.model
    target_id = models.CharField(max_length=64, db_index=True)
    target_label = models.CharField(max_length=300, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_type} {self.target_id}"
        )

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        if self.pk is not None:
            raise TypeError("The audit log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        raise TypeError("The audit log cannot be changed.")


class VerifiedEmail(models.Model):
    """An email address its owner has shown they receive mail at (by following a link sent to it)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="verified_email"
    )
    email = models.EmailField(max_length=254)
    verified_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.email
