"""The register: one record per organisation, with every identifier, name, fact and where it came from.

Facts that come from a regulator are kept as the regulator gave them; each source record keeps the
file, extract date and the date its facts were last confirmed.
"""

import uuid

from django.db import models

from commoncause.accounts.models import InvitationBase
from commoncause.core.models import TimeStampedModel


class OrganisationStatus(models.TextChoices):
    REGISTERED = "registered", "Registered"
    REMOVED = "removed", "Removed"
    ACTIVE = "active", "Active"
    DISSOLVED = "dissolved", "Dissolved"
    UNKNOWN = "unknown", "Unknown"


class Organisation(TimeStampedModel):
    """A charity, company, society or community group: one per body, however many sources describe it."""

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


class ClassificationCode(models.Model):
    """One code of a classification scheme (CCEW what/who/how, UK-CAT, ICNP/TSO)."""

    scheme = models.CharField(max_length=20)
    code = models.CharField(max_length=20)
    kind = models.CharField(max_length=20, blank=True)  # what / who / how for CCEW
    label = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="uniq_classification_code")]
        ordering = ["scheme", "code"]

    def __str__(self) -> str:
        return f"{self.scheme}:{self.code} {self.label}"


class Classification(models.Model):
    """An organisation's classification under one scheme."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="classifications")
    scheme = models.CharField(max_length=20)
    code = models.CharField(max_length=20)
    source = models.CharField(max_length=20)

    class Meta:
        indexes = [models.Index(fields=["scheme", "code"], name="classification_code_idx")]

    def __str__(self) -> str:
        return f"{self.scheme}:{self.code}"


class AreaOfOperation(models.Model):
    """Where an organisation says it works."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="areas")
    area_type = models.CharField(max_length=60, blank=True)
    name = models.CharField(max_length=200)
    parent_type = models.CharField(max_length=60, blank=True)
    parent_name = models.CharField(max_length=200, blank=True)
    gss_code = models.CharField(max_length=12, blank=True, db_index=True)
    source = models.CharField(max_length=20)

    class Meta:
        indexes = [models.Index(fields=["name"], name="area_name_idx")]

    def __str__(self) -> str:
        return self.name


class FinancialYear(models.Model):
    """Income and spending for one financial year, with whatever breakdown the source gives."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="financial_years")
    source = models.CharField(max_length=20)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField()
    income = models.BigIntegerField(null=True, blank=True)
    spending = models.BigIntegerField(null=True, blank=True)
    breakdown = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source", "period_end"], name="uniq_financial_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_end}: {self.income}"


class OrganisationLink(models.Model):
    """A relationship between two organisations: a linked charity, a charity's company, a merger."""

    from_organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="links_out")
    to_organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=40)
    source = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["from_organisation", "to_organisation", "kind"], name="uniq_org_link"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_organisation_id} {self.kind} {self.to_organisation_id}"


class OrganisationEvent(models.Model):
    """A dated event in the regulator's history: registration, removal, merger, name change."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="events")
    event_type = models.CharField(max_length=120)
    date = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    associated_name = models.CharField(max_length=500, blank=True)
    associated_org_id = models.CharField(max_length=80, blank=True)
    source = models.CharField(max_length=20)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.event_type}"


class OrganisationalTrustee(models.Model):
    """A trustee that is itself an organisation. Individual trustees are only counted, never named."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="organisational_trustees"
    )
    name = models.CharField(max_length=500)
    is_chair = models.BooleanField(default=False)
    source = models.CharField(max_length=20)

    def __str__(self) -> str:
        return self.name


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
PROFILE_FIELDS: dict[str, str] = {
    "description": "About the organisation",
    "offers": "What it offers",
    "who_it_helps": "Who it helps",
    "areas_served": "Areas it serves",
    "public_email": "Public email address",
    "public_phone": "Public phone number",
    "website": "Website",
}


class EditStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a curator"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Sent back"


class ProfileEdit(models.Model):
    """A member's proposed change to their organisation's own statement, waiting for a curator."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="profile_edits")
    proposed_by = models.ForeignKey("auth.User", null=True, on_delete=models.SET_NULL, related_name="+")
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


class OrganisationMerge(models.Model):
    """A curator's decision that two records are one body: `source` was linked into `target`.

    `moved` lists, per model, the ids of the rows that moved from source to target (and the statement
    versions renumbered), so the link can be undone exactly.
    """

    source = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="merges_in")
    moved = models.JSONField(default=dict)
    reason = models.TextField(blank=True)
    merged_by = models.ForeignKey("auth.User", null=True, on_delete=models.SET_NULL, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.source} linked into {self.target}"


class LinkStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a curator"
    AUTO = "auto", "Linked automatically"
    CONFIRMED = "confirmed", "Linked by a curator"
    REJECTED = "rejected", "Kept apart by a curator"
    SPLIT = "split", "Link undone"


class LinkCandidate(models.Model):
    """A pair of records the matcher found may be one body, and what became of it.

    `source` is the record that would be linked into `target` (a group named in a funder's file into the
    registered charity, say). `points` and `reasons` are the matcher's evidence. A rejected or split pair
    is never linked automatically again.
    """

    source = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="link_candidates_out")
    target = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="link_candidates_in")
    points = models.FloatField()
    reasons = models.JSONField(default=list)
    found_by = models.CharField(max_length=200)
    found_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=20, choices=LinkStatus.choices, default=LinkStatus.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    merge = models.ForeignKey(
        OrganisationMerge, null=True, blank=True, on_delete=models.SET_NULL, related_name="candidates"
    )

    class Meta:
        ordering = ["-points", "pk"]
        constraints = [models.UniqueConstraint(fields=["source", "target"], name="link_candidate_unique")]

    def __str__(self) -> str:
        return f"{self.source} and {self.target} ({self.status})"


class Grant(models.Model):
    """A grant as a funder published it in the 360Giving standard, with its funder and recipient
    resolved to organisations in the register."""

    grant_id = models.CharField(max_length=200, unique=True)  # the publisher's 360G-… identifier
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    currency = models.CharField(max_length=3)
    amount_awarded = models.DecimalField(max_digits=16, decimal_places=2)
    award_date = models.DateField(db_index=True)
    programme = models.CharField(max_length=300, blank=True)
    funder = models.ForeignKey(Organisation, null=True, on_delete=models.SET_NULL, related_name="grants_made")
    recipient = models.ForeignKey(
        Organisation, null=True, on_delete=models.SET_NULL, related_name="grants_received"
    )
    funder_org_id = models.CharField(max_length=200)  # as published
    funder_name = models.CharField(max_length=500)
    recipient_org_id = models.CharField(max_length=200, blank=True)  # as published
    recipient_name = models.CharField(max_length=500, blank=True)
    data = models.JSONField(default=dict)  # the grant as published
    source_file = models.CharField(max_length=500)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-award_date", "grant_id"]

    def __str__(self) -> str:
        return f"{self.grant_id}: {self.title}"
