"""Imports started from the web: a file a curator uploads, imported by the task worker."""

from django.conf import settings
from django.db import models

# The kinds a file uploaded on its own may be: the rest are folders (a regulator's whole extract,
# boundaries with their lookups), imported by `manage.py import_source` or `refresh`.
WEB_KINDS: dict[str, str] = {
    "csv": "An organisation list (CSV): a council's, a funder's or a CVS's own list",
    "360giving": "Grants in the 360Giving Data Standard (JSON, spreadsheet or CSV)",
    "ccni": "The Charity Commission for Northern Ireland's register (CSV)",
    "oscr": "The Scottish Charity Regulator's register (CSV)",
    "companies": "Companies House basic company data (CSV)",
}


class ImportRequestStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for the worker"
    RUNNING = "running", "Importing"
    DONE = "done", "Imported"
    FAILED = "failed", "Failed, nothing was changed"


class ImportRequest(models.Model):
    """One uploaded file waiting for, being run by, or run by the task worker.

    The file is kept under `PRIVATE_FILES_DIR/imports` until the import has run, then deleted: the
    register keeps what it imported, and the import run (`register.ImportRun`) what it changed.
    """

    kind = models.CharField(max_length=20)
    file_name = models.CharField(max_length=255)  # as uploaded, cleaned
    stored_as = models.CharField(max_length=64, unique=True)  # a random name in the imports folder
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    extract_date = models.DateField(null=True, blank=True)
    skip_invalid = models.BooleanField(default=False)  # 360giving: import the valid grants, report the rest
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=ImportRequestStatus, default=ImportRequestStatus.QUEUED)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    message = models.TextField(blank=True)  # what the import said: its summary, or why it failed
    import_run = models.ForeignKey(
        "register.ImportRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["status"], name="import_request_status_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name}"

    @property
    def kind_label(self) -> str:
        """What the file holds, in words."""
        return WEB_KINDS.get(self.kind, self.kind)

    @property
    def finished(self) -> bool:
        return self.status in (ImportRequestStatus.DONE, ImportRequestStatus.FAILED)
