"""The people behind organisations that the council and the register work with.

Contacts hold personal data: only the organisation's own members, council officers and curators see
them, never the public or the anonymous API. Each records why it is held and on what basis.
"""

from django.conf import settings
from django.db import models

# The partnership health check keeps its records in a module of its own; imported so Django finds them.
from commoncause.relationships.health import models as health_models  # noqa: F401


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
    confirmed_on = models.DateField(null=True, blank=True)  # when a member last said it is still right
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


# The engagement log: what passed between a council and the organisations it works with.


class EngagementKind(models.TextChoices):
    MEETING = "meeting", "Meeting"
    CONSULTATION = "consultation", "Consultation"
    DECISION = "decision", "Decision"
    FOLLOW_UP = "follow_up", "Follow-up"
    FUNDING_NOTICE = "funding_notice", "Notice of ending or cutting funding"


class EngagementStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class Engagement(models.Model):
    """One meeting, consultation, decision, follow-up or notice between a council and organisations:
    when, who took part, what was said or agreed, who owns what comes next and by when."""

    council = models.ForeignKey("accounts.Council", on_delete=models.CASCADE, related_name="engagements")
    kind = models.CharField(max_length=20, choices=EngagementKind.choices)
    title = models.CharField(max_length=200)
    # The day it happened: a meeting's or decision's day, a consultation's opening, a notice's giving.
    on = models.DateField()
    organisations = models.ManyToManyField("register.Organisation", blank=True, related_name="engagements")
    summary = models.TextField(blank=True)  # what was said, agreed or decided
    follows = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=EngagementStatus.choices, default=EngagementStatus.OPEN)
    reminded_on = models.DateField(null=True, blank=True)  # the day its owner was last reminded
    # A consultation: when it closes, who answered, what changed because of it.
    closes_on = models.DateField(null=True, blank=True)
    shorter_because = models.TextField(blank=True)  # why a consultation ran under 12 weeks
    respondents = models.ManyToManyField(
        "register.Organisation", blank=True, related_name="consultations_answered"
    )
    other_responses = models.PositiveIntegerField(null=True, blank=True)  # residents, others
    changed = models.TextField(blank=True)  # what changed as a result
    # A notice of ending or cutting funding: when the funding ends or falls, by how much, and why.
    funding_ends_on = models.DateField(null=True, blank=True)
    reduction = models.CharField(max_length=200, blank=True)  # "ends", "£12,000 a year", "40%"
    reasons = models.TextField(blank=True)
    is_example = models.BooleanField(default=False)  # the demo's, marked wherever it shows
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-on", "-pk"]
        indexes = [
            models.Index(fields=["council", "-on"], name="engagement_council_on_idx"),
            models.Index(fields=["status", "due_on"], name="engagement_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class CouncilContact(models.Model):
    """A named person at a council whom the sector can call about a theme in an area: "who do I talk to
    about children's services in Church Street ward?". Personal data: seen only by signed-in officers,
    curators and organisations' members, never the public."""

    council = models.ForeignKey("accounts.Council", on_delete=models.CASCADE, related_name="named_contacts")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    themes = models.JSONField(default=list, blank=True)  # theme codes (places.themes); none: every theme
    areas = models.JSONField(default=list, blank=True)  # GSS codes of its wards; none: the whole council
    confirmed_on = models.DateField(null=True, blank=True)  # when last confirmed current
    is_example = models.BooleanField(default=False)  # the demo's, marked wherever it shows
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["council", "name", "pk"]

    def __str__(self) -> str:
        return f"Contact at {self.council_id}: {self.role or 'named contact'}"


class GlossaryTerm(models.Model):
    """One of a council's own terms for the plain-English checker: a word to avoid (with its plain
    alternative) or a term of its trade to explain at first use."""

    council = models.ForeignKey("accounts.Council", on_delete=models.CASCADE, related_name="glossary")
    term = models.CharField(max_length=100)
    plain = models.CharField(max_length=200, blank=True)  # the plain alternative
    explanation = models.CharField(max_length=300, blank=True)  # what it means
    explain_only = models.BooleanField(default=False)  # a term to explain, not to avoid
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["council", "term"]
        constraints = [models.UniqueConstraint(fields=["council", "term"], name="glossary_term_unique")]

    def __str__(self) -> str:
        return self.term
