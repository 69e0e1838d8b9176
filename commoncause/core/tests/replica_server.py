"""A streaming replica of the test PostgreSQL server, for the tests of reading from replicas.

`streaming_replica(primary)` takes a base backup of the running server (`pg_basebackup -R`, which
writes `standby.signal` and the primary's address), starts it as a hot standby on another port of
127.0.0.1, and stops and removes it at the end. As root the server runs as the `postgres` user, as
scripts/with_postgres.sh runs the primary. The primary needs a `replication` line in pg_hba.conf for
127.0.0.1; initdb writes one (trust, as the test server's other lines).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

WAIT_SECONDS = 15


@dataclass
class StreamingReplica:
    """A running hot standby of the primary, and the means to lag it."""

    directory: Path
    port: int
    bin: Path
    primary: dict[str, Any]  # psycopg connection arguments of the primary (its test database)

    @property
    def data(self) -> Path:
        return self.directory / "db"

    def connect(self) -> psycopg.Connection[Any]:
        return psycopg.connect(**{**self.primary, "port": self.port}, autocommit=True)

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off -c hot_standby=on"
        )
        log = self.directory / "server.log"
        _as_postgres(
            self.bin / "pg_ctl", "-D", self.data, "-l", log, "-w", "-t", WAIT_SECONDS, "-o", options, "start"
        )

    def stop(self) -> None:
        _as_postgres(self.bin / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def wait_for_replay(self) -> None:
        """Wait until the replica has replayed everything the primary has written so far."""
        with psycopg.connect(**self.primary, autocommit=True) as primary:
            # Everything logged so far, written to disk or not: the test server commits without waiting
            # for the disk (synchronous_commit=off), and its WAL writer writes it within 200 ms.
            position = _record_end(_one(primary, "SELECT pg_current_wal_insert_lsn()::text"))
        with self.connect() as replica:
            _until(replica, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", position)

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Within the block the replica receives the primary's changes but applies none (replication
        lag, as long as the block lasts); after it, it catches up."""
        self.wait_for_replay()  # what came before (the last test's clean-up) is applied first
        with self.connect() as replica:
            replica.execute("SELECT pg_wal_replay_pause()")
            _until(replica, "SELECT pg_get_wal_replay_pause_state() = 'paused'")
            try:
                yield
            finally:
                replica.execute("SELECT pg_wal_replay_resume()")


@contextmanager
def streaming_replica(primary: Mapping[str, Any]) -> Iterator[StreamingReplica]:
    """A streaming replica of the server of `primary` (a Django connection's settings_dict)."""
    arguments = {
        "host": primary["HOST"] or "127.0.0.1",
        "port": int(primary["PORT"]),
        "user": primary["USER"],
        "dbname": primary["NAME"],
    }
    directory = Path(tempfile.mkdtemp(prefix="commoncause-replica."))
    if os.getuid() == 0:
        shutil.chown(directory, "postgres")
    replica = StreamingReplica(directory, _free_port(), _server_bin(arguments), arguments)
    try:
        _as_postgres(
            replica.bin / "pg_basebackup", "-h", arguments["host"], "-p", arguments["port"],
            "-U", arguments["user"], "-D", replica.data, "-R", "-X", "stream", "-c", "fast", "--no-sync",
        )  # fmt: skip
        replica.start()
        replica.wait_for_replay()
        yield replica
    finally:
        if (replica.data / "postmaster.pid").exists():
            _as_postgres(replica.bin / "pg_ctl", "-D", replica.data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(directory, ignore_errors=True)


def _server_bin(primary: dict[str, Any]) -> Path:
    """The programs of the primary's major version (a replica must run the same one)."""
    with psycopg.connect(**primary) as connection:
        major = int(_one(connection, "SHOW server_version_num")) // 10000
    for folder in (os.environ.get("PG_BIN", ""), f"/usr/lib/postgresql/{major}/bin"):
        if folder and (Path(folder) / "pg_basebackup").exists():
            return Path(folder)
    found = shutil.which("pg_basebackup")
    if found is None:
        raise RuntimeError("pg_basebackup not found (install Debian's postgresql package)")
    return Path(found).parent


def _as_postgres(*command: object) -> None:
    """Run a server program; as root, as the `postgres` user (the server refuses to run as root)."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
    done = subprocess.run(
        [*prefix, *map(str, command)], capture_output=True, text=True, check=False, timeout=60
    )
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {done.stdout}{done.stderr}")


def _record_end(insert_lsn: str) -> str:
    """The end of the last record logged, from where the next one goes: the same place, unless the next
    one starts a page, after its header (40 bytes at the start of a 16 MB segment, 24 elsewhere)."""
    high, low = insert_lsn.split("/")
    position = (int(high, 16) << 32) | int(low, 16)
    if position % (16 << 20) == 40:
        position -= 40
    elif position % 8192 == 24:
        position -= 24
    return f"{position >> 32:X}/{position & 0xFFFFFFFF:X}"


def _free_port() -> int:
    """PG_REPLICA_PORT if set, else a port nothing listens on now."""
    if os.environ.get("PG_REPLICA_PORT"):
        return int(os.environ["PG_REPLICA_PORT"])
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _one(connection: psycopg.Connection[Any], sql: str, *params: object) -> Any:
    row = connection.execute(sql, params or None).fetchone()
    return None if row is None else row[0]


def _until(connection: psycopg.Connection[Any], sql: str, *params: object) -> None:
    """Wait until the query answers true (at most WAIT_SECONDS)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not _one(connection, sql, *params):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the replica did not answer true to {sql!r} in {WAIT_SECONDS} s")
        time.sleep(0.02)
