"""The dependency audit reads its advisories from the repository, so it runs with no network."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from commoncause.core import advisories


def _record(**affected: object) -> advisories.Record:
    return {
        "id": "PYSEC-0000-1",
        "affected": [{"package": {"ecosystem": "PyPI", "name": "Django"}, **affected}],
    }


RANGE = {"ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "4.2"}, {"fixed": "4.2.7"}]}]}


@pytest.mark.parametrize(
    ("version", "affected"),
    [("4.1.9", False), ("4.2", True), ("4.2.6", True), ("4.2.7", False), ("5.2", False)],
)
def test_a_version_between_introduced_and_fixed_is_affected(version: str, affected: bool) -> None:
    assert advisories.affects(_record(**RANGE), "django", version) is affected


def test_last_affected_includes_that_version_and_no_later_one() -> None:
    record = _record(
        ranges=[{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"last_affected": "3.0"}]}]
    )
    assert [advisories.affects(record, "django", v) for v in ("1.0", "3.0", "3.0.1")] == [True, True, False]


def test_a_listed_version_is_affected_and_a_withdrawn_record_affects_nothing() -> None:
    assert advisories.affects(_record(versions=["1.11"]), "django", "1.11")
    assert not advisories.affects(
        {**_record(versions=["1.11"]), "withdrawn": "2024-01-01T00:00:00Z"}, "django", "1.11"
    )


def test_another_package_or_ecosystem_is_not_matched() -> None:
    assert not advisories.affects(_record(**RANGE), "flask", "4.2.1")
    npm = {"id": "X", "affected": [{"package": {"ecosystem": "npm", "name": "django"}, **RANGE}]}
    assert not advisories.affects(npm, "django", "4.2.1")


def test_no_stored_advisory_affects_a_locked_version() -> None:
    # A package locked since the advisories were taken is `make audit`'s to report: adding it to the
    # advisories needs the network, which `make test` never does.
    pins = advisories.locked_packages(advisories.LOCK_FILE)
    snapshot = advisories.snapshot_read(advisories.SNAPSHOT)
    assert {name: v for name, v in pins.items() if advisories.vulnerabilities(snapshot, name, v)} == {}


def test_a_snapshot_keeps_only_the_locked_packages_and_is_dated_by_its_newest_record() -> None:
    other = {
        "id": "PYSEC-2",
        "modified": "2025-03-01T00:00:00Z",
        "affected": [{"package": {"ecosystem": "PyPI", "name": "flask"}}],
    }
    mine = {**_record(**RANGE), "modified": "2024-01-01T00:00:00Z", "summary": "SQL injection"}
    snapshot = advisories.snapshot_make([mine, other], packages=["django", "requests"], source="test")
    assert snapshot["taken"] == "2025-03-01"
    assert [record["id"] for record in snapshot["packages"]["django"]] == ["PYSEC-0000-1"]
    assert snapshot["packages"]["requests"] == []


def test_the_offline_audit_finds_a_vulnerable_pin_through_pip_audit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    lock = tmp_path / "lock.txt"
    lock.write_text("Django==4.2.6\n", encoding="utf-8")
    snapshot = tmp_path / "advisories.json"
    record = {**_record(**RANGE), "summary": "A made-up advisory"}
    snapshot.write_text(
        json.dumps({"source": "test", "taken": "2026-01-01", "packages": {"django": [record]}})
    )
    monkeypatch.setattr(advisories, "LOCK_FILE", lock)
    monkeypatch.setattr(advisories, "SNAPSHOT", snapshot)
    with pytest.raises(CommandError, match="known vulnerabilities"):
        call_command("audit_dependencies")
    out = capfd.readouterr().out
    assert "PYSEC-0000-1" in out
    assert "4.2.7" in out  # the version that fixes it


def test_a_package_locked_after_the_advisories_were_taken_fails_the_audit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    lock = tmp_path / "lock.txt"
    lock.write_text("Django==5.2.1\nnew-package==1.0\n", encoding="utf-8")
    snapshot = tmp_path / "advisories.json"
    snapshot.write_text(json.dumps({"source": "test", "taken": "2026-01-01", "packages": {"django": []}}))
    monkeypatch.setattr(advisories, "LOCK_FILE", lock)
    monkeypatch.setattr(advisories, "SNAPSHOT", snapshot)
    with pytest.raises(CommandError):
        call_command("audit_dependencies")
    assert "new-package" in capfd.readouterr().err
