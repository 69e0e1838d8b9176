"""What an import says when it ends, the same from the command line and from the task worker."""

from __future__ import annotations

from django.db import OperationalError

from commoncause.core.busy import is_busy, is_disk_full
from commoncause.core.locks import ImportBusy
from commoncause.register.models import ImportRun
from commoncause.sources.base import ImportProblem

EXPECTED = (ImportProblem, ImportBusy, OperationalError, OSError)


def failure_words(error: BaseException) -> str | None:
    """The words for an import's failure the person can act on; None for one that is a fault."""
    if isinstance(error, ImportProblem):
        return f"Import failed, nothing was changed. {error}"
    if isinstance(error, ImportBusy):
        return f"Import not started, nothing was changed. {error}"
    if isinstance(error, OperationalError | OSError) and is_disk_full(error):
        return (
            f"Import failed, nothing was changed: there is no room left on the disk ({error}). Free "
            "some room and run it again."
        )
    if isinstance(error, OperationalError | OSError) and is_busy(error):
        return (
            "Import failed, nothing was changed: the database stayed busy with another writer "
            f"for too long ({error}). Try again when it is quieter."
        )
    return None


def summary_words(run: ImportRun) -> str:
    """What an import that ended well changed."""
    return (
        f"Imported {run.kind} from {run.file_name}: {run.created} created, {run.updated} updated, "
        f"{run.unchanged} unchanged, {run.removed} removed, {run.rejected} rejected "
        f"({run.rows_read} rows in {run.duration_seconds:.1f}s)"
    )
