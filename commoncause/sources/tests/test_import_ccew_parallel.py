"""A big CCEW extract is read by two processes and written bucket by bucket: the register comes out
exactly as when one process does it all."""

import pytest

from commoncause.register.models import Organisation
from commoncause.sources.ccew import partition
from commoncause.sources.tests.ccew_extract import (
    TEXT_EXTRACT,
    change_lines,
    copy_extract,
    import_ccew,
    register_contents,
)

pytestmark = pytest.mark.django_db


def import_in_one_process() -> dict[str, list]:
    import_ccew(TEXT_EXTRACT)
    contents = register_contents()
    Organisation.objects.all().delete()
    return contents


def test_reading_in_workers_and_many_buckets_gives_the_same_register(monkeypatch, settings):
    expected = import_in_one_process()
    settings.CCEW_PARALLEL_BYTES = 0
    monkeypatch.setattr(partition, "BUCKET_BYTES", 100_000)

    run = import_ccew(TEXT_EXTRACT)

    assert (run.created, run.rows_read) == (572, 7830)
    assert register_contents() == expected


def test_a_problem_found_by_a_worker_names_file_row_and_field(settings, tmp_path):
    settings.CCEW_PARALLEL_BYTES = 0
    folder = copy_extract(tmp_path)
    change_lines(
        folder, "charity_policy", lambda lines: [*lines[:3], "2023-13-07" + lines[3][10:], *lines[4:]]
    )

    with pytest.raises(
        Exception, match=r"publicextract\.charity_policy\.zip, row 4, field 'date_of_extract'"
    ):
        import_ccew(folder)
    assert Organisation.objects.count() == 0
