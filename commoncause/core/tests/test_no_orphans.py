"""No worker process or temporary folder outlives the process that made it, even one killed outright."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from commoncause.core.parallel import can_fork_workers
from commoncause.core.scratch import PREFIX, scratch_folder, scratch_sweep
from commoncause.core.tests.processes import alive

REPO = Path(__file__).resolve().parents[3]

# Forks two busy workers (each_in_workers) and one that keeps a task ahead (ahead_in_worker), then waits.
_PARENT = """
import time
from commoncause.core.parallel import Started, ahead_in_worker

def nap(seconds):
    time.sleep(seconds)
    return seconds

started = Started(nap, [600, 600], workers=2)
ahead = ahead_in_worker(nap, [600, 600], parallel=True)
next(ahead)
"""


@pytest.mark.skipif(not can_fork_workers(), reason="workers are forked only with a second core")
def test_forked_workers_end_when_their_parent_is_killed() -> None:
    parent = subprocess.Popen([sys.executable, "-c", _PARENT], cwd=REPO)
    try:
        deadline = time.monotonic() + 30
        workers: list[psutil.Process] = []
        while len(workers) < 3:
            assert time.monotonic() < deadline, "the workers never started"
            assert parent.poll() is None, "the parent stopped"
            time.sleep(0.1)
            workers = psutil.Process(parent.pid).children(recursive=True)
        pids = [worker.pid for worker in workers]

        parent.send_signal(signal.SIGKILL)
        parent.wait()

        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [pid for pid in pids if alive(pid)] == []
    finally:
        parent.kill()
        for pid in pids if "pids" in locals() else []:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def _dead_pid() -> int:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    return gone.pid


def test_a_folder_left_by_a_killed_process_is_swept_when_the_next_one_is_made() -> None:
    left = Path(tempfile.mkdtemp(prefix=f"{PREFIX}ccew-{_dead_pid()}-"))
    (left / "bucket-0").write_bytes(b"x" * 1000)
    mine = Path(tempfile.mkdtemp(prefix=f"{PREFIX}ccew-{os.getpid()}-"))  # a running process's
    other_kind = Path(tempfile.mkdtemp(prefix=f"{PREFIX}postings-{_dead_pid()}-"))
    try:
        with scratch_folder("ccew") as folder:
            assert Path(folder).is_dir()
            assert Path(folder).name.startswith(f"{PREFIX}ccew-{os.getpid()}-")
            assert not left.exists()
            assert not other_kind.exists()
            assert mine.exists()
        assert not Path(folder).exists()
        assert scratch_sweep() == []
    finally:
        mine.rmdir()
