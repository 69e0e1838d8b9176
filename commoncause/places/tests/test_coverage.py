"""Coverage of Westminster's wards by theme, on its real geography and the register sample's real
charities placed by postcode: counts by address and by area served kept apart, gaps in its deprived
wards, duplication where many are based, each with its reason."""

from collections import Counter
from uuid import UUID

import pytest

from commoncause.places.coverage import (
    DUPLICATION_AT_LEAST,
    GAP_MAX_DECILE,
    Coverage,
    OrganisationFacts,
    WardCoverage,
    WardFacts,
    coverage_compute,
    find_duplication,
    find_gaps,
)
from commoncause.places.models import Area, AreaLookup, OrganisationPlace, Postcode
from commoncause.places.selectors import (
    area_profile,
    areas_current,
    council_coverage,
    coverage_forget,
    ward_profiles,
)
from commoncause.places.services import organisations_place
from commoncause.places.tests.westminster import CHURCH_STREET, ST_JAMESS, WESTMINSTER
from commoncause.places.themes import organisation_themes, themes
from commoncause.register.models import AreaOfOperation, Organisation, OrganisationStatus
from commoncause.register.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _ward(coverage: Coverage, code: str) -> WardCoverage:
    row = coverage.ward(code)
    assert row is not None
    return row


def _uuids(ids: tuple[str, ...]) -> set[UUID]:
    return {UUID(text) for text in ids}


def test_every_placed_organisation_is_counted_once_in_its_ward(westminster) -> None:
    coverage = council_coverage(westminster)
    placed = Counter(
        OrganisationPlace.objects.filter(local_authority=WESTMINSTER).values_list("ward", flat=True)
    )

    assert len(coverage.wards) == 18
    assert {row.ward.code: row.based for row in coverage.wards if row.based} == dict(placed)
    assert coverage.organisations == sum(placed.values()) == 62
    assert all(row.serving == 0 for row in coverage.wards)  # the sample says nowhere it works
    st_james = _ward(coverage, ST_JAMESS)
    assert st_james is not None
    themed = organisation_themes(
        OrganisationPlace.objects.filter(ward=ST_JAMESS).values_list("organisation_id", flat=True)
    )
    for theme in themes():
        expected = sum(theme.code in found for found in themed.values())
        assert len(st_james.cells[theme.code].based) == expected, theme.code


def test_wards_carry_their_people_and_deprivation(westminster) -> None:
    coverage = council_coverage(westminster)
    church_street = _ward(coverage, CHURCH_STREET)
    profile = area_profile(Area.objects.get(code=CHURCH_STREET))

    assert church_street is not None
    assert church_street.ward.population == profile.population
    assert profile.deprivation is not None
    assert church_street.ward.decile == pytest.approx(profile.deprivation.decile)
    assert (church_street.ward.decile or 99) < 2  # among the most deprived tenth of England
    assert min(coverage.wards, key=lambda row: row.ward.decile or 99).ward.code == CHURCH_STREET


def test_ward_profiles_at_once_agree_with_one_at_a_time(westminster) -> None:
    wards = areas_current(area_type="ward", within=WESTMINSTER)
    together = ward_profiles(wards)
    for ward in wards:
        alone = area_profile(ward)
        assert together[ward.code].population == alone.population
        assert together[ward.code].deprivation == alone.deprivation


def test_areas_served_count_apart_from_addresses(westminster) -> None:
    whole, one_ward, old_ward = (OrganisationFactory.create(name=name) for name in ("A", "B", "C"))
    AreaOfOperation.objects.create(
        organisation=whole, name="Westminster", gss_code=WESTMINSTER, source="ccew"
    )
    AreaOfOperation.objects.create(
        organisation=one_ward, name="Church Street", gss_code=CHURCH_STREET, source="statement"
    )
    # an old ward code, mapped forward by its overlap with today's wards
    AreaOfOperation.objects.create(
        organisation=old_ward, name="Church Street (2002)", gss_code="E05000633", source="ccew"
    )
    AreaLookup.objects.create(
        from_code="E05000633",
        from_vintage="2002",
        to_code=CHURCH_STREET,
        to_vintage="2025",
        share=0.8,
        method="overlap",
    )
    AreaLookup.objects.create(
        from_code="E05000633",
        from_vintage="2002",
        to_code=ST_JAMESS,
        to_vintage="2025",
        share=0.05,
        method="overlap",
    )
    untagged = council_coverage(westminster)
    for organisation in (whole, one_ward, old_ward):  # individual poverty
        organisation.classifications.create(scheme="ukcat", code="SW105", source="ukcat")
    coverage = council_coverage(westminster)

    church_street = _ward(coverage, CHURCH_STREET)
    st_james = _ward(coverage, ST_JAMESS)
    assert _uuids(church_street.cells["poverty"].serving) == {whole.pk, one_ward.pk, old_ward.pk}
    assert _uuids(st_james.cells["poverty"].serving) == {whole.pk}  # 5% of the old ward is too little
    assert church_street.based == _ward(untagged, CHURCH_STREET).based  # none of them is based there
    assert church_street.serving == _ward(untagged, CHURCH_STREET).serving == 3
    assert coverage.organisations == untagged.organisations == 62 + 3
    assert not _ward(untagged, CHURCH_STREET).cells["poverty"].serving  # no theme until they have one


