"""Services as Open Referral UK 3.0 describes them: what an organisation runs, where, when, for whom,
at what cost, and how to get in touch.

The tables follow the standard's objects one for one (service, location, service at location, address,
accessibility, schedule, service area, language, funding, cost option, contact, phone, taxonomy,
taxonomy term, attribute), with UUID ids as the standard asks, so a feed's ids are kept and an export
gives them back. The standard's "organization" is the register's organisation: a service belongs to
one, and a feed's own organisation ids are kept beside the organisation they were linked to
(`FeedOrganisation`).

A few fields go beyond the UK profile where the wider standard (HSDS 3.1) has them and people need
them: a language's name and code, and phones on a service or location as well as on a contact. A
service also keeps where it came from (a feed, a member, an example) and when its facts were last
reviewed.

Members change their organisation's services through the curators' queue (`ServiceEdit`); every
approved change, and every import of a feed, leaves a `ServiceVersion` with the whole service as the
standard writes it.
"""

from __future__ import annotations

import uuid

from django.db import models

from commoncause.core.models import TimeStampedModel
from commoncause.members.models import EditStatus  # the same three states as a statement's change
from commoncause.register.models import Organisation


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    DEFUNCT = "defunct", "Defunct"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"


class ServiceSource(models.TextChoices):
    FEED = "feed", "An Open Referral feed"
    MEMBER = "member", "The organisation's members"
    EXAMPLE = "example", "An example drawn from the register entry"


# The days of the week as iCalendar writes them in a schedule's `byday`, with their names.
DAYS = (("MO", "Monday"), ("TU", "Tuesday"), ("WE", "Wednesday"), ("TH", "Thursday"), ("FR", "Friday"),
        ("SA", "Saturday"), ("SU", "Sunday"))  # fmt: skip


class LocationType(models.TextChoices):
    PHYSICAL = "physical", "Physical"
    POSTAL = "postal", "Postal"
    VIRTUAL = "virtual", "Virtual"


class Taxonomy(TimeStampedModel):
    """A published list of categories, such as the Local Government Service List or a council's own."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    uri = models.CharField(max_length=500, blank=True)
    version = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(TimeStampedModel):
    """One category of a taxonomy: a kind of service, a group of people it is for, an accessibility need."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children", db_constraint=False
    )
    taxonomy_name = models.CharField(max_length=300, blank=True, help_text="The standard's `taxonomy` text.")
    taxonomy = models.ForeignKey(
        Taxonomy, null=True, blank=True, on_delete=models.SET_NULL, related_name="terms", db_constraint=False
    )
    term_uri = models.CharField(max_length=500, blank=True)
    term = models.CharField(max_length=300, blank=True, help_text="The term's code in its taxonomy.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FeedOrganisation(models.Model):
    """An organisation id used by an Open Referral feed, and the register's organisation it stands for."""

    id = models.UUIDField(primary_key=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="feed_ids")
    feed = models.CharField(max_length=300, blank=True)
    how = models.CharField(
        max_length=200, blank=True, help_text="How it was linked: an identifier, or by name."
    )

    def __str__(self) -> str:
        return f"{self.id} → {self.organisation_id}"


class Service(TimeStampedModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    email = models.CharField(max_length=254, blank=True)
    status = models.CharField(max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE)
    fees = models.TextField(blank=True)
    accreditations = models.TextField(blank=True)
    minimum_age = models.FloatField(null=True, blank=True)
    maximum_age = models.FloatField(null=True, blank=True)
    assured_date = models.DateField(null=True, blank=True)
    assurer_email = models.CharField(max_length=254, blank=True)
    alert = models.TextField(blank=True)
    last_modified = models.DateTimeField(
        null=True, blank=True, help_text="When the publisher last changed it."
    )
    # Where it came from, and when its facts were last reviewed (an import of its feed, or a curator's
    # approval of its members' change).
    source = models.CharField(max_length=20, choices=ServiceSource.choices, default=ServiceSource.MEMBER)
    feed = models.CharField(max_length=300, blank=True, help_text="The feed it came from, if any.")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    missing_from_feed_since = models.DateTimeField(
        null=True, blank=True, help_text="Set when a later import of its feed no longer had it."
    )
    search_text = models.TextField(blank=True, help_text="Its words and its categories', lower case.")

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["organisation", "name"]),
            models.Index(fields=["status"]),
            models.Index(fields=["feed"]),
        ]

    def __str__(self) -> str:
        return self.name


