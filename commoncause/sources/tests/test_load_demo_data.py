"""`manage.py load_demo_data [--once]`: the demo register that `make run` loads."""

from io import StringIO

import pytest
from django.core.management import call_command

from commoncause.register.models import ImportRun, Organisation
from commoncause.sources.tests.importing import organisation, register_counts

pytestmark = pytest.mark.django_db


def load_demo_data(*options: str) -> str:
    out = StringIO()
    call_command("load_demo_data", "--no-progress", *options, stdout=out)
    return out.getvalue()


def test_demo_data_loads_the_three_real_samples():
    output = load_demo_data("--once")

    assert sorted(ImportRun.objects.values_list("kind", "file_name")) == [
        ("ccni", "ccni-charitydetails-sample.csv"),
        ("companies", "BasicCompanyData-2020-06-01-sample.csv"),
        ("csv", "ukcat_sample_ccew_2000.csv"),
    ]
    assert Organisation.objects.count() == 364 + 2000 + 77
    assert organisation("GB-NIC-100002").latest_income == 462154
    assert organisation("GB-CHC-1024664").name == "BOB CHAMPION CANCER TRUST"
    assert organisation("GB-COH-11501421").name == "VOICE EDUCATION C.I.C."
    assert "Imported ccni from ccni-charitydetails-sample.csv: 364 created" in output


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
    assert Organisation.objects.count() == 364 + 2000 + 77
    assert ImportRun.objects.count() == 6
