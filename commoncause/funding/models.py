"""Money given to organisations: grants as funders publish them in the 360Giving standard, and the
opportunities, bids, awards and monitoring of commissioning and funding through the service."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models

from commoncause.accounts.models import Council
from commoncause.core.models import TimeStampedModel
from commoncause.register.models import Organisation


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
    is_example = models.BooleanField(default=False)  # an award of the demo's, marked wherever it shows
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-award_date", "grant_id"]
        # a council's own published grants, read when its scenarios weigh them
        indexes = [models.Index(fields=["funder_org_id"], name="grant_funder_org_id_idx")]

    def __str__(self) -> str:
        return f"{self.grant_id}: {self.title}"


# Commissioning: opportunities (grant rounds and contracts) with their lots, bids by one organisation or
# a consortium, assessment and award, monitoring plans and returns. See docs/commissioning.md.


class Owned(TimeStampedModel):
    """Who made the record, and when it was made and last changed."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class OpportunityKind(models.TextChoices):
    GRANT = "grant", "Grant round"
    CONTRACT = "contract", "Contract"


class Route(models.TextChoices):
    STRATEGIC = "strategic", "Strategic commissioning"
    PROCUREMENT = "procurement", "Procurement"


class OpportunityStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open for bids"
    CLOSED = "closed", "Closed: being assessed"
    AWARDED = "awarded", "Decided"
    WITHDRAWN = "withdrawn", "Withdrawn"


EXPECTED_MONTHS = 36  # three years or more is the expectation; a shorter term is explained


class Opportunity(Owned):
    """A grant round or a contract a council offers, saying which it is and why."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="opportunities")
    kind = models.CharField(max_length=10, choices=OpportunityKind.choices)
    route = models.CharField(max_length=12, choices=Route.choices)
    route_reason = models.TextField()  # why a grant or a contract
    title = models.CharField(max_length=300)
    summary = models.TextField()
    specification = models.TextField()  # what is sought, checked for plain English before it goes out
    outcomes = models.TextField(blank=True)
    eligibility = models.TextField(blank=True)
    areas = models.JSONField(default=list, blank=True)  # GSS codes of wards (or the council's area)
    who = models.JSONField(default=list, blank=True)  # theme codes
    services = models.JSONField(default=list, blank=True)  # UK-CAT codes every bid must cover together
    value = models.DecimalField(max_digits=14, decimal_places=2)  # in pounds, for the whole term
    duration_months = models.PositiveSmallIntegerField(default=EXPECTED_MONTHS)
    short_term_reason = models.TextField(blank=True)
    opens = models.DateField(null=True, blank=True)
    closes = models.DateField(null=True, blank=True)
    decision_by = models.DateField(null=True, blank=True)
    starts = models.DateField(null=True, blank=True)
    # [{"name": ..., "weight": percent, "guidance": ...}]: the published criteria, weights adding to 100
    criteria = models.JSONField(default=list, blank=True)
    replaces_programme = models.CharField(max_length=300, blank=True)  # a grant programme a contract replaces
    status = models.CharField(
        max_length=10, choices=OpportunityStatus.choices, default=OpportunityStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    fair_access = models.JSONField(default=dict, blank=True)  # the check as it stood when published
    is_example = models.BooleanField(default=False)  # the demo's, marked wherever it shows

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "opportunities"
        indexes = [models.Index(fields=["status", "kind"], name="opportunity_status_kind_idx")]

    def __str__(self) -> str:
        return self.title


class Lot(models.Model):
    """A part of an opportunity bid for on its own: its value, wards and services."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="lots")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    value = models.DecimalField(max_digits=14, decimal_places=2)
    areas = models.JSONField(default=list, blank=True)
    services = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["opportunity", "number"]
        constraints = [models.UniqueConstraint(fields=["opportunity", "number"], name="lot_number_once")]

    def __str__(self) -> str:
        return f"Lot {self.number}: {self.title}"


class BidStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    WITHDRAWN = "withdrawn", "Withdrawn"
    SUCCESSFUL = "successful", "Successful"
    UNSUCCESSFUL = "unsuccessful", "Unsuccessful"


class Bid(Owned):
    """An application for an opportunity (or one of its lots), by one organisation or a consortium
    led by `lead`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="bids")
    lot = models.ForeignKey(Lot, null=True, blank=True, on_delete=models.SET_NULL, related_name="bids")
    lead = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="bids_led")
    status = models.CharField(max_length=12, choices=BidStatus.choices, default=BidStatus.DRAFT)
    answers = models.JSONField(default=dict, blank=True)  # question key → answer (the tier's form)
    price = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    full_cost = models.JSONField(default=dict, blank=True)  # the calculator's inputs and breakdown
    full_cost_total = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reasons = models.TextField(blank=True)
    feedback = models.TextField(blank=True)  # to an unsuccessful bidder, and a successful one
    decided_at = models.DateTimeField(null=True, blank=True)
    is_example = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.lead.name} for {self.opportunity.title}"


class PartnerStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class BidPartner(models.Model):
    """An organisation in a bid (the lead too): its role, its shares of the work and the money, and the
    wards it covers."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="bid_partnerships")
    is_lead = models.BooleanField(default=False)
    role = models.CharField(max_length=300, blank=True)
    work_share = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(0))  # percent
    money_share = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal(0))  # pounds
    wards = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=PartnerStatus.choices, default=PartnerStatus.INVITED)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-is_lead", "id"]
        constraints = [models.UniqueConstraint(fields=["bid", "organisation"], name="partner_once_per_bid")]

    def __str__(self) -> str:
        return f"{self.organisation.name} in {self.bid}"


