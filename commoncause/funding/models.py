"""Money given to organisations: grants as funders publish them in the 360Giving standard."""

from django.db import models

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
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-award_date", "grant_id"]

    def __str__(self) -> str:
        return f"{self.grant_id}: {self.title}"
