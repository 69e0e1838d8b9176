"""One canonical org-id per organisation, in the org-id register's order of preference."""

from pathlib import Path

import pytest

from commoncause.linkage.canonical import canonical_identifiers_refresh, canonical_org_id
from commoncause.register.models import OrgIdentifier
from commoncause.register.tests.factories import OrganisationFactory
from commoncause.sources.tests.importing import import_source, organisation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("org_ids", "canonical"),
    [
        (["GB-COH-01234567", "GB-CHC-1000", "GB-LOCAL-ABC"], "GB-CHC-1000"),
        (["GB-COH-SC123456", "GB-SC-SC000001"], "GB-SC-SC000001"),
        (["GB-COH-NI022996", "GB-NIC-100002"], "GB-NIC-100002"),
        (["GB-CHC-1000", "GB-SC-SC000001", "GB-NIC-100002"], "GB-CHC-1000"),
        (["GB-EDU-125554", "GB-COH-01234567"], "GB-COH-01234567"),  # a primary list before a secondary one
        (["XI-LEI-724500PMK2A2M1SQQ228", "GB-EDU-125554"], "GB-EDU-125554"),
        (["360G-ALWF-123", "ZZ-UNKNOWN-1"], "ZZ-UNKNOWN-1"),  # any register before a made-up id
        (["360G-ALWF-123", "GB-LOCAL-0123456789"], "GB-LOCAL-0123456789"),
        ([], ""),
    ],
)
def test_the_preferred_org_id(org_ids: list[str], canonical: str) -> None:
    assert canonical_org_id(org_ids) == canonical


def test_an_organisation_first_known_by_its_company_shows_its_charity_number_once_it_is_known() -> None:
    body = OrganisationFactory.create(name="Cancer Lifeline", org_ids=["GB-COH-NI070807", "GB-NIC-100002"])
    assert canonical_identifiers_refresh([body.pk]) == 1
    assert list(body.identifiers.filter(is_primary=True).values_list("org_id", flat=True)) == [
        "GB-NIC-100002"
    ]
    assert canonical_identifiers_refresh([body.pk]) == 0


def test_an_import_joining_a_charity_to_a_company_already_held_makes_the_charity_number_canonical(
    demo_data_dir: Path, tmp_path: Path
) -> None:
    """Companies House first, the charity register second: the regulator's id wins, not the order."""
    import_source("companies", demo_data_dir / "BasicCompanyData-2020-06-01-sample.csv")
    company = (
        OrgIdentifier.objects.filter(org_id__startswith="GB-COH-").select_related("organisation").first()
    )
    assert company is not None
    charity_list = tmp_path / "charities.csv"
    charity_list.write_text(f"org_id,name,company_number\nGB-CHC-1234567,{company.organisation.name},"
                            f"{company.value}\n", encoding="utf-8")  # fmt: skip
    import_source("csv", charity_list)
    joined = organisation(company.org_id)
    assert joined.identifiers.get(is_primary=True).org_id == "GB-CHC-1234567"
