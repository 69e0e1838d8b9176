"""For tests that run the service as its own processes do: `manage.py` against a chosen database, and
whether a process still runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[3]


def manage_env(database_url: str, **more: str) -> dict[str, str]:
    """This environment, with the database and settings a `manage.py` process should use."""
    return {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings", **more}


def manage(database_url: str, *args: str, **more_env: str) -> str:
    """Run `manage.py <args>` in its own process on that database; its output (a failure fails the test)."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=manage_env(database_url, **more_env),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def alive(pid: int) -> bool:
    """Whether the process runs (a zombie, ended but not yet reaped, does not)."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
