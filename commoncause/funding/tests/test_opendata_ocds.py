"""Open data out, OCDS: contract opportunities as an Open Contracting (1.1) release package, one release
per contract at its stage, valid against the shipped OCDS 1.1.5 schema."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings

from commoncause.accounts.models import Council
from commoncause.funding.models import Award, AwardStatus, BidStatus, OpportunityKind, OpportunityStatus
from commoncause.funding.opendata.ocds import (
    contract_status,
    contracts_published,
    months_later,
    ocds_package,
)
from commoncause.funding.opendata.ocds_schema import merge_patch, package_problems, release_schema
from commoncause.funding.tests import opendata_samples as samples

pytestmark = pytest.mark.django_db
CONTRACT = OpportunityKind.CONTRACT
LOTS = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json"
)


@pytest.fixture
def council() -> Council:
    samples.register_load(wards=False)
    return samples.westminster()


@pytest.fixture
def stages(council: Council) -> dict[str, Any]:
    """A contract at each stage, with a grant round and a draft contract that are left out."""
    samples.opportunity(council, CONTRACT, title="Befriending", status=OpportunityStatus.OPEN)
    awarded = samples.opportunity(council, CONTRACT, title="Home visits after hospital")
    lot = samples.lot(awarded, 1)
    winner = samples.bid(awarded, samples.BUDDY_BEAR, lot=lot)
    samples.bid(awarded, samples.COMMUNITY_RESCUE, status=BidStatus.UNSUCCESSFUL, lot=lot)
    samples.award(winner, starts=None, ends=None)
    contracted = samples.opportunity(council, CONTRACT, title="Hoarding support", is_example=True)
    samples.award(samples.bid(contracted, samples.CANCER_LIFELINE), ends=dt.date(2099, 3, 31))
    samples.opportunity(council, CONTRACT, title="Still a draft", status=OpportunityStatus.DRAFT)
    samples.grant_award(council, samples.CANCER_LIFELINE)
    package = ocds_package(contracts_published())
    return {
        release["tender"]["title"].removeprefix("Example: "): release for release in package["releases"]
    } | {"package": package}


def export(tmp_path: Path, *options: str) -> dict[str, Any]:
    out = tmp_path / "contracts.json"
    call_command("export_ocds", str(out), *options, stdout=StringIO())
    loaded: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return loaded


def test_the_release_package_validates_with_zero_errors(stages: dict[str, Any]) -> None:
    package = stages["package"]

    assert package_problems(package) == []
    assert (package["version"], package["extensions"]) == ("1.1", [LOTS])
    assert package["publisher"] == {"name": "Common Cause", "uri": "http://127.0.0.1:8000"}
    assert len(package["releases"]) == 3  # not the draft, not the grant round


def test_a_tender_an_award_and_a_contract_show_at_their_stages(stages: dict[str, Any]) -> None:
    tender, awarded, contracted = (
        stages["Befriending"],
        stages["Home visits after hospital"],
        stages["Hoarding support"],
    )

    assert (tender["tag"], tender["tender"]["status"]) == (["tender"], "active")
    assert "awards" not in tender
    assert "contracts" not in tender
    assert "numberOfTenderers" not in tender["tender"]  # not said while bidding is open
    assert (awarded["tag"], awarded["tender"]["status"]) == (["tender", "award"], "complete")
    assert len(awarded["awards"]) == 1
    assert "contracts" not in awarded
    assert contracted["tag"] == ["tender", "award", "contract"]
    [award], [contract] = contracted["awards"], contracted["contracts"]
    assert (contract["awardID"], contract["status"]) == (award["id"], "active")  # begun, not yet ended
    assert contract["period"] == {
        "startDate": "2025-04-01T00:00:00+01:00",
        "endDate": "2099-03-31T00:00:00+01:00",
    }
    assert award["value"] == contract["value"] == {"amount": 45000.5, "currency": "GBP"}
    assert award["date"] == "2025-03-10T00:00:00+00:00"
    for release in (tender, awarded, contracted):
        assert release["id"].startswith(f"{release['ocid']}-{release['tag'][-1]}-")
        assert release["initiationType"] == "tender"


def test_the_buyer_and_suppliers_are_named_by_org_id_scheme_and_number(stages: dict[str, Any]) -> None:
    release = stages["Home visits after hospital"]
    parties = {party["id"]: party for party in release["parties"]}

    buyer = parties["GB-LAE-WSM"]
    assert buyer["identifier"] == {"scheme": "GB-LAE", "id": "WSM", "legalName": "Westminster City Council"}
    assert buyer["roles"] == ["buyer", "procuringEntity"]
    assert release["buyer"] == release["tender"]["procuringEntity"] == {
        "id": "GB-LAE-WSM", "name": "Westminster City Council",
    }  # fmt: skip
    supplier = parties["GB-NIC-104137"]
    assert supplier["identifier"] == {"scheme": "GB-NIC", "id": "104137", "legalName": "Buddy Bear Trust"}
    assert supplier["additionalIdentifiers"] == [
        {"scheme": "GB-COH", "id": "NI022996", "legalName": "Buddy Bear Trust"}
    ]
    assert supplier["roles"] == ["supplier", "tenderer"]
    assert release["awards"][0]["suppliers"] == [{"id": "GB-NIC-104137", "name": "Buddy Bear Trust"}]


def test_an_unsuccessful_bidder_is_counted_but_never_named(stages: dict[str, Any]) -> None:
    release = stages["Home visits after hospital"]

    assert release["tender"]["numberOfTenderers"] == 2
    text = json.dumps(stages["package"])
    assert "GB-NIC-106359" not in text
    assert "Community Rescue Service" not in text


def test_the_tender_has_its_value_lots_periods_and_criteria(stages: dict[str, Any]) -> None:
    release = stages["Home visits after hospital"]
    tender = release["tender"]

    assert tender["value"] == {"amount": 120000, "currency": "GBP"}
    assert tender["lots"] == [
        {"id": "1", "title": "Lot 1: Regent's Park", "value": {"amount": 40000, "currency": "GBP"},
         "status": "complete", "description": "Visits in Regent's Park ward."}
    ]  # fmt: skip
    assert release["awards"][0]["relatedLots"] == ["1"]
    assert tender["tenderPeriod"] == {
        "startDate": "2025-01-06T00:00:00+00:00",
        "endDate": "2025-02-14T00:00:00+00:00",
    }
    # A term of 36 months from 1 April 2025 ends on 31 March 2028.
    assert tender["contractPeriod"]["endDate"] == "2028-03-31T00:00:00+01:00"
    assert (tender["awardCriteria"], tender["awardCriteriaDetails"]) == (
        "ratedCriteria",
        "Quality 60%; Price 40%",
    )
    assert (tender["procurementMethod"], tender["procurementMethodDetails"]) == ("open", "Procurement")


def test_an_example_is_marked_in_its_titles_description_and_release(stages: dict[str, Any]) -> None:
    example, real = stages["Hoarding support"], stages["Befriending"]

    assert example["isExample"] is True
    assert "isExample" not in real
    assert example["tender"]["title"] == "Example: Hoarding support"
    assert example["tender"]["description"].endswith("not a real council's decision.")
    assert example["awards"][0]["title"].startswith("Example: ")
    assert example["contracts"][0]["title"].startswith("Example: ")


@override_settings(OCDS_PREFIX="ocds-abc123")
def test_the_ocid_starts_with_the_publishers_prefix(council: Council) -> None:
    opportunity = samples.opportunity(council, CONTRACT, status=OpportunityStatus.OPEN)

    [release] = ocds_package(contracts_published())["releases"]

    assert release["ocid"] == f"ocds-abc123-{opportunity.pk}"


def test_a_withdrawn_contract_is_a_cancellation_and_a_decision_with_no_award_unsuccessful(
    council: Council,
) -> None:
    samples.opportunity(council, CONTRACT, title="Withdrawn", status=OpportunityStatus.WITHDRAWN)
    samples.opportunity(council, CONTRACT, title="Nobody won")

    releases = {r["tender"]["title"]: r for r in ocds_package(contracts_published())["releases"]}

    assert (releases["Withdrawn"]["tag"], releases["Withdrawn"]["tender"]["status"]) == (
        ["tenderCancellation"], "cancelled",
    )  # fmt: skip
    assert (releases["Nobody won"]["tag"], releases["Nobody won"]["tender"]["status"]) == (
        ["tender"], "unsuccessful",
    )  # fmt: skip


def test_a_council_without_an_org_id_is_still_the_buyer_by_an_id_of_the_publishers(council: Council) -> None:
    council.org_id = ""
    council.save()
    samples.opportunity(council, CONTRACT, status=OpportunityStatus.OPEN)

    package = ocds_package(contracts_published())

    assert package_problems(package) == []
    [buyer] = package["releases"][0]["parties"]
    assert buyer["id"] == "ocds-commoncause-council-westminster"
    assert "identifier" not in buyer


def test_the_schema_check_catches_a_broken_release(stages: dict[str, Any]) -> None:
    package = stages["package"]
    release = package["releases"][0]
    broken_tag = {**package, "releases": [{**release, "tag": ["finished"]}]}
    no_ocid = {**package, "releases": [{k: v for k, v in release.items() if k != "ocid"}]}
    bad_lot = {**package, "releases": [{**release, "tender": {**release["tender"], "lots": [{"id": 1}]}}]}

    assert any(problem.startswith("releases/0/tag/0") for problem in package_problems(broken_tag))
    assert package_problems(no_ocid) == ["releases/0: 'ocid' is a required property"]
    assert any("lots/0/id" in problem for problem in package_problems(bad_lot))  # the extension applies


def test_the_lots_extension_is_merged_into_the_release_schema() -> None:
    assert "lots" in release_schema()["definitions"]["Tender"]["properties"]
    assert "relatedLots" in release_schema()["definitions"]["Award"]["properties"]
    assert merge_patch({"a": {"b": 1, "c": 2}}, {"a": {"b": None, "d": 3}}) == {"a": {"c": 2, "d": 3}}


def test_contract_status_and_terms_by_hand() -> None:
    award = Award(starts=dt.date(2025, 4, 1), ends=dt.date(2028, 3, 31), status=AwardStatus.ACTIVE)
    assert contract_status(award, dt.date(2025, 3, 31)) == "pending"
    assert contract_status(award, dt.date(2025, 4, 1)) == "active"
    assert contract_status(award, dt.date(2028, 4, 1)) == "terminated"
    award.status = AwardStatus.ENDED
    assert contract_status(award, dt.date(2026, 1, 1)) == "terminated"
    assert months_later(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert months_later(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert months_later(dt.date(2025, 4, 1), 36) == dt.date(2028, 4, 1)


def test_the_command_writes_the_package_and_leaves_examples_out_when_asked(
    stages: dict[str, Any], tmp_path: Path
) -> None:
    everything = export(tmp_path)
    real_only = export(tmp_path, "--no-examples")

    assert package_problems(everything) == []
    assert package_problems(real_only) == []
    assert len(everything["releases"]) == 3
    assert [r["tender"]["title"] for r in real_only["releases"]] == [
        "Befriending",
        "Home visits after hospital",
    ]


def test_the_command_refuses_a_wrong_ending_an_unknown_council_and_nothing_to_export(
    council: Council, tmp_path: Path
) -> None:
    with pytest.raises(CommandError, match="No contract has been published yet"):
        export(tmp_path)
    samples.opportunity(council, CONTRACT, status=OpportunityStatus.OPEN)
    with pytest.raises(CommandError, match="ending in .json"):
        call_command("export_ocds", str(tmp_path / "contracts.xml"), stdout=StringIO())
    with pytest.raises(CommandError, match="No council has the slug"):
        export(tmp_path, "--council", "nowhere")
    assert list(tmp_path.iterdir()) == []


def test_anyone_downloads_the_release_package(stages: dict[str, Any], client: Client) -> None:
    answer = client.get("/contracts/ocds.json")

    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/json"
    package = json.loads(answer.content)
    assert package_problems(package) == []
    assert len(package["releases"]) == 3
    assert package["uri"] == "http://testserver/contracts/ocds.json"


def test_the_download_answers_404_when_no_contract_is_published(council: Council, client: Client) -> None:
    samples.opportunity(council, CONTRACT, status=OpportunityStatus.DRAFT)
    assert client.get("/contracts/ocds.json").status_code == 404