def test_removed_and_merged_organisations_are_not_counted(westminster) -> None:
    placed = list(OrganisationPlace.objects.filter(ward=ST_JAMESS).values_list("organisation_id", flat=True))
    before = _ward(council_coverage(westminster), ST_JAMESS).based
    Organisation.objects.filter(pk=placed[0]).update(status=OrganisationStatus.REMOVED)
    Organisation.objects.filter(pk=placed[1]).update(merged_into=Organisation.objects.get(pk=placed[2]))
    coverage_forget()  # changed straight in the database, where the services would refresh the index

    assert _ward(council_coverage(westminster), ST_JAMESS).based == before - 2


def test_gaps_are_deprived_wards_missing_a_theme_found_elsewhere(westminster) -> None:
    coverage = council_coverage(westminster)
    gaps = find_gaps(coverage)

    assert gaps
    for gap in gaps:
        assert gap.ward.decile is not None
        assert gap.ward.decile <= GAP_MAX_DECILE
        assert gap.either == 0
        assert gap.elsewhere > 0
        assert gap.elsewhere == len(gap.organisation_ids)
        assert gap.ward.name in gap.reason
        assert gap.theme.label.lower() in gap.reason
        assert f"{gap.elsewhere} organisation" in gap.reason
    assert gaps[0].ward.code == CHURCH_STREET  # the most deprived first
    assert {gap.ward.code for gap in gaps} <= {
        row.ward.code for row in coverage.wards if (row.ward.decile or 99) <= 3
    }


def test_a_theme_no_one_in_the_council_works_on_is_no_gap(westminster) -> None:
    coverage = council_coverage(westminster)
    absent = [t.code for t in coverage.themes if not any(row.cells[t.code].either for row in coverage.wards)]

    assert absent  # the sample has no armed forces charity in Westminster, for one
    assert not [gap for gap in find_gaps(coverage) if gap.theme.code in absent]


def test_duplication_is_many_based_in_one_ward_on_one_theme(westminster) -> None:
    coverage = council_coverage(westminster)
    found = find_duplication(coverage)

    assert found
    assert found[0].ward.code == ST_JAMESS
    for item in found:
        assert item.based >= DUPLICATION_AT_LEAST
        assert "single point of entry" in item.reason
        assert f"{item.based} organisations based in {item.ward.name}" in item.reason
    assert [item.based for item in found] == sorted((item.based for item in found), reverse=True)
    assert not find_duplication(coverage, at_least=1000)


def test_thresholds_widen_and_narrow_the_lists(westminster) -> None:
    coverage = council_coverage(westminster)

    assert len(find_gaps(coverage, max_decile=10)) > len(find_gaps(coverage))
    assert len(find_gaps(coverage, at_most=5)) >= len(find_gaps(coverage))
    assert not find_gaps(coverage, max_decile=0.5)


def test_an_organisation_outside_the_wards_is_not_counted() -> None:
    ward = WardFacts("E05000001", "Here", 1000, 1.0, 1.0)
    theme = themes()[0]
    elsewhere = OrganisationFacts(
        str(OrganisationFactory.build().pk), frozenset({theme.code}), "E05009999", frozenset()
    )
    nowhere = OrganisationFacts(
        str(OrganisationFactory.build().pk), frozenset({theme.code}), "", frozenset({"E05009999"})
    )

    coverage = coverage_compute([ward], [elsewhere, nowhere], themes())

    assert coverage.organisations == 0
    assert coverage.wards[0].cells[theme.code].either == 0
    assert coverage.wards[0].per_thousand == 0


def test_coverage_is_kept_until_the_data_changes(westminster) -> None:
    first = council_coverage(westminster)
    postcode = Postcode.objects.filter(ward=ST_JAMESS).values_list("postcode", flat=True).first()
    newcomer = OrganisationFactory.create(name="St James's Lunch Club", postcode=postcode)

    assert council_coverage(westminster) is first  # worked out once
    organisations_place([newcomer.pk])  # as the service does it: the search index moves on
    again = council_coverage(westminster)

    assert again is not first
    assert _ward(again, ST_JAMESS).based == _ward(first, ST_JAMESS).based + 1
