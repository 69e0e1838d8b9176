"""`manage.py refresh`: every source's refresh in order, under one lock, with a summary of what changed
and a non-zero exit on failure. Runs on the shipped samples (data/pipeline/demo.toml) and on small
configurations written here."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum

from commoncause.core.locks import import_lock
from commoncause.core.tests.held import held_in_another_thread
from commoncause.places.models import OrganisationPlace
from commoncause.register.models import ImportRun, Organisation
from commoncause.sources.demo import demo_files
from commoncause.sources.pipeline import FINISHING, RefreshConfigError, refresh_lock, refresh_plan

DATA = Path(settings.DATA_DIR)
SHIPPED = DATA / "pipeline" / "demo.toml"
CCNI = DATA / "demo" / "ccni-charitydetails-sample.csv"
CHARITIES = DATA / "demo" / "ukcat_sample_ccew_2000.csv"
WARDS = DATA / "geo" / "boundaries" / "E09000033_ward.geojson"
POSTCODES = DATA / "geo" / "postcodes" / "charity_postcodes.csv"


def refresh(*arguments: str) -> str:
    out = StringIO()
    call_command("refresh", *arguments, "--no-progress", stdout=out)
    return out.getvalue()


def refresh_failing(*arguments: str) -> tuple[CommandError, str]:
    out = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("refresh", *arguments, "--no-progress", stdout=out)
    return failure.value, out.getvalue()


def config_write(folder: Path, *sources: tuple[str, Path]) -> Path:
    """A configuration of these (kind, path) sources, in the order given."""
    entries = [f'[[source]]\nkind = "{kind}"\npath = "{path}"\n' for kind, path in sources]
    config = folder / "refresh.toml"
    config.write_text("\n".join(entries), encoding="utf-8")
    return config


@pytest.fixture
def small_config(tmp_path: Path) -> Path:
    """Geography listed before the register, to be put in order."""
    return config_write(tmp_path, ("postcodes", POSTCODES), ("wards", WARDS), ("ccni", CCNI))


def runs() -> list[tuple[str, str]]:
    return sorted(ImportRun.objects.values_list("kind", "file_name"))


@pytest.mark.django_db
def test_the_shipped_samples_refresh_end_to_end_and_a_second_run_changes_nothing(tmp_path: Path) -> None:
    first_json, second_json = tmp_path / "first.json", tmp_path / "second.json"

    output = refresh(str(SHIPPED), "--json", str(first_json))

    assert runs() == sorted((demo.kind, demo.path.name) for demo in demo_files())
    assert Organisation.objects.count() == 364 + 2000 + 77 + 602  # the registers, lists and grants' bodies
    assert OrganisationPlace.objects.filter(local_authority="E09000033").count() > 50
    for name in FINISHING:
        assert f"done     {name}: " in output
    first = json.loads(first_json.read_text(encoding="utf-8"))
    recorded = ImportRun.objects.aggregate(created=Sum("created"), updated=Sum("updated"))
    assert first["ok"] is True
    assert first["totals"]["created"] == recorded["created"] > 3000  # read from the runs' records
    assert first["totals"]["updated"] == recorded["updated"]
    assert [step["status"] for step in first["steps"]] == ["done"] * (len(demo_files()) + len(FINISHING))

    output = refresh(str(SHIPPED), "--json", str(second_json))

    assert "In all: 0 created, 0 updated, " in output
    second = json.loads(second_json.read_text(encoding="utf-8"))
    assert second["totals"]["created"] == second["totals"]["updated"] == second["totals"]["removed"] == 0
    assert second["totals"]["unchanged"] == first["totals"]["created"] + first["totals"]["updated"]
    assert Organisation.objects.count() == 364 + 2000 + 77 + 602
    assert ImportRun.objects.count() == 2 * len(demo_files())


def test_the_shipped_config_names_the_files_load_demo_data_imports() -> None:
    planned = [(step.name, step.path) for step in refresh_plan(SHIPPED) if step.path]

    assert sorted(planned) == sorted((demo.kind, demo.path.resolve()) for demo in demo_files())


def test_steps_run_registers_then_lists_then_geography_then_the_finishing_steps(tmp_path: Path) -> None:
    config = config_write(
        tmp_path, ("postcodes", POSTCODES), ("csv", CHARITIES), ("wards", WARDS), ("ccni", CCNI)
    )

    steps = refresh_plan(config)

    assert [step.name for step in steps] == ["ccni", "csv", "wards", "postcodes", *FINISHING]


@pytest.mark.django_db
def test_a_malformed_file_fails_its_step_by_file_row_and_field_skips_what_needs_it_and_exits_1(
    tmp_path: Path,
) -> None:
    header, first, rest = CCNI.read_bytes().split(b"\n", 2)  # Windows-1252, as CCNI publishes it
    bad = tmp_path / "ccni-bad.csv"
    bad.write_bytes(b"\n".join([header, first.replace(b",462154,", b",lots,", 1), rest]))
    charities = tmp_path / "charities.csv"
    charities.write_text("".join(CHARITIES.read_text(encoding="utf-8").splitlines(True)[:21]), "utf-8")
    config = config_write(tmp_path, ("ccni", bad), ("csv", charities), ("wards", WARDS))

    failure, output = refresh_failing(str(config), "--json", str(tmp_path / "summary.json"))

    assert failure.returncode == 1
    assert "ccni-bad.csv, row 2, field 'Total income'" in str(failure)
    assert "failed   ccni ccni-bad.csv: ccni-bad.csv, row 2, field 'Total income': " in output
    assert "skipped  csv charities.csv: needs ccni (failed)" in output
    assert "done     wards E09000033_ward.geojson: 18 created" in output  # needs no register
    for name in FINISHING:
        assert f"skipped  {name}: needs " in output
    assert runs() == [("wards", "E09000033_ward.geojson")]
    assert not Organisation.objects.exists()
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["ok"] is False
    assert summary["failed"] == ["ccni ccni-bad.csv"]
    assert summary["skipped"] == ["csv charities.csv", *FINISHING]


@pytest.mark.django_db
def test_only_runs_just_the_steps_named(small_config: Path) -> None:
    output = refresh(str(small_config), "--only", "ccni,search_index_rebuild")

    assert runs() == [("ccni", CCNI.name)]
    ran = [line.split()[1].rstrip(":") for line in output.splitlines()[:-1]]
    assert ran == ["ccni", "search_index_rebuild"]
    failure, _ = refresh_failing(str(small_config), "--only", "ccni,cnni")
    assert "no step is called cnni" in str(failure)


@pytest.mark.django_db
def test_a_dry_run_says_what_would_run_and_changes_nothing(small_config: Path) -> None:
    output = refresh(str(small_config), "--dry-run")

    assert output.splitlines()[:4] == [
        f" 1. ccni {CCNI}",
        f" 2. wards {WARDS}",
        f" 3. postcodes {POSTCODES}",
        " 4. place_organisations",
    ]
    assert "nothing was changed" in output
    assert not ImportRun.objects.exists()
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_a_dry_run_fails_when_a_file_named_is_not_there(tmp_path: Path) -> None:
    config = config_write(tmp_path, ("ccni", tmp_path / "not-downloaded.csv"))

    failure, output = refresh_failing(str(config), "--dry-run")

    assert f"ccni {tmp_path / 'not-downloaded.csv'} (not there)" in output
    assert "1 file(s) named in" in str(failure)


@pytest.mark.parametrize(
    ("entry", "said"),
    [
        ('kind = "ccni"\npath = "https://example.org/ccni.csv"', "path must be a file or folder on this"),
        ('kind = "cnni"\npath = "ccni.csv"', "kind 'cnni' is not one the refresh runs"),
        ('kind = "ccni"\npath = "ccni.csv"\nmapping = "m.json"', "mapping is only for the csv kind"),
        ('kind = "ccni"\npth = "ccni.csv"', "unknown key pth"),
    ],
)
def test_a_configuration_that_cannot_be_used_is_refused_naming_its_entry(
    tmp_path: Path, entry: str, said: str
) -> None:
    config = tmp_path / "refresh.toml"
    config.write_text(f"[[source]]\n{entry}\n", encoding="utf-8")

    with pytest.raises(RefreshConfigError) as refused:
        refresh_plan(config)

    assert f"{config}, source 1: {said}" in str(refused.value)


@pytest.mark.django_db(transaction=True)
def test_a_second_refresh_while_one_runs_is_refused_at_once_with_exit_status_75(small_config: Path) -> None:
    with held_in_another_thread(lambda: refresh_lock(small_config)):
        failure, output = refresh_failing(str(small_config))
        with import_lock("ccni"):  # the refresh lock is not an import lock: imports go on meanwhile
            pass

    assert failure.returncode == 75
    assert str(failure).startswith("Refresh not started, nothing was changed. Another refresh")
    assert output == ""
    assert not ImportRun.objects.exists()
    with refresh_lock(small_config), import_lock("ccni"):  # a refresh's own imports take theirs inside it
        pass