class BidDocument(models.Model):
    """A file attached to a bid, kept outside the web root under a name of its own
    (`PRIVATE_FILES_DIR`) and served only to those who may see the bid, as a download."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(max_length=255)  # as uploaded, shown and offered on download
    stored_as = models.CharField(max_length=100, unique=True)  # a random name under PRIVATE_FILES_DIR
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class Assessment(TimeStampedModel):
    """One assessor's scores for a bid against the published criteria (criterion name → 0 to 5)."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="assessments")
    # None once the assessor's account is erased: their scores stay the council's record, unnamed.
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    scores = models.JSONField(default=dict)
    comments = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["bid", "assessor"], name="assessment_once_per_assessor")
        ]


class Moderation(TimeStampedModel):
    """The agreed scores for a bid after its assessors' are compared, with the reasons for any change."""

    bid = models.OneToOneField(Bid, on_delete=models.CASCADE, related_name="moderation")
    scores = models.JSONField(default=dict)
    reasons = models.TextField(blank=True)
    total = models.DecimalField(max_digits=6, decimal_places=2)  # weighted, out of 100
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )


class AwardStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    REDUCED = "reduced", "Reduced"
    ENDED = "ended", "Ended"


class Award(Owned):
    """What a successful bid was awarded, with the decision's reasons. A grant round's award is also
    published as a grant (`grant`), so it shows with the recipient's other grants and in the 360Giving
    export."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    bid = models.OneToOneField(Bid, on_delete=models.PROTECT, related_name="award")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.PROTECT, related_name="awards")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="awards")
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    award_date = models.DateField()
    starts = models.DateField(null=True, blank=True)
    ends = models.DateField(null=True, blank=True)
    reasons = models.TextField()
    status = models.CharField(max_length=10, choices=AwardStatus.choices, default=AwardStatus.ACTIVE)
    grant = models.OneToOneField(
        Grant, null=True, blank=True, on_delete=models.SET_NULL, related_name="award"
    )
    is_example = models.BooleanField(default=False)

    class Meta:
        ordering = ["-award_date", "-id"]

    def __str__(self) -> str:
        return f"{self.organisation.name}: £{self.amount}"


class ChangeKind(models.TextChoices):
    REDUCE = "reduce", "Reduce"
    END = "end", "End"


class FundingChange(Owned):
    """Ending or reducing an award, with the written notice given (three months is the Compact's
    expectation) and its reasons; recorded in the engagement log too."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    new_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    notice_given_on = models.DateField()
    takes_effect_on = models.DateField()
    reasons = models.TextField()
    engagement_url = models.CharField(max_length=300, blank=True)  # its entry in the engagement log

    class Meta:
        ordering = ["-notice_given_on", "-id"]


class Risk(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class MonitoringPlan(Owned):
    """What an award's recipient reports, how often and with what evidence: proposed from the award's
    tier and risk, editable with a reason, checked against the proportionate-monitoring checks."""

    award = models.OneToOneField(Award, on_delete=models.CASCADE, related_name="monitoring_plan")
    tier = models.CharField(max_length=40)
    risk = models.CharField(max_length=10, choices=Risk.choices, default=Risk.LOW)
    items = models.JSONField(default=list)  # [{"what", "how_often", "evidence"}]
    reports_per_year = models.DecimalField(max_digits=4, decimal_places=2)
    changed_reason = models.TextField(blank=True)
    checks = models.JSONField(default=list, blank=True)  # each check with whether the plan passes


class ReturnStatus(models.TextChoices):
    DUE = "due", "Due"
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class MonitoringReturn(Owned):
    """One report under an award's plan: narrative, spend, beneficiaries (in all and by ward, where
    known), volunteers and their hours, and indicators. A return may start from one the organisation
    gave another funder (`reused_from`)."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="returns")
    period = models.CharField(max_length=100)  # as the plan names it: "Year 1", "April to September 2026"
    due = models.DateField()
    status = models.CharField(max_length=10, choices=ReturnStatus.choices, default=ReturnStatus.DUE)
    narrative = models.TextField(blank=True)
    spend = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    beneficiaries = models.PositiveIntegerField(null=True, blank=True)
    indicators = models.JSONField(default=list, blank=True)  # [{"name", "value", "unit"}]
    volunteers = models.PositiveIntegerField(null=True, blank=True)  # who gave time in the period
    volunteer_hours = models.DecimalField(max_digits=12, decimal_places=1, null=True, blank=True)
    ward_beneficiaries = models.JSONField(default=dict, blank=True)  # {ward GSS code: people reached there}
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reused_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reused_in"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due", "id"]
