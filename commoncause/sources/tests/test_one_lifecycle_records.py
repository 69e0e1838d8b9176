"""One record lifecycle on both write paths: the shared writer (here through an organisation list) and the
CCEW fast path store the same values for the same charity, confirm and mark vanished records the same
way, and choose an organisation's primary org-id by the one rule."""

import csv
from functools import partial
from pathlib import Path

import pytest
from django.utils import timezone

from commoncause.linkage.canonical import canonical_org_id
from commoncause.register.models import ImportRun, Organisation, OrgIdentifier, SourceRecord
from commoncause.sources.base import ImportContext
from commoncause.sources.ccew.tables import TABLES
from commoncause.sources.lifecycle import records_not_seen
from commoncause.sources.records import OrgRecord
from commoncause.sources.tests.ccew_extract import (
    TEXT_EXTRACT,
    change_lines,
    copy_extract,
    import_ccew,
    lines_without,
)
from commoncause.sources.tests.importing import import_source, organisation
from commoncause.sources.writer import SOURCE_RANK, SourceWriter, source_rank

pytestmark = pytest.mark.django_db
MOHAMMAD = "209617"  # a charity with a company number
RAYMOND = "207237"
# Values as a person or a spreadsheet might write them, not as the regulator does.
RAW = {
    "charity_name": "Mohammad town Health Foundation",
    "latest_income": "1,234,567",
    "charity_contact_postcode": "hg20 3pr",
    "charity_contact_web": "N/A",
    "charity_company_registration_number": " 2802",
    "date_of_registration": "08/11/1962",
}
LIST_COLUMNS = {
    "charity_name": "Name",
    "latest_income": "Income",
    "charity_contact_postcode": "Postcode",
    "charity_contact_web": "Website",
    "charity_company_registration_number": "Company number",
    "date_of_registration": "Date registered",
}


