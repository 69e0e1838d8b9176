"""`import_source 360giving` streams a JSON package: read grant by grant, checked in one pass and written
in batches in another, with a big file's errors still named by grant and field and nothing written.

Built from the Andrew Lloyd Webber Foundation's real package (475 grants), repeated under new ids
where a bigger file is needed.
"""

import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from commoncause.funding.models import Grant
from commoncause.funding.threesixty import checking, writing
from commoncause.funding.threesixty.files import GrantFile
from commoncause.sources.base import ImportProblem
from commoncause.sources.tests.importing import assert_import_fails, import_source, register_counts

PACKAGE = "alwf-360giving-grants-2021-02.json"


@pytest.fixture
def grants(test_data_dir: Path) -> list[dict[str, Any]]:
    text = (test_data_dir / "grants" / PACKAGE).read_text(encoding="utf-8")
    package: dict[str, list[dict[str, Any]]] = json.loads(text)
    return package["grants"]


def _repeated(grants: list[dict[str, Any]], times: int) -> list[dict[str, Any]]:
    """The grants `times` over, each copy under ids of its own (the same funder and recipients)."""
    return [{**grant, "id": f"{grant['id']}-{copy}"} for copy in range(times) for grant in grants]


def _write(path: Path, package: dict[str, Any]) -> Path:
    path.write_text(json.dumps(package), encoding="utf-8")
    return path


