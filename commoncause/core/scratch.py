"""Temporary folders that do not outlive the work that made them.

A folder is removed when its work ends, however that ends short of the process being killed. A process
killed outright (`kill -9`, the kernel's out-of-memory killer) cannot clean up after itself, so each
folder's name carries the process id that made it, and making a folder first sweeps away the folders
of the same kind whose process is gone.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

PREFIX = "commoncause-"


def scratch_folder(kind: str) -> tempfile.TemporaryDirectory[str]:
    """A new temporary folder for `kind` of work (use it as a context manager, or `cleanup()` it),
    after sweeping away the folders, of any kind, that processes now gone left behind."""
    if "-" in kind:
        raise ValueError(f"a kind of scratch folder has no hyphen: {kind!r}")
    scratch_sweep()
    return tempfile.TemporaryDirectory(prefix=f"{PREFIX}{kind}-{os.getpid()}-")


def scratch_sweep() -> list[Path]:
    """Remove the scratch folders whose process no longer runs; returns those removed."""
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(f"{PREFIX}*-*-*"):
        owner = folder.name.removeprefix(PREFIX).split("-")[1]
        if not owner.isdigit() or process_running(int(owner)):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def process_running(pid: int) -> bool:
    """Whether a process with this id runs (one of another user counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