def write_list(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def set_charity_fields(folder: Path, organisation_number: str, values: dict[str, str]) -> None:
    names = TABLES["charity"].names

    def change(lines: list[str]) -> list[str]:
        out = []
        for line in lines:
            fields = line.split("\t")
            if len(fields) == len(names) and fields[1] == organisation_number:
                for column, value in values.items():
                    fields[names.index(column)] = value
            out.append("\t".join(fields))
        return out

    change_lines(folder, "charity", change)


def without_charity(folder: Path, organisation_number: str) -> None:
    for table, spec in TABLES.items():
        at = spec.index["organisation_number"]
        change_lines(
            folder, table, partial(lines_without, column=at, organisation_number=organisation_number)
        )


def stored(org_id: str) -> tuple:
    """What the register holds of an organisation that any path would write alike."""
    found = organisation(org_id)
    facts = (found.name, found.postcode, found.website, found.latest_income, found.income_band)
    identifiers = sorted(found.identifiers.values_list("org_id", "scheme", "value", "is_primary"))
    return (*facts, found.date_registered, identifiers)


def test_the_same_charity_is_stored_alike_by_both_paths(tmp_path):
    folder = copy_extract(tmp_path)
    set_charity_fields(folder, MOHAMMAD, RAW)
    import_ccew(folder)
    from_fast_path = stored(f"GB-CHC-{MOHAMMAD}")
    Organisation.objects.all().delete()
    row = {"Org id": f"GB-CHC-{MOHAMMAD}"} | {LIST_COLUMNS[column]: value for column, value in RAW.items()}

    import_source("csv", write_list(tmp_path / "list.csv", [row]))

    assert stored(f"GB-CHC-{MOHAMMAD}") == from_fast_path
    assert from_fast_path[1:5] == ("HG20 3PR", "", 1234567, "large")
    assert from_fast_path[-1] == [
        (f"GB-CHC-{MOHAMMAD}", "GB-CHC", MOHAMMAD, True),
        ("GB-COH-00002802", "GB-COH", "00002802", False),
    ]


def vanishing(source: str, key: str, runs: tuple[ImportRun, ImportRun, ImportRun]) -> dict[str, object]:
    """How a record that left the second copy of its source and came back in the third was kept, and
    how the records that stayed were confirmed."""
    first, second, third = runs
    gone = SourceRecord.objects.get(source=source, source_key=key)
    stayed = SourceRecord.objects.filter(source=source).exclude(source_key=key)
    return {
        "removed by the second run": second.removed,
        "back in the third run": gone.disappeared_at is None and gone.last_seen_run == third,
        "first seen by the first run": gone.first_seen_run == first,
        "the others confirmed by the third run": {
            (
                r.last_seen_run_id == third.pk,
                r.last_confirmed == (third.extract_date or timezone.localdate()),
                r.disappeared_at,
            )
            for r in stayed
        },
        "nothing left unmarked": not records_not_seen(source=source, run_id=third.pk).exists(),
    }


def test_a_record_that_vanishes_and_comes_back_is_kept_alike_by_both_paths(tmp_path):
    folder = copy_extract(tmp_path)
    without_charity(folder, MOHAMMAD)
    first = import_ccew(TEXT_EXTRACT)
    second = import_ccew(folder)
    gone = SourceRecord.objects.get(source="ccew", source_key=MOHAMMAD)
    assert (gone.disappeared_at is not None, gone.last_seen_run) == (True, first)
    fast_path = vanishing("ccew", MOHAMMAD, (first, second, import_ccew(TEXT_EXTRACT)))
    rows = [{"Org id": f"GB-CHC-{number}", "Name": f"Charity {number}"} for number in (1000, 2000, 3000)]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    whole, short = (
        write_list(tmp_path / "a" / "groups.csv", rows),
        write_list(tmp_path / "b" / "groups.csv", rows[:2]),
    )
    first, second = import_source("csv", whole), import_source("csv", short)
    gone = SourceRecord.objects.get(source="csv", source_key="GB-CHC-3000")
    assert (gone.disappeared_at is not None, gone.last_seen_run) == (True, first)

    shared = vanishing("csv", "GB-CHC-3000", (first, second, import_source("csv", whole)))

    assert shared == fast_path
    assert fast_path["removed by the second run"] == 1
    assert fast_path["the others confirmed by the third run"] == {(True, True, None)}


@pytest.mark.parametrize("path", ["ccew", "csv"])
def test_an_organisation_another_source_made_shows_its_charity_number_first_after_either_path(path, tmp_path):
    body = Organisation.objects.create(name="Raymond ton Children Society (council list)")
    OrgIdentifier.objects.create(
        organisation=body, org_id="GB-COH-01234567", scheme="GB-COH", value="01234567", is_primary=True
    )
    OrgIdentifier.objects.create(
        organisation=body, org_id=f"GB-CHC-{RAYMOND}", scheme="GB-CHC", value=RAYMOND
    )

    if path == "ccew":
        import_ccew(TEXT_EXTRACT)
    else:
        row = {"Org id": f"GB-CHC-{RAYMOND}", "Name": "Raymond ton Children Society"}
        import_source("csv", write_list(tmp_path / "list.csv", [row]))

    assert list(body.identifiers.filter(is_primary=True).values_list("org_id", flat=True)) == [
        f"GB-CHC-{RAYMOND}"
    ]


def test_every_organisation_shows_one_primary_org_id_the_canonical_one_after_both_paths(demo_data_dir):
    import_ccew(TEXT_EXTRACT)
    import_source("csv", demo_data_dir / "ukcat_sample_ccew_2000.csv")

    held: dict[object, list[tuple[str, bool]]] = {}
    for owner, org_id, is_primary in OrgIdentifier.objects.values_list(
        "organisation", "org_id", "is_primary"
    ):
        held.setdefault(owner, []).append((org_id, is_primary))
    assert len(held) == Organisation.objects.count()
    for identifiers in held.values():
        best = canonical_org_id([org_id for org_id, _ in identifiers])
        assert [org_id for org_id, is_primary in identifiers if is_primary] == [best]


def test_the_shared_writer_marks_a_new_organisations_canonical_org_id_primary_as_it_inserts_it():
    """As the fast path does: the order a source lists its org-ids in does not decide."""
    run = ImportRun.objects.create(kind="csv", file_name="list.csv", started_at=timezone.now())
    writer = SourceWriter(ImportContext(run=run), source="csv", file_name="list.csv")
    org_ids = ["GB-COH-01234567", "GB-CHC-1234567"]
    writer.add(OrgRecord(source="csv", source_key=org_ids[0], org_ids=org_ids, fields={"name": "A charity"}))

    writer.flush()

    assert dict(OrgIdentifier.objects.values_list("org_id", "is_primary")) == {
        "GB-COH-01234567": False,
        "GB-CHC-1234567": True,
    }


def test_the_fast_path_writes_over_other_sources_facts_as_the_highest_ranked_source():
    """CCEW writes an organisation's fields without asking which other sources describe it: the shared
    writer's ranking lets it, as long as no source ranks above the Charity Commission."""
    assert source_rank("ccew") == max(SOURCE_RANK.values())
