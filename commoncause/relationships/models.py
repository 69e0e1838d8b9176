"""The people behind organisations that the council and the register work with.

Contacts hold personal data: only the organisation's own members, council officers and curators see
them, never the public or the anonymous API. Each records why it is held and on what basis.
"""

from django.conf import settings
from django.db import models


class ContactPurpose(models.TextChoices):
    PARTNERSHIP = "partnership", "Main contact for work with the council"
    LEADERSHIP = "leadership", "Leads the organisation (chief officer, chair)"
    SERVICES = "services", "Services and referrals"
    FUNDING = "funding", "Funding, contracts and monitoring"
    SAFEGUARDING = "safeguarding", "Safeguarding lead"


class LawfulBasis(models.TextChoices):
    CONSENT = "consent", "The person agreed to be listed"
    ROLE = "legitimate_interests", "Their job makes them the contact (legitimate interests)"


class ContactStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a curator"
    APPROVED = "approved", "Checked"
    RETURNED = "returned", "Sent back"


# The fields a member proposes and a curator compares, with the words people see.
CONTACT_FIELDS: dict[str, str] = {
    "name": "Name",
    "role": "Role",
    "email": "Email",
    "phone": "Phone",
    "is_senior": "Senior contact",
    "purpose": "Why the council may contact them",
    "lawful_basis": "Basis for holding their details",
}
PERSONAL_FIELDS = ("name", "email", "phone")


class Contact(models.Model):
    """A named person at an organisation, held for a stated purpose."""

    organisation = models.ForeignKey(
        "register.Organisation", on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    is_senior = models.BooleanField(default=False)
    purpose = models.CharField(max_length=30, choices=ContactPurpose.choices)
    lawful_basis = models.CharField(max_length=30, choices=LawfulBasis.choices)
    consent_at = models.DateTimeField(null=True, blank=True)  # when the person's agreement was recorded
    consent_note = models.CharField(max_length=300, blank=True)  # how they agreed
    status = models.CharField(max_length=20, choices=ContactStatus.choices, default=ContactStatus.PENDING)
    proposed = models.JSONField(default=dict, blank=True)  # a change to a checked contact, waiting
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)  # why the last proposal was sent back
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)  # when a curator last checked it
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_senior", "name", "pk"]
        indexes = [
            models.Index(fields=["status"], name="contact_status_idx"),
            models.Index(fields=["email"], name="contact_email_idx"),
        ]

    def __str__(self) -> str:
        return f"Contact at {self.organisation_id}: {self.role or self.get_purpose_display()}"

    @property
    def waiting(self) -> bool:
        """Whether a curator has something to decide about this contact."""
        return self.status == ContactStatus.PENDING or bool(self.proposed)

    def values(self) -> dict[str, str]:
        """The contact's fields as they stand (strings, for comparing and for the audit log)."""
        return {field: _text(getattr(self, field)) for field in CONTACT_FIELDS}


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value or "")
