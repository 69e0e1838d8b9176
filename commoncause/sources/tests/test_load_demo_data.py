"""`manage.py load_demo_data [--once]`: the demo register that `make run` loads, with two trusts' grants
and the demo council's geography."""

from io import StringIO

import pytest
from django.core.management import call_command

from commoncause.places.models import OrganisationPlace
from commoncause.register.models import ImportRun, Organisation
from commoncause.sources.demo import DEMO_FILES
from commoncause.sources.tests.importing import organisation, register_counts

pytestmark = pytest.mark.django_db


def load_demo_data(*options: str) -> str:
    out = StringIO()
    call_command("load_demo_data", "--no-progress", *options, stdout=out)
    return out.getvalue()


# The three register samples, the funders and recipients of the two trusts' grants files that are in
# none of them, and the demo council as the funder of the example grants it awards through the service.
DEMO_ORGANISATIONS = 364 + 2000 + 77 + 602 + 1


def test_demo_data_loads_the_three_real_samples_grants_and_the_demo_councils_geography():
    output = load_demo_data("--once")

    assert sorted(ImportRun.objects.values_list("kind", "file_name")) == [
        ("360giving", "abct-360giving-grants-2021.xlsx"),
        ("360giving", "alwf-360giving-grants-2021-02.json"),
        ("ccni", "ccni-charitydetails-sample.csv"),
        ("companies", "BasicCompanyData-2020-06-01-sample.csv"),
        ("csv", "ukcat_sample_ccew_2000.csv"),
        ("imd", "File_2_-_IoD2019_Domains_of_Deprivation_E09000033.csv"),
        ("imd", "File_6_-_IoD2019_Population_Denominators_E09000033.csv"),
        ("lsoa", "E09000033_lsoa11.geojson"),
        ("lsoa", "lsoa_to_ward25_E09000033_derived.csv"),
        ("postcodes", "charity_postcodes.csv"),
        ("wards", "E09000033_ward.geojson"),
    ]
    assert Organisation.objects.count() == DEMO_ORGANISATIONS
    assert organisation("GB-NIC-100002").latest_income == 462154
    assert organisation("GB-CHC-1024664").name == "BOB CHAMPION CANCER TRUST"
    assert organisation("GB-COH-11501421").name == "VOICE EDUCATION C.I.C."
    assert "Imported ccni from ccni-charitydetails-sample.csv: 364 created" in output
    assert "Placed the organisations by postcode: " in output
    assert OrganisationPlace.objects.filter(local_authority="E09000033").count() > 50  # the demo council's


def test_second_load_with_once_does_nothing_and_says_so(django_assert_max_num_queries):
    load_demo_data("--once")
    before = register_counts()

    with django_assert_max_num_queries(3):
        output = load_demo_data("--once")

    assert output.startswith("Demo data already loaded")
    assert "nothing to do" in output
    assert register_counts() == before


def test_load_without_once_imports_again_and_changes_nothing():
    load_demo_data()

    output = load_demo_data()

    assert "0 created, 0 updated, 2000 unchanged" in output
    assert Organisation.objects.count() == DEMO_ORGANISATIONS
    assert ImportRun.objects.count() == 2 * len(DEMO_FILES)