@pytest.fixture
def two_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Check as a big file is checked: by two forked processes, each taking every other span."""
    monkeypatch.setattr(checking, "PARALLEL_GRANTS", 1)
    monkeypatch.setattr(checking, "SPAN", 700)
    monkeypatch.setattr(checking, "can_fork_workers", lambda: True)


@pytest.mark.django_db
def test_the_grants_list_is_found_after_other_keys_and_lists_of_the_same_name(
    grants: list[dict[str, Any]], tmp_path: Path
) -> None:
    package = {
        "version": "1.3",
        "publisher": {"name": "A funder", "grants": [{"id": "360G-NOT-A-GRANT"}]},  # not the package's list
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "grants": grants,
        "extensions": [],
    }
    run = import_source("360giving", _write(tmp_path / "last.json", package))
    assert (run.rows_read, run.created, run.rejected) == (475, 475, 0)
    assert not Grant.objects.filter(grant_id="360G-NOT-A-GRANT").exists()


@pytest.mark.django_db(transaction=True)
def test_an_invalid_grant_deep_in_a_big_file_is_named_and_nothing_is_written(
    grants: list[dict[str, Any]], tmp_path: Path, two_processes: None
) -> None:
    big = _repeated(grants, 11)  # 5,225 grants
    big[4_999]["amountAwarded"] = "lots"
    path = _write(tmp_path / "big.json", {"grants": big})
    before = register_counts()
    message = assert_import_fails("360giving", path, file="big.json", row=5_000, field="amountAwarded")
    assert "1 of 5225 grants break the 360Giving schema; nothing was imported" in message
    assert f"grant {big[4_999]['id']} (number 5000): amountAwarded: 'lots' is not of type 'number'" in message
    assert register_counts() == before
    assert Grant.objects.count() == 0


@pytest.mark.django_db
def test_a_big_file_is_written_in_batches_skipping_the_invalid_grants(
    grants: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writing, "BATCH", 400)
    big = _repeated(grants, 3)  # 1,425 grants, in four batches
    del big[1_200]["currency"]
    path = _write(tmp_path / "big.json", {"grants": big})
    run = import_source("360giving", path, "--skip-invalid")
    assert (run.rows_read, run.created, run.rejected) == (1_425, 1_424, 1)
    assert f"grant {big[1_200]['id']} (number 1201): currency" in run.notes
    assert set(Grant.objects.values_list("grant_id", flat=True)) == {g["id"] for g in big} - {
        big[1_200]["id"]
    }
    again = import_source("360giving", path, "--skip-invalid")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1_424)


@pytest.mark.django_db
def test_an_id_given_twice_is_refused_naming_both_grants(
    grants: list[dict[str, Any]], tmp_path: Path
) -> None:
    grants[300]["id"] = grants[20]["id"]
    path = _write(tmp_path / "twice.json", {"grants": grants})
    message = assert_import_fails("360giving", path, file="twice.json", row=301, field="id")
    assert (
        f"grant {grants[20]['id']} (number 301): id: '{grants[20]['id']}' is also the id of grant number 21"
        in (message)
    )
    run = import_source("360giving", path, "--skip-invalid")
    assert (run.created, run.rejected) == (474, 1)


@pytest.mark.parametrize("processes", [1, 2])
@pytest.mark.parametrize(
    ("cut", "words"),
    [
        (lambda text: text[: len(text) * 3 // 5], "premature EOF"),  # a download that stopped
        (lambda text: text + ' {"grants": []}', "trailing garbage"),  # every grant read, then garbage
    ],
)
@pytest.mark.django_db(transaction=True)
def test_a_package_that_is_not_whole_json_is_refused_and_nothing_is_written(
    test_data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    processes: int,
    cut: Callable[[str], str],
    words: str,
) -> None:
    if processes == 2:
        monkeypatch.setattr(checking, "PARALLEL_GRANTS", 1)
        monkeypatch.setattr(checking, "can_fork_workers", lambda: True)
    text = (test_data_dir / "grants" / PACKAGE).read_text(encoding="utf-8")
    bad = tmp_path / "cut.json"
    bad.write_text(cut(text), encoding="utf-8")
    message = assert_import_fails("360giving", bad, file="cut.json")
    assert "not a readable JSON file" in message
    assert words in message
    assert Grant.objects.count() == 0


@pytest.mark.django_db
def test_a_package_with_a_byte_order_mark_is_read(test_data_dir: Path, tmp_path: Path) -> None:
    marked = tmp_path / "marked.json"
    marked.write_bytes(b"\xef\xbb\xbf" + (test_data_dir / "grants" / PACKAGE).read_bytes())
    assert import_source("360giving", marked).created == 475


def test_grants_are_read_one_at_a_time_as_the_file_is_parsed(test_data_dir: Path, tmp_path: Path) -> None:
    """The first grants come before the parser meets the end of the file (here, cut short): the file
    is never read whole."""
    text = (test_data_dir / "grants" / PACKAGE).read_text(encoding="utf-8")
    cut = tmp_path / "cut.json"
    cut.write_text(text[: len(text) // 2], encoding="utf-8")
    grants = GrantFile(cut).grants()
    assert next(grants)["id"] == json.loads(text)["grants"][0]["id"]
    with pytest.raises(ImportProblem, match="not a readable JSON file") as problem:
        list(grants)
    assert problem.value.row is not None
    assert 200 < problem.value.row < 300  # the grant it stopped in


def test_reading_a_big_package_holds_one_grant_at_a_time(
    grants: list[dict[str, Any]], tmp_path: Path
) -> None:
    path = _write(tmp_path / "big.json", {"grants": _repeated(grants, 12)})  # 5,700 grants, 4.5 MB
    grant_file = GrantFile(path)
    tracemalloc.start()
    try:
        read = sum(1 for _ in grant_file.grants())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert read == 5_700
    # Held whole, the grants would take about five times the file (22 MB); one at a time, under 0.5 MB.
    assert peak < path.stat().st_size / 4


def test_a_file_changed_between_its_reads_is_refused(grants: list[dict[str, Any]], tmp_path: Path) -> None:
    path = _write(tmp_path / "grants.json", {"grants": grants})
    grant_file = GrantFile(path)
    _write(path, {"grants": grants[:10]})
    with pytest.raises(ImportProblem, match="changed while it was being imported"):
        next(grant_file.grants())
