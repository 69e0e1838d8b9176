"""Audit the locked dependencies with pip-audit against the advisories stored in data/advisories.json.

No network: pip-audit asks a local answerer (`core.advisories.serve`) instead of OSV. `--refresh`
(needs the network, or a downloaded export) rebuilds the stored advisories; `--online` asks OSV itself.
"""

import datetime as dt
import json
import os
import subprocess  # nosec B404 # runs pip-audit from this virtualenv, arguments fixed below
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commoncause.core import advisories

STALE_AFTER_DAYS = 30
OSV_QUERY = "https://api.osv.dev/v1/query"


class Command(BaseCommand):
    help = "Audit requirements/lock.txt for known vulnerabilities with pip-audit, offline by default."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--refresh",
            nargs="?",
            const=advisories.OSV_PYPI_EXPORT,
            metavar="EXPORT",
            help="rebuild data/advisories.json from OSV's PyPI export (default: download it), "
            "a downloaded all.zip, or a folder of OSV records",
        )
        parser.add_argument("--online", action="store_true", help="ask OSV's online service instead")

    def handle(self, *args: object, **options: Any) -> None:
        if options["refresh"]:
            self._refresh(options["refresh"])
            return
        lock = advisories.LOCK_FILE
        pins = advisories.locked_packages(lock)
        if options["online"]:
            _check_reachable(OSV_QUERY)
            code = _pip_audit(OSV_QUERY, lock)
        else:
            snapshot = advisories.snapshot_read(advisories.SNAPSHOT)
            self._say_how_old(snapshot)
            missing = advisories.uncovered(snapshot, pins)
            with advisories.serve(snapshot) as url:
                code = _pip_audit(url, lock)
            if missing:
                self.stderr.write(
                    f"Not in the stored advisories (locked since they were taken): {', '.join(missing)}. "
                    "Run `make audit-refresh` when online."
                )
                code = code or 1
        if code:
            raise CommandError(f"pip-audit found known vulnerabilities or could not audit (exit {code})")

    def _say_how_old(self, snapshot: dict[str, Any]) -> None:
        taken = dt.date.fromisoformat(snapshot["taken"])
        age = (dt.date.today() - taken).days
        self.stdout.write(f"Advisories from {snapshot['source']}, taken {taken} ({age} days ago).")
        if age > STALE_AFTER_DAYS:
            self.stderr.write(
                f"They are over {STALE_AFTER_DAYS} days old: anything published since is not checked. "
                "Run `make audit-refresh` when online."
            )

    def _refresh(self, export: str) -> None:
        source: Path | bytes
        if export.startswith("https://"):
            self.stdout.write(f"Downloading {export} ...")
            try:
                with urllib.request.urlopen(export, timeout=120) as response:  # noqa: S310  # nosec B310 # https only
                    source = response.read()
            except OSError as error:
                raise CommandError(f"Could not download {export} (no network?): {error}") from error
        else:
            source = Path(export)
        snapshot = advisories.snapshot_make(
            advisories.records_read(source),
            packages=advisories.locked_packages(advisories.LOCK_FILE),
            source=export if export.startswith("https://") else Path(export).name,
        )
        text = json.dumps(snapshot, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        advisories.SNAPSHOT.write_text(text, encoding="utf-8")
        count = sum(len(found) for found in snapshot["packages"].values())
        self.stdout.write(
            f"{count} advisories for {len(snapshot['packages'])} packages in {advisories.SNAPSHOT}"
        )


def _check_reachable(url: str) -> None:
    try:
        urllib.request.urlopen(url, timeout=10).close()  # noqa: S310  # nosec B310 # a fixed https address
    except urllib.error.HTTPError:
        return  # it answered (OSV refuses a GET with 405): the network is there
    except OSError as error:
        raise CommandError(
            f"OSV cannot be reached ({error}): run `make audit`, which needs no network."
        ) from error


def _pip_audit(osv_url: str, lock: Path) -> int:
    """pip-audit on the lock file's pins (no resolving, no pip), asking the OSV service at `osv_url`."""
    pip_audit = Path(sys.executable).with_name("pip-audit")
    command = [str(pip_audit), "-r", str(lock), "--no-deps", "--disable-pip", "--strict"]
    command += ["--vulnerability-service", "osv", "--osv-url", osv_url, "--progress-spinner", "off"]
    # The local answerer must not be reached through a proxy.
    env = {**os.environ, "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
    return subprocess.run(command, env=env, check=False).returncode  # noqa: S603  # nosec B603 # fixed arguments
