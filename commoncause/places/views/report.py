"""The state of the local sector: a council's printable report, and each of its tables as CSV.

Public: the figures are about organisations, from open registers, and name no person. Thin: find the
council, build the sections (report_sections.py), render.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from commoncause.accounts.access import access
from commoncause.accounts.roles import PUBLIC
from commoncause.core.charts import csp_nonce
from commoncause.core.sections import Section
from commoncause.places.models import Area
from commoncause.places.report_sections import report_build, report_part, table_csv
from commoncause.places.sector import council_by_code, councils_of_staff, is_council, report_scope


def _council_or_answer(request: HttpRequest, code: str) -> Area | HttpResponse:
    """The council with this code; for a ward's or small area's code, a page saying it is not one."""
    area = council_by_code(code)
    if area is None:
        raise Http404("No council has that code.")
    if is_council(area):
        return area
    council = council_by_code(area.parent_code) if area.parent_code else None
    context = {"area": area, "council": council if council and is_council(council) else None}
    return render(request, "places/report_not_council.html", context, status=404)


@access(PUBLIC)
def sector_report(request: HttpRequest, code: str) -> HttpResponse:
    """The state of the council's local sector, for the screen and for print."""
    council = _council_or_answer(request, code)
    if isinstance(council, HttpResponse):
        return council
    scope = report_scope(council)
    sections = report_build(scope, nonce=csp_nonce(request))
    return render(request, "places/report.html", {"council": council, "scope": scope, "sections": sections})


@access(PUBLIC)
def sector_report_csv(request: HttpRequest, code: str, table: str) -> HttpResponse:
    """One table of the report as a CSV file, named by the council, the table and the day drawn."""
    part = report_part(table)
    if part is None:
        raise Http404("The report has no table of that name.")
    council = _council_or_answer(request, code)
    if isinstance(council, HttpResponse):
        return council
    scope = report_scope(council)
    section = part.build(scope, "")
    response = HttpResponse(table_csv(section.table), content_type="text/csv; charset=utf-8")
    name = f"{council.code}-{section.table.name}-{scope.drawn_at:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def account_reports(request: HttpRequest, user: User | AnonymousUser) -> dict[str, Any] | None:
    """Links to the reports of the councils the person works for; nothing for anyone else."""
    councils = councils_of_staff(user) if isinstance(user, User) else []
    return {"report_councils": councils} if councils else None


# On the account page, under the person's roles: the state of the local sector of each council.
ACCOUNT_REPORTS_SECTION = Section(
    name="sector_reports", slot="after_details", order=20,
    template="places/report_account_links.html", context=account_reports,
)  # fmt: skip
