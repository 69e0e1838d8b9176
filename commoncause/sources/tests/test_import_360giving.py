"""`import_source 360giving`: the Andrew Lloyd Webber Foundation's real 360Giving package (475 grants)."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from commoncause.register.models import Grant
from commoncause.register.selectors import organisation_by_identifier
from commoncause.sources.tests.importing import (
    assert_import_fails,
    import_source,
    organisation,
    register_counts,
)

pytestmark = pytest.mark.django_db
PACKAGE = "alwf-360giving-grants-2021-02.json"


@pytest.fixture
def package(test_data_dir: Path) -> Path:
    return test_data_dir / "grants" / PACKAGE


def test_every_grant_loads_with_no_schema_errors_and_every_party_is_resolved(package):
    run = import_source("360giving", package)
    assert (run.rows_read, run.created, run.rejected) == (475, 475, 0)
    assert Grant.objects.filter(funder__isnull=True).count() == 0
    assert Grant.objects.filter(recipient__isnull=True).count() == 0
    funder = organisation("GB-CHC-1015648")
    assert funder.grants_made.count() == 475
    first = Grant.objects.get(grant_id="360G-ALWF-1978")
    assert first.amount_awarded == Decimal("15000.00")
    assert first.award_date.isoformat() == "2020-11-03"
    assert first.programme == "Music"
    assert first.recipient == organisation("GB-EDU-133843")


def test_a_recipient_with_only_a_funders_own_id_is_one_local_group_whoever_funds_it(package, tmp_path):
    import_source("360giving", package)
    grants = json.loads(package.read_text(encoding="utf-8"))["grants"]
    local = next(g for g in grants if g["recipientOrganization"][0]["id"].startswith("360G-"))
    group = organisation_by_identifier(local["recipientOrganization"][0]["id"])
    assert group.identifiers.get(is_primary=True).org_id.startswith("GB-LOCAL-")
    # A second funder publishes a grant to the same group under an id of its own making.
    other = {
        **local,
        "id": "360G-OTHERFUNDER-1",
        "fundingOrganization": [{"id": "GB-CHC-1000000", "name": "Another Trust"}],
        "recipientOrganization": [{**local["recipientOrganization"][0], "id": "360G-OTHERFUNDER-R1"}],
    }
    second = tmp_path / "other.json"
    second.write_text(json.dumps({"grants": [other]}), encoding="utf-8")
    import_source("360giving", second)
    assert organisation_by_identifier("360G-OTHERFUNDER-R1") == group
    assert group.grants_received.count() == 1 + sum(
        1 for g in grants if g["recipientOrganization"][0]["id"] == local["recipientOrganization"][0]["id"]
    )


def test_a_second_run_changes_nothing(package):
    import_source("360giving", package)
    again = import_source("360giving", package)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 475)


def test_an_invalid_grant_is_refused_by_id_and_field_and_nothing_is_written(package, tmp_path):
    grants = json.loads(package.read_text(encoding="utf-8"))
    grants["grants"][4]["amountAwarded"] = "lots"
    del grants["grants"][9]["awardDate"]
    bad = tmp_path / PACKAGE
    bad.write_text(json.dumps(grants), encoding="utf-8")
    before = register_counts()
    message = assert_import_fails("360giving", bad, file=PACKAGE, row=5, field="amountAwarded")
    assert f"grant {grants['grants'][4]['id']} (number 5): amountAwarded" in message
    assert (
        f"grant {grants['grants'][9]['id']} (number 10): awardDate: 'awardDate' is a required property"
        in message
    )
    assert register_counts() == before
    assert Grant.objects.count() == 0

    run = import_source("360giving", bad, "--skip-invalid")
    assert (run.created, run.rejected) == (473, 2)
    assert grants["grants"][4]["id"] in run.notes


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "not a readable JSON file"),
        (b'{"grant": []}', 'needs a "grants" list'),
        (b'{"grants": []}', "no grants"),
    ],
)
def test_a_file_that_is_not_a_package_is_refused(tmp_path, content, words):
    bad = tmp_path / "grants.json"
    bad.write_bytes(content)
    assert words in assert_import_fails("360giving", bad, file="grants.json")
