"""Facts about an organisation from its sources: where it works, its money, its links and its history."""

from django.db import models

from commoncause.register.models.organisation import Organisation


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
