"""A council's outcomes framework (outcomes for citizens, each with indicators), the values it puts on
what is achieved (proxy rates for volunteer hours, alternative costs for cost avoided), and the
disinvestment scenarios its officers save. The returns that report against the indicators are funding's
(`funding.MonitoringReturn`)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from commoncause.accounts.models import Council
from commoncause.core.models import TimeStampedModel
from commoncause.funding.models import Opportunity


class Kept(TimeStampedModel):
    """Kept by a council's officers: who made it, and whether it is the demo's invented example."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_example = models.BooleanField(default=False)

    class Meta:
        abstract = True


class Outcome(Kept):
    """An outcome for citizens the council works towards: "Older people live independently for longer"."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["council", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["council", "title"], name="outcome_title_once")]

    def __str__(self) -> str:
        return self.title


class Unit(models.TextChoices):
    PEOPLE = "people", "People"
    COUNT = "count", "A count"
    PERCENT = "percent", "Per cent"
    POUNDS = "pounds", "Pounds"
    HOURS = "hours", "Hours"
    SCORE = "score", "A score from 0 to 10"


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class Indicator(models.Model):
    """How progress on an outcome is measured: its unit and direction, where it starts and where it
    should get to, its source, and whether it is reported by ward. Linked to the opportunities whose
    awards report it, and to the services (UK-CAT) and themes it concerns."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    direction = models.CharField(max_length=6, choices=Direction.choices, default=Direction.HIGHER)
    baseline = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(null=True, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.CharField(max_length=500)
    by_ward = models.BooleanField(default=False)  # its source breaks it down by ward
    # an outcome achieved for one person (so cost per outcome divides spend by it)
    counts_outcomes = models.BooleanField(default=False)
    opportunities = models.ManyToManyField(Opportunity, blank=True, related_name="+")
    themes = models.JSONField(default=list, blank=True)  # theme codes (data/reference/themes.csv)
    services = models.JSONField(default=list, blank=True)  # UK-CAT codes
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["outcome", "position", "id"]

    def __str__(self) -> str:
        return self.name


class ProxyRate(Kept):
    """What an hour of volunteering is worth to the council, with its source and the year it is for."""

    name = models.CharField(max_length=200)
    per_hour = models.DecimalField(
        max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    source = models.CharField(max_length=500)
    year = models.PositiveSmallIntegerField(validators=[MinValueValidator(1990), MaxValueValidator(2100)])
    valid_from = models.DateField()

    class Meta:
        ordering = ["council", "-valid_from", "id"]

    def __str__(self) -> str:
        return self.name


class AlternativeCost(Kept):
    """What the council would otherwise pay: a service's cost a month for each person, against the
    alternative's, for the people an indicator counts as kept from it, over a number of months."""

    name = models.CharField(max_length=200)  # "Supported care at home"
    cost_a_month = models.DecimalField(max_digits=12, decimal_places=2)
    alternative = models.CharField(max_length=200)  # "Unplanned hospital care"
    alternative_a_month = models.DecimalField(max_digits=12, decimal_places=2)
    months = models.PositiveSmallIntegerField(default=12)
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.SET_NULL, related_name="alternative_costs"
    )
    source = models.CharField(max_length=500)
    assumptions = models.TextField(blank=True)

    class Meta:
        ordering = ["council", "name", "id"]

    def __str__(self) -> str:
        return self.name


class ScenarioKind(models.TextChoices):
    CUT = "cut", "Cut or reduce funding"
    SHARE = "share", "Merge or share services, keeping coverage"


class Scenario(Kept):
    """A named what-if: funding to cut or reduce, or services to merge or share behind a single point
    of entry; what it would lose is worked out afresh each time it is shown."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=6, choices=ScenarioKind.choices, default=ScenarioKind.CUT)
    decided_on = models.DateField()  # when the decision would be made: notice runs from it
    closure_share = models.DecimalField(max_digits=4, decimal_places=3, default=Decimal("0.25"))
    # [{"key": "award:<uuid>" | "grant:<id>", "share": "0.4"}]: the funding chosen and how much of it
    cuts = models.JSONField(default=list)
    # a merge or share: the lead's organisation id, the saving on the merged funding a year (a share), the
    # one-off cost of bringing the services together, and the years over which it is weighed
    lead = models.CharField(max_length=64, blank=True)
    saving_share = models.DecimalField(max_digits=4, decimal_places=3, null=True, blank=True)
    one_off_cost = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    years = models.PositiveSmallIntegerField(default=3)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["council", "-updated_at", "id"]

    def __str__(self) -> str:
        return self.name
