"""A feed's organisations linked to the register's (by identifier, by name and postcode) and its
locations placed: coordinates outside the UK fall back to the postcode's point, service areas named
by their GSS code or exact name."""

import json
from pathlib import Path
from typing import Any

import pytest

from commoncause.linkage.models import LinkCandidate
from commoncause.places.models import Area, AreaType, Postcode
from commoncause.register.models import Organisation, OrgIdentifier
from commoncause.services.models import FeedOrganisation, Location, Service, ServiceArea
from commoncause.services.tests.import_feeds import feed_import, mock_copy

pytestmark = pytest.mark.django_db
FEED_ORGANISATION = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"


def _in_westminster(document: dict[str, Any]) -> None:
    """The example service at a physical address in Westminster, its coordinates still 100, 101."""
    address = document["service_at_locations"][0]["location"]["addresses"][0]
    address.update(address_type="physical", postal_code="sw1a 2aa", country="GB")
    document["service_areas"][0].update(name="Westminster", uri="")
    document["service_areas"].append({"id": "c2bd1c1e-6a7e-4a55-8a56-3a9e8b0f4d21", "name": "St James's",
                                      "uri": "https://example.org/areas/E05013806"})  # fmt: skip


def _feed(tmp_path: Path) -> Path:
    folder = mock_copy("Default", tmp_path, change=_in_westminster)
    # The feed's organisation is given by one document only, the one the service holds.
    for name in ("organization.json", "organization_list.json"):
        (folder / name).unlink()
    return folder


@pytest.fixture
def westminster() -> None:
    Postcode.objects.create(postcode="SW1A 2AA", latitude=51.50354, longitude=-0.127695,
                            local_authority="E09000033")  # fmt: skip
    Area.objects.create(
        code="E09000033", vintage="2025", area_type=AreaType.LOCAL_AUTHORITY, name="Westminster"
    )
    Area.objects.create(code="E05013806", vintage="2025", area_type=AreaType.WARD, name="St James's",
                        parent_code="E09000033")  # fmt: skip


def test_coordinates_outside_the_uk_fall_back_to_the_postcode(tmp_path: Path, westminster: None) -> None:
    run = feed_import(_feed(tmp_path))
    location = Location.objects.get()
    assert location.postcode == "SW1A 2AA"
    assert (location.point_lat, location.point_lon) == (51.50354, -0.127695)
    assert location.council_code == "E09000033"
    assert "1 of 1 locations were placed in a council" in run.notes
    assert "1 gave coordinates outside the UK" in run.notes


def test_service_areas_get_the_gss_code_they_name(tmp_path: Path, westminster: None) -> None:
    feed_import(_feed(tmp_path))
    codes = dict(ServiceArea.objects.values_list("name", "gss_code"))
    assert codes == {"Westminster": "E09000033", "St James's": "E05013806"}


def test_an_organisation_is_linked_by_the_identifier_it_gives(tmp_path: Path) -> None:
    company = Organisation.objects.create(name="Example Organisation Incorporated")
    OrgIdentifier.objects.create(
        organisation=company, org_id="GB-COH-1234567", scheme="GB-COH", value="1234567"
    )
    feed_import(_feed(tmp_path))
    assert Service.objects.get().organisation == company
    linked = FeedOrganisation.objects.get(pk=FEED_ORGANISATION)
    assert (linked.organisation, linked.how) == (company, "by its identifier GB-COH-1234567")
    assert Organisation.objects.count() == 1
    assert company.source_records.get().source == "oruk"


def test_an_organisation_with_no_identifier_is_linked_by_name_and_postcode(
    tmp_path: Path, westminster: None
) -> None:
    group = Organisation.objects.create(name="Example Organization Inc.", postcode="SW1A 2AA",
                                        website="http://example.com")  # fmt: skip
    folder = _feed(tmp_path)
    document = json.loads((folder / "service_full.json").read_text(encoding="utf-8"))
    document["organization"].pop("organization_identifiers")
    (folder / "service_full.json").write_text(json.dumps(document), encoding="utf-8")
    feed_import(folder)
    assert Service.objects.get().organisation == group
    assert FeedOrganisation.objects.get().how == "by name and postcode (a certain match)"


def test_an_organisation_found_by_no_means_is_made_and_the_next_import_finds_it_again(tmp_path: Path) -> None:
    first = feed_import(_feed(tmp_path))
    made = Service.objects.get().organisation
    assert made is not None
    assert made.identifiers.filter(org_id__startswith="GB-LOCAL-").exists()
    assert "1 made new to the register" in first.notes
    again = feed_import(_feed(tmp_path / "again"))
    assert Service.objects.get().organisation == made
    assert "linked by an identifier" in again.notes or "linked as an earlier import did" in again.notes
    assert not LinkCandidate.objects.exists()
