"""The finances chart: one accessible image, described in words, drawn from local code only."""

import datetime as dt
import re

from commoncause.core.charts import short_money
from commoncause.register.charts import YearFigures, finances_chart_svg, finances_summary

TWO_YEARS = (
    YearFigures(dt.date(2022, 3, 31), 401_200, 390_000),
    YearFigures(dt.date(2023, 3, 31), 462_154, 469_480),
)


def test_chart_is_one_image_named_by_its_title_and_described_by_its_summary():
    svg = finances_chart_svg(TWO_YEARS, title="Income and spending of Cancer Lifeline")
    found = re.search(r'<svg [^>]*id="([^"]+)"', svg)
    assert found, "the chart has an id"
    chart_id = found.group(1)
    assert svg.startswith(
        f'<svg role="img" focusable="false" aria-labelledby="{chart_id}-title" '
        f'aria-describedby="{chart_id}-desc"'
    )
    assert f'<title id="{chart_id}-title">Income and spending of Cancer Lifeline</title>' in svg
    assert f'<desc id="{chart_id}-desc">{finances_summary(TWO_YEARS)}</desc>' in svg


def test_chart_runs_no_script_and_loads_nothing():
    svg = finances_chart_svg(TWO_YEARS, title="Income and spending")
    assert "<script" not in svg
    assert "http://" not in svg.replace("http://www.w3.org/", "")
    assert "https://" not in svg


def test_chart_labels_each_year_by_the_month_it_ends():
    svg = finances_chart_svg(TWO_YEARS, title="Income and spending")
    assert ">Mar 2022</text>" in svg
    assert ">Mar 2023</text>" in svg


def test_summary_says_how_income_changed_over_the_years_shown():
    assert finances_summary(TWO_YEARS) == (
        "In the year ending 31 March 2023, income was £462,154 and spending £469,480. "
        "Over the 2 years shown, income rose from £401,200 (year ending 31 March 2022) to £462,154."
    )


def test_summary_says_when_nothing_was_published():
    assert finances_summary(()) == "No financial figures have been published."
    assert finances_chart_svg((), title="Income and spending") == ""


def test_one_year_is_told_in_words_and_not_drawn():
    one_year = TWO_YEARS[1:]
    assert finances_chart_svg(one_year, title="Income and spending") == ""
    assert (
        finances_summary(one_year)
        == "In the year ending 31 March 2023, income was £462,154 and spending £469,480."
    )


def test_axis_amounts_are_short():
    assert [short_money(v) for v in (950, 46_000, 1_200_000, 3_000_000_000, -18_235)] == [
        "£950",
        "£46k",
        "£1.2m",
        "£3bn",
        "-£18k",
    ]
