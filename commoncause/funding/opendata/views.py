"""Open data downloads: the awards published as grants as 360Giving data (JSON package or spreadsheet),
and the contracts as an OCDS release package. Public: awards and published opportunities are.

`?council=<slug>` narrows a download to one council's. Example records are included and marked.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from commoncause.accounts.access import access
from commoncause.accounts.curation import DecisionError
from commoncause.accounts.models import Council
from commoncause.accounts.roles import PUBLIC
from commoncause.funding.opendata.ocds import contracts_published, ocds_package
from commoncause.funding.opendata.publisher import council_by_slug
from commoncause.funding.opendata.threesixty_out import grants_published, threesixty_package, xlsx_bytes
from commoncause.register.downloads import site_address

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@access(PUBLIC)
def export_360giving_json(request: HttpRequest) -> HttpResponse:
    """The awards published as grants, as a 360Giving JSON package."""
    package = _grants_package(request)
    return _download(_json_bytes(package), "application/json", _file_name(request, "360giving", "json"))


@access(PUBLIC)
def export_360giving_xlsx(request: HttpRequest) -> HttpResponse:
    """The same grants as a 360Giving spreadsheet, with the standard's column titles."""
    package = _grants_package(request)
    return _download(xlsx_bytes(package), XLSX, _file_name(request, "360giving", "xlsx"))


@access(PUBLIC)
def export_ocds(request: HttpRequest) -> HttpResponse:
    """The published contracts as an Open Contracting (OCDS 1.1) release package."""
    council = _council(request)
    opportunities = contracts_published(council=council)
    if not opportunities.exists():
        raise Http404("No contract has been published yet.")
    package = ocds_package(opportunities, council=council, address=site_address(request))
    return _download(_json_bytes(package), "application/json", _file_name(request, "ocds", "json"))


def _grants_package(request: HttpRequest) -> dict[str, Any]:
    council = _council(request)
    grants = grants_published(council=council)
    if not grants.exists():
        raise Http404("No award has been published as a grant yet.")
    return threesixty_package(grants, council=council, address=site_address(request))


def _council(request: HttpRequest) -> Council | None:
    try:
        return council_by_slug(request.GET.get("council"))
    except DecisionError:
        raise Http404("No council has that slug.") from None


def _file_name(request: HttpRequest, stem: str, extension: str) -> str:
    slug = "".join(c for c in request.GET.get("council", "") if c.isalnum() or c == "-")
    return f"{stem}-{slug}.{extension}" if slug else f"{stem}.{extension}"


def _json_bytes(package: dict[str, Any]) -> bytes:
    return json.dumps(package, indent=2, ensure_ascii=False).encode("utf-8")


def _download(content: bytes, content_type: str, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
