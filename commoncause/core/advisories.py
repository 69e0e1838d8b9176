"""Known vulnerabilities in the locked dependencies, read from advisories stored in the repository.

pip-audit asks an online service (PyPI or OSV) about each package; CI and many users have no network.
`data/advisories.json` holds the OSV records (https://ossf.github.io/osv-schema/) for every package in
`requirements/lock.txt`, taken from a full OSV export when someone is online, and `serve` answers
pip-audit's OSV queries from it on 127.0.0.1, so pip-audit itself reads the lock file and reports.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import threading
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

LOCK_FILE = Path(settings.BASE_DIR) / "requirements" / "lock.txt"
SNAPSHOT = Path(settings.DATA_DIR) / "advisories.json"
# Every PyPI advisory OSV knows (PYSEC, GHSA, PSF, malicious packages), as one zip of JSON files.
OSV_PYPI_EXPORT = "https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip"

Record = dict[str, Any]


def locked_packages(lock: Path) -> dict[str, str]:
    """The lock file's pins, canonical name -> version (`name==version` lines; comments skipped)."""
    pins: dict[str, str] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[canonicalize_name(name.split("[", 1)[0])] = version.split(";", 1)[0].strip()
    return pins


def _version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def _in_range(events: list[dict[str, str]], version: Version) -> bool:
    """Whether `version` falls in one OSV ECOSYSTEM range (introduced, fixed, last_affected events)."""
    affected = False
    steps = []
    for event in events:
        for kind, text in event.items():
            at = Version("0") if text == "0" else _version(text)
            if at is not None and kind in {"introduced", "fixed", "last_affected"}:
                steps.append((at, kind))
    for at, kind in sorted(steps, key=lambda step: step[0]):
        if kind == "introduced" and at <= version:
            affected = True
        elif (kind == "fixed" and at <= version) or (kind == "last_affected" and at < version):
            affected = False
    return affected


def affects(record: Record, name: str, version: str) -> bool:
    """Whether an OSV record names this PyPI package at this version (withdrawn records never do)."""
    parsed = _version(version)
    if record.get("withdrawn") or parsed is None:
        return False
    for affected in record.get("affected", []):
        package = affected.get("package", {})
        if package.get("ecosystem") != "PyPI" or canonicalize_name(package.get("name", "")) != name:
            continue
        if version in affected.get("versions", []):
            return True
        ranges = [r for r in affected.get("ranges", []) if r.get("type") == "ECOSYSTEM"]
        if any(_in_range(r.get("events", []), parsed) for r in ranges):
            return True
    return False


def _names(record: Record) -> set[str]:
    return {
        canonicalize_name(affected["package"]["name"])
        for affected in record.get("affected", [])
        if affected.get("package", {}).get("ecosystem") == "PyPI"
    }


def records_read(source: Path | bytes) -> Iterator[Record]:
    """OSV records from an export: a zip of JSON files (OSV's `all.zip`, as bytes or a path), or a
    folder of `.json`/`.yaml` records (a checkout of pypa/advisory-database)."""
    if isinstance(source, bytes) or source.suffix == ".zip":
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as export:
            for member in export.namelist():
                if member.endswith(".json"):
                    yield json.loads(export.read(member))
        return
    for path in sorted(source.rglob("*")):
        if path.suffix == ".json":
            yield json.loads(path.read_text(encoding="utf-8"))
        elif path.suffix in {".yaml", ".yml"}:
            # YAML reads timestamps as datetimes; OSV's JSON has them as RFC 3339 text.
            record = yaml.safe_load(path.read_text(encoding="utf-8"))
            yield json.loads(json.dumps(record, default=_rfc3339))


def _rfc3339(value: dt.datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _trimmed(record: Record, names: set[str]) -> Record:
    """What pip-audit reads of a record: ids, a description, and these packages' affected versions."""
    kept = {
        key: record.get(key) for key in ("id", "aliases", "summary", "published", "modified", "withdrawn")
    }
    if "summary" not in record:
        kept["details"] = record.get("details", "")[:500]
    kept["affected"] = [
        {
            "package": affected["package"],
            "ranges": [r for r in affected.get("ranges", []) if r.get("type") == "ECOSYSTEM"],
            "versions": affected.get("versions", []),
        }
        for affected in record.get("affected", [])
        if affected.get("package", {}).get("ecosystem") == "PyPI"
        and canonicalize_name(affected["package"]["name"]) in names
    ]
    return {key: value for key, value in kept.items() if value is not None}


def snapshot_make(records: Iterable[Record], *, packages: Iterable[str], source: str) -> Record:
    """The advisories for these packages (all their versions, so a later pin is covered too), the
    list of packages asked about (one missing from it was locked after the snapshot was taken), and
    the date of the newest change to any record read (how current the export was)."""
    wanted = set(packages)
    found: dict[str, list[Record]] = {name: [] for name in sorted(wanted)}
    newest = ""
    for record in records:
        newest = max(newest, str(record.get("modified", ""))[:10])
        for name in _names(record) & wanted:
            found[name].append(_trimmed(record, {name}))
    for found_for_one in found.values():
        found_for_one.sort(key=lambda record: record["id"])
    return {"source": source, "taken": newest, "packages": found}


def snapshot_read(path: Path) -> Record:
    return json.loads(path.read_text(encoding="utf-8"))


def vulnerabilities(snapshot: Record, name: str, version: str) -> list[Record]:
    """The snapshot's records that affect this package at this version."""
    name = canonicalize_name(name)
    return [record for record in snapshot["packages"].get(name, []) if affects(record, name, version)]


def uncovered(snapshot: Record, pins: dict[str, str]) -> list[str]:
    """Locked packages the snapshot was never asked about (locked after it was taken)."""
    return sorted(name for name in pins if name not in snapshot["packages"])


def _named(record: Record, name: str) -> Record:
    """The record with its packages' names canonical, as pip-audit compares them to find fix versions."""
    affected = [
        {**one, "package": {**one["package"], "name": canonicalize_name(one["package"]["name"])}}
        for one in record.get("affected", [])
    ]
    return {**record, "affected": affected}


@contextmanager
def serve(snapshot: Record) -> Iterator[str]:
    """Answer OSV's `POST /v1/query` from the snapshot on 127.0.0.1; yields the query URL."""

    class Query(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (the name http.server calls)
            query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            name = canonicalize_name(query["package"]["name"])
            found = [_named(record, name) for record in vulnerabilities(snapshot, name, query["version"])]
            body = json.dumps({"vulns": found} if found else {}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (http.server's name)
            """Quiet: pip-audit reports what matters."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Query)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1/query"
    finally:
        server.shutdown()
        server.server_close()
