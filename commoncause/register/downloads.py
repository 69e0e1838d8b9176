"""Search results as CSV: every result (not a page), in the order the search gives them, streamed.

Read a thousand organisations at a time, so a download of the whole national register holds a
thousand rows at once. Only the register's public facts are written: no person is named. A cell
that a spreadsheet would read as a formula (starting `=`, `+`, `-`, `@`) is written with a leading
apostrophe, as is usual for CSV downloads.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any  # csv's writer type is private to typeshed

from django.http import HttpRequest, StreamingHttpResponse

from commoncause.register.search.engine import hits_for_documents, indexed_search
from commoncause.register.search.types import OrganisationHit, SearchQuery

CHUNK = 1_000
COLUMNS = (
    "name", "org_id", "other_org_ids", "legal_form", "status", "latest_income", "latest_financial_year_end",
    "income_band", "postcode", "activities", "last_confirmed", "url",
)  # fmt: skip
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Line:
    """What csv.writer writes to: each row handed back as the text of one line."""

    def write(self, text: str) -> str:
        return text


def csv_writer() -> Any:
    """A csv writer whose `writerow` hands back the line it wrote (for streaming a download)."""
    return csv.writer(_Line())


def csv_cell(value: object) -> str:
    """A value as a CSV cell: text a spreadsheet would run as a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not text.lstrip("-").replace(".", "", 1).isdigit():
        return f"'{text}"
    return text


def _row(hit: OrganisationHit, site: str) -> list[str]:
    org_id = hit.org_ids[0] if hit.org_ids else ""
    year_end, confirmed = hit.latest_financial_year_end, hit.last_confirmed
    values = (
        hit.name, org_id, " ".join(hit.org_ids[1:]), hit.legal_form, hit.status, hit.latest_income,
        year_end.isoformat() if year_end else "", hit.income_band, hit.postcode, hit.activities,
        confirmed.isoformat() if confirmed else "", f"{site}/organisations/{org_id or hit.id}/",
    )  # fmt: skip
    return [csv_cell(value) for value in values]


def organisations_csv(query: SearchQuery, site: str) -> Iterator[str]:
    """The CSV of every organisation the search finds, line by line; `site` is the address pages are at."""
    writer = csv_writer()
    yield writer.writerow(COLUMNS)
    documents = indexed_search(query, every_document=True).documents
    for start in range(0, len(documents), CHUNK):
        for hit in hits_for_documents(list(documents[start : start + CHUNK])):
            yield writer.writerow(_row(hit, site))


def csv_file_name(query: SearchQuery) -> str:
    """A name for the download that says what it holds: 'organisations-cancer-lifeline.csv'."""
    words = "-".join("".join(c for c in word if c.isalnum()) for word in query.q.lower().split())[:60].strip(
        "-"
    )
    return f"organisations-{words}.csv" if words else "organisations.csv"


def site_address(request: HttpRequest) -> str:
    """Where the service's pages are, as the person reached it ('https://register.example.org')."""
    return request.build_absolute_uri("/").rstrip("/")


def wants_csv(request: HttpRequest) -> bool:
    """Whether an API request asks for CSV in its Accept header."""
    return "text/csv" in request.headers.get("Accept", "")


def csv_response(lines: Iterator[str], file_name: str) -> StreamingHttpResponse:
    """A CSV download, streamed as it is written."""
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
