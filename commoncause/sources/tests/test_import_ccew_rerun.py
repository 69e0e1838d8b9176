"""Importing the CCEW extract again: updates in place, no duplicates, disappearances marked not deleted."""

from functools import partial

import pytest

from commoncause.register.models import (
    Classification,
    FinancialYear,
    Organisation,
    OrganisationLink,
    OrgIdentifier,
    SourceRecord,
)
from commoncause.sources.ccew.tables import TABLES
from commoncause.sources.tests.ccew_extract import (
    TEXT_EXTRACT,
    change_lines,
    copy_extract,
    import_ccew,
    json_extract,
    lines_without,
    register_contents,
    register_fingerprint,
)

pytestmark = pytest.mark.django_db
RAYMOND = "207237"  # a main charity with six linked charities
MOHAMMAD = "209617"  # a main charity with none


def charity(org_id: str) -> Organisation:
    return Organisation.objects.get(identifiers__org_id=org_id)


def without_charity(folder, organisation_number: str) -> None:
    """Drop one charity from every table of an extract."""
    for table in TABLES:
        column = TABLES[table].index["organisation_number"]
        change_lines(
            folder, table, partial(lines_without, column=column, organisation_number=organisation_number)
        )


def set_field(folder, table: str, organisation_number: str, column: str, value: str) -> None:
    names = TABLES[table].names

    def change(lines: list[str]) -> list[str]:
        out = []
        for line in lines:
            fields = line.split("\t")
            if len(fields) == len(names) and fields[1] == organisation_number:
                fields[names.index(column)] = value
            out.append("\t".join(fields))
        return out

    change_lines(folder, table, change)


def test_importing_the_same_extract_again_changes_nothing():
    import_ccew(TEXT_EXTRACT)
    before = register_fingerprint()

    again = import_ccew(TEXT_EXTRACT)

    after = register_fingerprint()
    assert (again.created, again.updated, again.unchanged, again.removed) == (0, 0, 572, 0)
    assert {name: count for name, count in after.items() if name not in {"ImportRun", "contents"}} == {
        name: count for name, count in before.items() if name not in {"ImportRun", "contents"}
    }
    record = SourceRecord.objects.get(source="ccew", source_key=RAYMOND)
    assert record.last_seen_run == again
    assert record.first_seen_run != again


def test_a_changed_charity_is_updated_in_place(tmp_path):
    first = import_ccew(TEXT_EXTRACT)
    raymond = charity(f"GB-CHC-{RAYMOND}")
    years = FinancialYear.objects.count()
    folder = copy_extract(tmp_path)
    set_field(folder, "charity", RAYMOND, "latest_income", "2500000")
    change_lines(
        folder,
        "charity_classification",
        lambda lines: [line for line in lines if not (f"\t{RAYMOND}\t" in line and "\t308\t" in line)],
    )

    second = import_ccew(folder)

    assert (second.created, second.updated, second.unchanged) == (0, 1, 571)
    updated = charity(f"GB-CHC-{RAYMOND}")
    assert updated.pk == raymond.pk
    assert updated.latest_income == 2500000
    assert "308" not in Classification.objects.filter(organisation=updated).values_list("code", flat=True)
    assert Classification.objects.filter(organisation=updated).count() == 9
    assert FinancialYear.objects.count() == years
    assert Organisation.objects.count() == 572
    record = SourceRecord.objects.get(source="ccew", source_key=RAYMOND)
    assert (record.first_seen_run, record.last_seen_run) == (first, second)


def test_a_charity_missing_from_a_later_extract_is_marked_not_deleted(tmp_path):
    import_ccew(TEXT_EXTRACT)
    folder = copy_extract(tmp_path)
    without_charity(folder, MOHAMMAD)

    second = import_ccew(folder)

    assert (second.removed, second.unchanged, second.created, second.updated) == (1, 571, 0, 0)
    record = SourceRecord.objects.get(source="ccew", source_key=MOHAMMAD)
    assert record.disappeared_at is not None
    assert record.last_seen_run != second
    assert charity(f"GB-CHC-{MOHAMMAD}").latest_income == 153000000

    back = import_ccew(TEXT_EXTRACT)

    assert (back.updated, back.removed) == (1, 0)
    assert SourceRecord.objects.get(source="ccew", source_key=MOHAMMAD).disappeared_at is None


