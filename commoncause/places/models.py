"""Areas with their vintages, the lookups between them, deprivation, and postcodes.

Every area keeps the vintage of the file it came from: ward codes change when wards are redrawn
(Telford and Wrekin's 2023 wards share no code with its 2019 ones), so a code means one area only
together with its vintage. Boundaries are GeoJSON geometries in longitude and latitude (WGS 84), with
their bounding box kept beside them so that point-in-polygon work (done in Python with shapely) only
opens the polygons that can hold the point.
"""

from __future__ import annotations

from django.db import models

from commoncause.core.models import TimeStampedModel


class AreaType(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    WARD = "ward", "Ward"
    LSOA = "lsoa", "Lower layer super output area"
    SOA = "soa", "Super output area (Northern Ireland)"


class Area(TimeStampedModel):
    """One area of one vintage: a ward of May 2025, an LSOA of 2011."""

    code = models.CharField(max_length=12, help_text="The GSS code, such as E05013792.")
    vintage = models.CharField(max_length=8, help_text="The year of the boundaries or codes, such as 2025.")
    area_type = models.CharField(max_length=20, choices=AreaType.choices)
    name = models.CharField(max_length=200)
    parent_code = models.CharField(max_length=12, blank=True, help_text="The local authority it lies in.")
    boundary = models.JSONField(
        null=True, blank=True, help_text="A GeoJSON geometry, longitude and latitude."
    )
    min_lon = models.FloatField(null=True, blank=True)
    min_lat = models.FloatField(null=True, blank=True)
    max_lon = models.FloatField(null=True, blank=True)
    max_lat = models.FloatField(null=True, blank=True)
    population = models.PositiveIntegerField(null=True, blank=True)
    source_file = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["area_type", "name"]
        constraints = [models.UniqueConstraint(fields=["code", "vintage"], name="places_area_code_vintage")]
        indexes = [models.Index(fields=["area_type", "parent_code"]), models.Index(fields=["code"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code}, {self.vintage})"


class AreaLookup(models.Model):
    """One area's share in another: an LSOA's best-fit ward, or an old ward's overlap with a new one."""

    from_code = models.CharField(max_length=12)
    from_vintage = models.CharField(max_length=8)
    to_code = models.CharField(max_length=12)
    to_vintage = models.CharField(max_length=8)
    share = models.FloatField(default=1.0, help_text="The share of the first area that lies in the second.")
    method = models.CharField(max_length=20, help_text="best-fit (a published lookup) or overlap (computed).")
    source_file = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["from_code", "from_vintage", "to_code", "to_vintage"], name="places_lookup_pair"
            )
        ]
        indexes = [models.Index(fields=["from_code"]), models.Index(fields=["to_code"])]

    def __str__(self) -> str:
        return (
            f"{self.from_code} ({self.from_vintage}) → {self.to_code} ({self.to_vintage}): {self.share:.0%}"
        )


class Deprivation(models.Model):
    """An area's place in an index of deprivation: England's IMD 2019 by LSOA, NI's NIMDM 2017 by SOA."""

    code = models.CharField(max_length=12)
    index = models.CharField(max_length=20, help_text="imd2019 or nimdm2017")
    rank = models.PositiveIntegerField(help_text="1 is the most deprived.")
    decile = models.PositiveSmallIntegerField(help_text="1 is the most deprived tenth.")
    domains = models.JSONField(default=dict, blank=True, help_text="Rank and decile of each domain.")
    source_file = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["code", "index"], name="places_deprivation_code_index")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.index} decile {self.decile}"


class Postcode(models.Model):
    """A row of the ONS postcode lookup: where a postcode is, and the areas it was assigned to."""

    postcode = models.CharField(max_length=8, unique=True, help_text="Written as 'SW1A 2AA'.")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    local_authority = models.CharField(max_length=12, blank=True)
    ward = models.CharField(max_length=12, blank=True)
    ward_vintage = models.CharField(max_length=8, blank=True)
    lsoa = models.CharField(max_length=12, blank=True)
    terminated = models.DateField(null=True, blank=True, help_text="When it stopped being used, if it has.")
    source_file = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return self.postcode


class OrganisationPlace(models.Model):
    """Where an organisation is, from its postcode: its point, council, current ward and LSOA."""

    organisation = models.OneToOneField(
        "register.Organisation", on_delete=models.CASCADE, related_name="place"
    )
    postcode = models.CharField(max_length=8)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    local_authority = models.CharField(max_length=12, blank=True)
    ward = models.CharField(max_length=12, blank=True)
    ward_vintage = models.CharField(max_length=8, blank=True)
    lsoa = models.CharField(max_length=12, blank=True)
    method = models.CharField(max_length=10, help_text="lookup, polygon or unplaced (see placement.py).")
    placed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["local_authority"]), models.Index(fields=["ward"])]

    def __str__(self) -> str:
        return f"{self.postcode}: {self.ward or 'no ward'} ({self.method})"
