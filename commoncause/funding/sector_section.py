"""What funding adds to a council's state-of-the-local-sector report: the grants its organisations
received, by funder and year, from the 360Giving files loaded, named as the source."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from uuid import UUID

from django.db.models import Count, Sum

from commoncause.funding.charts import grants_chart_svg, grants_summary
from commoncause.funding.models import Grant
from commoncause.funding.selectors import TOTAL_CURRENCY, FunderYear
from commoncause.places.report_sections import ReportPart, ReportSection
from commoncause.places.sector import Cell, Column, ReportScope, SourceFile, Table
from commoncause.register.models import ImportRun

CHUNK = 5_000  # recipients per query: well under the databases' parameter limits
KIND = "360giving"


def received_by_funder_and_year_among(organisation_ids: Sequence[UUID]) -> list[FunderYear]:
    """Grants in pounds received by any of these organisations, by funder and year, oldest year first
    (the demo's examples left out: a report's figures are real funders' grants only)."""
    totals: dict[tuple[int, str], tuple[Decimal, int]] = {}
    for at in range(0, len(organisation_ids), CHUNK):
        rows = (
            Grant.objects.filter(
                recipient_id__in=organisation_ids[at : at + CHUNK], currency=TOTAL_CURRENCY, is_example=False
            )
            .values("funder_name", "award_date__year")
            .annotate(total=Sum("amount_awarded"), count=Count("pk"))
        )
        for row in rows:
            key = (row["award_date__year"], row["funder_name"])
            total, count = totals.get(key, (Decimal(0), 0))
            totals[key] = (total + row["total"], count + row["count"])
    return [
        FunderYear(funder, year, total, count) for (year, funder), (total, count) in sorted(totals.items())
    ]


def recipients_among(organisation_ids: Sequence[UUID]) -> int:
    """How many of these organisations received a published grant (in any currency)."""
    found: set[UUID] = set()
    for at in range(0, len(organisation_ids), CHUNK):
        grants = Grant.objects.filter(recipient_id__in=organisation_ids[at : at + CHUNK], is_example=False)
        found.update(pk for pk in grants.values_list("recipient_id", flat=True).distinct() if pk is not None)
    return len(found)


def grants_files() -> tuple[SourceFile, ...]:
    """Every 360Giving file loaded (the newest import of each): the grants the figures were found in."""
    newest: dict[str, ImportRun] = {}
    for run in ImportRun.objects.filter(kind=KIND).order_by("started_at"):
        newest[run.file_name] = run
    return tuple(
        SourceFile(
            "360Giving grants", run.kind, run.file_name, run.extract_date, run.finished_at or run.started_at
        )
        for run in sorted(newest.values(), key=lambda run: run.file_name)
    )


def grants_section(scope: ReportScope, nonce: str) -> ReportSection:
    """Grants received by the council's organisations, by funder and year."""
    rows = received_by_funder_and_year_among(scope.organisation_ids)
    name = f"Organisations in {scope.council_name}"
    summary = (
        grants_summary(rows, name=name) if rows else "No published grants to these organisations are known."
    )
    if rows:
        recipients = recipients_among(scope.organisation_ids)
        summary += (
            f" {recipients:,} of the {len(scope.organisation_ids):,} organisations received at least one."
        )
    columns = (Column("Year", "text"), Column("Funder", "text"), Column("Grants"), Column("Total", "money"))
    cells: tuple[tuple[Cell, ...], ...] = tuple((str(r.year), r.funder, r.count, r.total) for r in rows)
    files = grants_files()
    notes: tuple[str, ...] = (
        "Grants as their funders published them in the 360Giving Data Standard; only grants in pounds are "
        "added up.",
    )
    if not files:
        notes += ("No 360Giving file has been loaded.",)
    return ReportSection(
        name="grants", title="Grants received", summary=summary,
        chart=grants_chart_svg(rows, title=f"Grants received by {name.lower()}", name=name, nonce=nonce),
        table=Table("grants", f"Grants received by {name.lower()}, by year and funder", columns, cells),
        sources=files, notes=notes,
    )  # fmt: skip


# After where income comes from (60), before staff and volunteers (70).
GRANTS_REPORT_SECTION = ReportPart(name="grants", order=65, build=grants_section)
