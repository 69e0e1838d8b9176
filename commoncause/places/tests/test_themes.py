import csv
from pathlib import Path

import pytest
from django.conf import settings

from commoncause.places.themes import organisation_themes, theme_by_code, themes, themes_of_codes
from commoncause.register.models import Classification
from commoncause.register.tests.factories import OrganisationFactory

REFERENCE = Path(settings.DATA_DIR) / "reference"


def _codes(name: str, column: str) -> set[str]:
    with (REFERENCE / name).open(encoding="utf-8-sig", newline="") as handle:
        return {row[column] for row in csv.DictReader(handle)}


def test_every_theme_is_made_of_real_codes():
    ccew = _codes("classification-ccew.csv", "code")
    ukcat = _codes("ukcat_codes.csv", "Code")
    assert len(themes()) >= 15
    for theme in themes():
        assert theme.kind in {"who", "what"}, theme
        assert theme.ccew or theme.ukcat, theme
        assert theme.ccew <= ccew, theme
        for entry in theme.ukcat:  # a tag, or a category that has tags under it
            assert any(code.startswith(entry) for code in ukcat), (theme.code, entry)


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        ([("ukcat", "HE101")], {"health"}),
        ([("ccew", "201")], {"children"}),
        ([("ukcat", "BE115")], {"children"}),
        ([("ukcat", "SC103")], {"children", "care"}),  # children in care: both
        ([("ccew", "104"), ("ukcat", "ED103")], {"disabled", "education"}),
        ([("ccew", "101"), ("ukcat", "CA202")], set()),  # general purposes and grant-making are no theme
        ([("icnptso", "E21")], set()),
    ],
)
def test_classifications_fall_under_their_themes(codes, expected):
    assert themes_of_codes(codes) == expected


def test_a_category_prefix_does_not_reach_a_neighbouring_tag():
    # HE covers health tags, not HO (housing) or HR (heritage)
    assert themes_of_codes([("ukcat", "HO101")]) == {"housing"}
    assert themes_of_codes([("ukcat", "HR103")]) == {"arts"}


@pytest.mark.django_db
def test_organisation_themes_read_the_classifications():
    helped, plain = OrganisationFactory.create(), OrganisationFactory.create()
    Classification.objects.create(organisation=helped, scheme="ukcat", code="BE108", source="ukcat")
    Classification.objects.create(organisation=helped, scheme="ccew", code="107", source="ccew")
    Classification.objects.create(organisation=plain, scheme="ccew", code="101", source="ccew")
    found = organisation_themes([helped.pk, plain.pk])
    assert found == {helped.pk: {"older", "housing"}}
    older = theme_by_code("older")
    assert older is not None
    assert older.label == "Older people"
    assert theme_by_code("nothing") is None
