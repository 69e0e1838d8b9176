"""Provenance: which file each fact came from, when its source last confirmed it, and the import runs
that read those files.

A register concept, read by every page that says where a fact came from and how fresh it is; the
importers (`commoncause.sources`) write it.
"""

from django.db import models


class ImportRun(models.Model):
    """One successful run of an importer over one file or folder.

    A run that fails is rolled back whole, so it leaves no row here: the database is as it was.
    """

    kind = models.CharField(max_length=20, db_index=True)
    file_name = models.CharField(max_length=500)
    extract_date = models.DateField(null=True, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    created = models.IntegerField(default=0)
    updated = models.IntegerField(default=0)
    unchanged = models.IntegerField(default=0)
    removed = models.IntegerField(default=0)
    rejected = models.IntegerField(default=0)
    rows_read = models.IntegerField(default=0)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def duration_seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class SourceRecord(models.Model):
    """One source's record of an organisation: where it came from and when its facts were confirmed.

    `record_hash` lets a re-import tell unchanged records from updated ones without reading them back.
    """

    organisation = models.ForeignKey(
        "register.Organisation", on_delete=models.CASCADE, related_name="source_records"
    )
    source = models.CharField(max_length=20)  # ccew, ccni, companies, csv …
    source_key = models.CharField(max_length=80)  # the row key in that source
    file_name = models.CharField(max_length=300)
    extract_date = models.DateField(null=True, blank=True)
    first_seen_run = models.ForeignKey(ImportRun, null=True, on_delete=models.SET_NULL, related_name="+")
    last_seen_run = models.ForeignKey(ImportRun, null=True, on_delete=models.SET_NULL, related_name="+")
    last_confirmed = models.DateField(null=True, blank=True)
    record_hash = models.CharField(max_length=40, blank=True)
    disappeared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "source_key"], name="uniq_source_record")]

    def __str__(self) -> str:
        return f"{self.source}:{self.source_key}"
