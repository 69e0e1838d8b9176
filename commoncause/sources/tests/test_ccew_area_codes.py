"""CCEW's areas of operation carry the GSS code of the council, region or nation they name, through the
Charity Commission's own lookup (`data/reference/cc-aoo-gss-iso.csv`), on the real extract sample."""

import pytest
from django.db.models import Q

from commoncause.register.models import AreaOfOperation
from commoncause.sources.ccew.state import gss_codes
from commoncause.sources.tests.ccew_extract import TEXT_EXTRACT, import_ccew


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("THROUGHOUT ENGLAND AND WALES", "K04000001"),
        ("THROUGHOUT WALES", "W92000004"),
        ("THROUGHOUT LONDON", "E12000007"),  # the region
        ("GREATER MANCHESTER", "E11000001"),  # C-21: a metropolitan county
        ("LIVERPOOL CITY", "E08000012"),  # B-51, as the extract names it
        ("LIVERPOOL", "E08000012"),  # … and as the lookup's sort name gives it
        ("CITY OF WESTMINSTER", "E09000033"),  # B-14
        ("WREXHAM", "W06000006"),  # B-167: a Welsh council
        ("SURREY", "E10000030"),  # B-132: a county council
        ("CHESHIRE WEST & CHESTER", "E06000050"),  # B-197, whose name the lookup pads with spaces
        ("TELFORD & WREKIN", "E06000020"),  # B-190
        ("SCOTLAND", "S92000003"),  # D-234
        ("NORTHERN IRELAND", "N92000002"),  # D-235
    ],
)
def test_the_lookup_gives_councils_regions_and_nations_their_gss_code(name: str, code: str) -> None:
    assert gss_codes()[name] == code


def test_a_country_abroad_or_a_continent_has_no_gss_code() -> None:
    codes = gss_codes()
    assert "INDIA" not in codes
    assert "EUROPE" not in codes


@pytest.mark.django_db
def test_every_uk_area_of_the_real_extract_gets_its_gss_code() -> None:
    import_ccew(TEXT_EXTRACT)
    ccew = AreaOfOperation.objects.filter(source="ccew")
    uk = ccew.filter(
        Q(area_type__in=("Local Authority", "Region")) | Q(name__in=("Scotland", "Northern Ireland"))
    )

    assert uk.count() > 250
    assert list(uk.filter(gss_code="").values_list("name", flat=True)) == []
    assert set(ccew.filter(name="Scotland").values_list("gss_code", flat=True)) == {"S92000003"}
    assert set(ccew.filter(name="Northern Ireland").values_list("gss_code", flat=True)) == {"N92000002"}
    assert set(ccew.filter(name="Liverpool City").values_list("gss_code", flat=True)) == {"E08000012"}
    assert set(ccew.filter(name="Throughout London").values_list("gss_code", flat=True)) == {"E12000007"}
    abroad = ccew.filter(area_type="Country").exclude(
        name__in=("Scotland", "Northern Ireland", "Wales", "England")
    )
    assert abroad.exists()
    assert set(abroad.values_list("gss_code", flat=True)) == {""}
