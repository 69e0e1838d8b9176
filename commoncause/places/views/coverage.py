"""Coverage pages: the councils whose wards are loaded; a council's wards by theme with its map, gaps and
duplication; one gap with the organisations that could fill it; every table as CSV. Thin: parse, call the
selectors, render. Public: the figures count organisations of the open registers, and name no person."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render

from commoncause.accounts.access import access
from commoncause.accounts.roles import OFFICER, PUBLIC, has_role
from commoncause.accounts.selectors import officer_area_codes
from commoncause.places.coverage import Coverage, find_duplication, find_gaps
from commoncause.places.coverage_tables import (
    MEASURES,
    finding_for,
    findings_table,
    gaps_by_ward,
    matrix_table,
    measure_for,
    table_csv,
    ward_figure,
    ward_theme_lists,
    ward_theme_table,
)
from commoncause.places.models import Area
from commoncause.places.selectors import (
    council_coverage,
    council_of,
    councils_with_wards,
    wards_with_boundaries,
)
from commoncause.places.ward_map import ward_map_svg
from commoncause.register.downloads import csv_response, site_address


def _council(code: str) -> Area:
    council = council_of(code)
    if council is None:
        raise Http404("No council has that code.")
    return council


@access(PUBLIC)
def council_list(request: HttpRequest) -> HttpResponseBase:
    """The councils whose wards are loaded; an officer goes straight to their own council's coverage."""
    councils = councils_with_wards()
    if request.user.is_authenticated and has_role(request.user, OFFICER) and "all" not in request.GET:
        codes = {council.code for council in councils}
        own = [code for code in officer_area_codes(request.user) if code in codes]
        if own:
            return redirect("places:coverage", code=own[0])
    return render(request, "places/council_list.html", {"councils": councils})


def _map_choice(request: HttpRequest, coverage: Coverage) -> tuple[str, str, dict[str, str] | None]:
    """The measure and theme asked for, or the defaults and an error naming the field."""
    measure, theme = request.GET.get("measure", "deprivation"), request.GET.get("theme", "")
    if measure not in MEASURES:
        return (
            "deprivation",
            theme,
            {"field": "measure", "message": "Choose what the map shows from the list"},
        )
    if measure == "theme" and coverage.theme(theme) is None:
        return "deprivation", theme, {"field": "theme", "message": "Choose a theme from the list"}
    return measure, theme, None


@access(PUBLIC)
def coverage(request: HttpRequest, code: str) -> HttpResponse:
    council = _council(code)
    found = council_coverage(council)
    measure_name, theme, error = _map_choice(request, found)
    measure = measure_for(found, measure_name, theme)
    wards = wards_with_boundaries(council.code)
    context = {
        "council": council,
        "coverage": found,
        "measure_name": measure_name,
        "measure": measure,
        "measures": MEASURES,
        "theme": theme,
        "error": error,
        "map_svg": ward_map_svg(wards, measure),
        "figures": [(row, ward_figure(row, measure)) for row in found.wards],
        "matrix": matrix_table(found),
        "gaps": (gaps := find_gaps(found)),
        "gaps_by_ward": gaps_by_ward(gaps),
        "duplication": find_duplication(found),
    }
    template = "places/_coverage_map.html" if request.headers.get("HX-Request") else "places/coverage.html"
    return render(request, template, context, status=400 if error else 200)


@access(PUBLIC)
def coverage_csv(request: HttpRequest, code: str, table: str) -> HttpResponseBase:
    council = _council(code)
    found = council_coverage(council)
    if table == "gaps":
        rows = findings_table(find_gaps(found))
    elif table == "duplication":
        rows = findings_table(find_duplication(found))
    else:
        rows = matrix_table(found)
    return csv_response(table_csv(rows), f"{council.code}-{table}.csv")


@access(PUBLIC)
def ward_theme(request: HttpRequest, code: str, ward: str, theme: str, csv: bool = False) -> HttpResponseBase:
    """One ward and theme: the organisations based there and serving it, and, when it is a gap, why,
    with the council's organisations working on the theme in its other wards (who could reach it)."""
    council = _council(code)
    found = council_coverage(council)
    row, chosen = found.ward(ward), found.theme(theme)
    if row is None or chosen is None:
        raise Http404("The council has no such ward, or there is no such theme.")
    gap = finding_for(find_gaps(found), ward, theme)
    duplication = finding_for(find_duplication(found), ward, theme)
    lists = ward_theme_lists(row, chosen, gap)
    if csv:
        table = ward_theme_table(lists, site_address(request))
        return csv_response(table_csv(table), f"{council.code}-{ward}-{theme}.csv")
    context = {
        "council": council, "row": row, "theme": chosen, "cell": row.cells[theme], "gap": gap,
        "duplication": duplication, "lists": lists,
    }  # fmt: skip
    return render(request, "places/ward_theme.html", context)