class Location(TimeStampedModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    location_type = models.CharField(
        max_length=20, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    name = models.CharField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    external_identifier = models.CharField(max_length=200, blank=True)
    external_identifier_type = models.CharField(max_length=100, blank=True)
    # Where it is, as places knows it: the postcode of its first physical address, the point used for
    # distances (its own coordinates when they are in the UK, else its postcode's), and its ward.
    postcode = models.CharField(max_length=10, blank=True)
    point_lat = models.FloatField(null=True, blank=True)
    point_lon = models.FloatField(null=True, blank=True)
    ward_code = models.CharField(max_length=12, blank=True)
    council_code = models.CharField(max_length=12, blank=True)

    class Meta:
        indexes = [
            # With the id, a search near a point reads the places in its box from the index alone.
            models.Index(fields=["point_lat", "point_lon", "id"], name="services_location_point_idx"),
            models.Index(fields=["ward_code"]),
            models.Index(fields=["council_code"]),
        ]

    def __str__(self) -> str:
        return self.name or str(self.id)


class Address(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(max_length=300, blank=True)
    address_1 = models.CharField(max_length=500, blank=True)
    city = models.CharField(max_length=200, blank=True)
    region = models.CharField(max_length=200, blank=True)
    state_province = models.CharField(max_length=200, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, blank=True, default="GB")
    address_type = models.CharField(
        max_length=20, choices=LocationType.choices, default=LocationType.PHYSICAL
    )

    def __str__(self) -> str:
        return ", ".join(part for part in (self.address_1, self.city, self.postal_code) if part)


class Accessibility(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.TextField(blank=True)
    details = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    accessibility = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "accessibility"

    def __str__(self) -> str:
        return self.description[:60] or str(self.id)


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="service_at_locations", db_index=False
    )

    class Meta:
        # A search near a point goes from the places in its box to their services by this index alone
        # (which serves every other look-up by location as well).
        indexes = [models.Index(fields=["location", "service"], name="services_at_location_idx")]

    def __str__(self) -> str:
        return f"{self.service_id} at {self.location_id}"


class Schedule(models.Model):
    """When a service (or a service at one location) is open: iCalendar's weekly or monthly rule."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    freq = models.CharField(max_length=10, blank=True)  # WEEKLY or MONTHLY
    interval = models.PositiveIntegerField(null=True, blank=True)
    byday = models.CharField(max_length=100, blank=True)  # MO,TU,… (monthly: 1MO, -1FR)
    bymonthday = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    schedule_link = models.CharField(max_length=500, blank=True)
    attending_type = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.freq} {self.byday} {self.opens_at}-{self.closes_at}"


class ServiceArea(models.Model):
    """Where a service is offered; `gss_code` names the area when it is one places knows."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(max_length=500, blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.CharField(max_length=50, blank=True)
    uri = models.CharField(max_length=500, blank=True)
    service_area = models.TextField(blank=True)
    gss_code = models.CharField(max_length=12, blank=True)

    class Meta:
        indexes = [models.Index(fields=["gss_code"])]

    def __str__(self) -> str:
        return self.name or self.gss_code


class Contact(models.Model):
    """A point of contact for a service. Its name is personal data: never shown to the public."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=300, blank=True)
    title = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.title or str(self.id)


class Phone(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    number = models.CharField(max_length=60)
    description = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.number


class Language(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="languages"
    )
    phone = models.ForeignKey(
        Phone, null=True, blank=True, on_delete=models.CASCADE, related_name="languages"
    )
    name = models.CharField(max_length=100, blank=True)
    code = models.CharField(max_length=20, blank=True)  # ISO 639

    def __str__(self) -> str:
        return self.name or self.code or str(self.id)


class Funding(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="funding")
    source = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.source[:60]


class CostOption(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = models.TextField(blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    amount_description = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.option} {self.amount}"


class AttributeLink(models.TextChoices):
    SERVICE = "service", "Service"
    LOCATION = "location", "Location"
    ORGANISATION = "organization", "Organisation"
    OTHER = "other", "Other"


class Attribute(models.Model):
    """A taxonomy term given to a service, location or organisation (what kind of service it is, whom it
    is for): `link_entity` says which table `link_id` is in."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    link_id = models.UUIDField()
    link_entity = models.CharField(max_length=20, choices=AttributeLink.choices)
    link_type = models.CharField(max_length=100, blank=True)
    taxonomy_term = models.ForeignKey(TaxonomyTerm, on_delete=models.CASCADE, related_name="attributes")

    class Meta:
        indexes = [
            models.Index(fields=["link_entity", "link_id"]),
            models.Index(fields=["taxonomy_term", "link_entity"]),
        ]

    def __str__(self) -> str:
        return f"{self.link_entity} {self.link_id}: {self.taxonomy_term_id}"


class ServiceEdit(models.Model):
    """A member's new service, or change to one, waiting for a curator. `after` is the whole service as
    the standard writes it; `before` the approved one it was written against (empty for a new one)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="service_edits")
    service_id = models.UUIDField(help_text="The service it adds or changes.")
    proposed_by = models.ForeignKey("auth.User", null=True, on_delete=models.SET_NULL, related_name="+")
    proposed_as = models.CharField(max_length=20, default="member")  # members.AuthorRole
    proposed_at = models.DateTimeField(auto_now_add=True)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=EditStatus.choices, default=EditStatus.PENDING)
    decided_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "proposed_at"], name="service_edit_queue_idx"),
            models.Index(fields=["service_id"]),
        ]

    def __str__(self) -> str:
        return f"Change to service {self.service_id} ({self.status})"


class ServiceVersion(models.Model):
    """One approved or imported version of a service, as the standard writes it; the newest is current."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    document = models.JSONField(default=dict)
    edit = models.OneToOneField(
        ServiceEdit, null=True, blank=True, on_delete=models.SET_NULL, related_name="version"
    )
    source = models.CharField(max_length=20, choices=ServiceSource.choices)
    note = models.CharField(max_length=300, blank=True)  # the feed and import run, or the approval
    made_at = models.DateTimeField()

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["service", "number"], name="service_version_unique")]

    def __str__(self) -> str:
        return f"{self.service_id} v{self.number}"