def test_linked_charities_of_a_main_charity_gone_from_the_extract_lose_their_parent(tmp_path):
    import_ccew(TEXT_EXTRACT)
    folder = copy_extract(tmp_path)
    without_charity(folder, RAYMOND)

    second = import_ccew(folder)

    assert (second.removed, second.updated) == (1, 6)
    linked = charity(f"GB-CHC-{RAYMOND}-1")
    assert linked.parent is None
    assert not OrganisationLink.objects.filter(to_organisation=linked, kind="linked_charity").exists()


def test_the_json_layout_of_the_same_extract_finds_every_charity_unchanged(tmp_path):
    import_ccew(TEXT_EXTRACT)

    again = import_ccew(json_extract(TEXT_EXTRACT, tmp_path))

    assert (again.created, again.updated, again.unchanged) == (0, 0, 572)
    assert again.rows_read == 7830


def test_a_zip_of_the_table_zips_gives_the_same_register_as_the_folder(tmp_path):
    from commoncause.sources.tests.test_import_ccew_layouts import zip_of_table_zips

    first = import_ccew(zip_of_table_zips(tmp_path))

    again = import_ccew(TEXT_EXTRACT)

    assert first.created == 572
    assert (again.created, again.updated, again.unchanged) == (0, 0, 572)


def test_the_json_layout_gives_the_same_register_as_the_text_layout(tmp_path):
    import_ccew(json_extract(TEXT_EXTRACT, tmp_path))
    from_json = register_contents()
    Organisation.objects.all().delete()

    import_ccew(TEXT_EXTRACT)

    from_text = register_contents()
    assert len(from_text["Organisation"]) == 572
    assert from_text == from_json


def test_renaming_an_individual_trustee_leaves_the_record_unchanged(tmp_path):
    import_ccew(TEXT_EXTRACT)
    folder = copy_extract(tmp_path)
    set_field(folder, "charity_trustee", RAYMOND, "trustee_name", "Someone Else Entirely")

    again = import_ccew(folder)

    assert (again.updated, again.unchanged) == (0, 572)


def test_an_organisation_already_holding_the_charity_number_gets_the_regulator_facts():
    local = Organisation.objects.create(name="RAYMOND TON CHILDREN SOC (council list)")
    OrgIdentifier.objects.create(
        org_id=f"GB-CHC-{RAYMOND}", scheme="GB-CHC", value=RAYMOND, organisation=local
    )

    run = import_ccew(TEXT_EXTRACT)

    assert Organisation.objects.count() == 572
    assert (run.created, run.updated) == (571, 1)
    local.refresh_from_db()
    assert local.name == "Raymond ton Children Society"
    assert SourceRecord.objects.get(source="ccew", source_key=RAYMOND).organisation == local
    assert OrgIdentifier.objects.filter(org_id=f"GB-CHC-{RAYMOND}").count() == 1


def test_a_company_number_held_by_another_organisation_becomes_a_link():
    company = Organisation.objects.create(name="MOHAMMAD TOWN HEALTH FOUNDATION LIMITED")
    OrgIdentifier.objects.create(
        org_id="GB-COH-XX002802", scheme="GB-COH", value="XX002802", organisation=company
    )

    import_ccew(TEXT_EXTRACT)

    charity_org = charity("GB-CHC-209617")
    assert OrgIdentifier.objects.get(org_id="GB-COH-XX002802").organisation == company
    assert OrganisationLink.objects.filter(
        from_organisation=charity_org, to_organisation=company, kind="company", source="ccew"
    ).exists()
