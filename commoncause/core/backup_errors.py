"""What a backup or a restore that could not be done says (`core.backups`)."""

from __future__ import annotations

from pathlib import Path


class BackupError(Exception):
    """A backup or restore that could not be done: nothing was written, or nothing was changed."""


class BackupProblem(BackupError):
    """The file is not a backup this service can restore: names the file and says what is wrong."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path}: {message}")


class RestoreRefused(BackupError):
    """The database cannot be restored now: a web server or an import is using it."""
