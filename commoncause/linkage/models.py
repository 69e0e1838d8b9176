"""Which records are one body: the pairs the matcher found, and the links curators or the matcher made."""

from django.db import models

from commoncause.register.models import Organisation


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
