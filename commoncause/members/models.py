"""Who speaks for an organisation (members, invitations) and what it says of itself (statements and
their versions, new groups on no register)."""

from django.db import models

from commoncause.accounts.models import InvitationBase
from commoncause.register.models import Organisation


class MembershipStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a curator"
    APPROVED = "approved", "Member"
    REFUSED = "refused", "Refused"


class Membership(models.Model):
    """A person's membership of an organisation: asked for, then approved (by a curator, or at once when
    their verified email address is at the organisation's own web domain) or refused with a reason."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="memberships")
    status = models.CharField(
        max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.PENDING
    )
    message = models.TextField(blank=True)  # what the person said about their part in the organisation
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)  # why it was refused, or how it was approved

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="membership_unique"),
        ]
        indexes = [models.Index(fields=["status", "requested_at"], name="membership_queue_idx")]

    def __str__(self) -> str:
        return f"{self.user} in {self.organisation} ({self.status})"


# What members may say about their organisation: shown beside the regulators' facts, never over them.
# Every field is text, but for the areas it serves: a list of GSS codes of real areas (members/areas.py).
PROFILE_FIELDS: dict[str, str] = {
    "description": "About the organisation",
    "offers": "What it offers",
    "who_it_helps": "Who it helps",
    "areas_served": "Areas it serves",
    "public_email": "Public email address",
    "public_phone": "Public phone number",
    "website": "Website",
}
AREAS_SERVED = "areas_served"
# What a statement written before areas were picked said of them that names no one area: kept (a list
# of what was written) for its members to see and replace, until the statement is next changed.
AREAS_UNRECOGNISED = "areas_served_unrecognised"
StatementValues = dict[str, str | list[str]]


class EditStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a curator"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Sent back"


class AuthorRole(models.TextChoices):
    """In what role a change to a statement was written: the history names roles to the public, not people."""

    MEMBER = "member", "a member of the organisation"
    CURATOR = "curator", "a curator"


class ProfileEdit(models.Model):
    """A member's proposed change to their organisation's own statement, waiting for a curator."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="profile_edits")
    proposed_by = models.ForeignKey("auth.User", null=True, on_delete=models.SET_NULL, related_name="+")
    # Kept when the person erases their account, so the history still says who wrote the change.
    proposed_as = models.CharField(max_length=20, choices=AuthorRole.choices, default=AuthorRole.MEMBER)
    proposed_at = models.DateTimeField(auto_now_add=True)
    before = models.JSONField(default=dict)  # the approved statement the change was made against
    after = models.JSONField(default=dict)  # the whole statement as proposed
    status = models.CharField(max_length=20, choices=EditStatus.choices, default=EditStatus.PENDING)
    decided_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "proposed_at"], name="profile_edit_queue_idx")]

    def __str__(self) -> str:
        return f"Edit of {self.organisation} ({self.status})"


class ProfileVersion(models.Model):
    """One approved version of an organisation's own statement; the newest is the one shown."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="profile_versions")
    number = models.PositiveIntegerField()
    values = models.JSONField(default=dict)
    edit = models.OneToOneField(ProfileEdit, null=True, on_delete=models.SET_NULL, related_name="version")
    approved_at = models.DateTimeField()  # the date these facts were last confirmed

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="profile_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} v{self.number}"


class GroupProposal(models.Model):
    """A community group on no register, added by a member of the public; a curator checks it before it
    joins the register with a stable local identifier (GB-LOCAL-…)."""

    proposed_by = models.ForeignKey("auth.User", null=True, on_delete=models.SET_NULL, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    name = models.CharField(max_length=500)
    postcode = models.CharField(max_length=12)
    values = models.JSONField(default=dict)  # the group's own statement (PROFILE_FIELDS)
    status = models.CharField(max_length=20, choices=EditStatus.choices, default=EditStatus.PENDING)
    decided_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"New group {self.name} ({self.status})"


class MemberInvitation(InvitationBase):
    """A member's (or curator's) invitation to a colleague to join the organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")

    def __str__(self) -> str:
        return f"Invitation to {self.email} to join {self.organisation}"
