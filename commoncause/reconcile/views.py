"""`/reconcile`: OpenRefine's Reconciliation Service API 0.2 over the register (public, CORS open).

GET with no parameters gives the manifest; `queries=<json>` (GET or form POST) answers a batch;
`extend=<json>` fetches property values. Every question is checked against the API's schemas first;
a bad one gets a 400 with a JSON body saying what is wrong. JSONP (`callback=`) is answered for the
older clients that still ask for it.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from csp.decorators import csp_replace
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from commoncause.accounts.access import access
from commoncause.accounts.api_access import api_throttles
from commoncause.accounts.roles import PUBLIC
from commoncause.core.errors import upload_limit
from commoncause.reconcile import schemas, service
from commoncause.reconcile.index_cache import current_index
from commoncause.register import selectors
from commoncause.register.search.types import SearchParameterError, SearchQuery

CALLBACK = re.compile(r"^[A-Za-z_$][\w$.]{0,99}$")
SUGGESTED = 10
MOST_QUERIES = 100  # per batch (OpenRefine sends 10)
MOST_IDS = 500  # per data extension request


def _answer(request: HttpRequest, body: dict[str, Any], status: int = 200) -> HttpResponse:
    callback = request.GET.get("callback", "")
    if callback and CALLBACK.match(callback) and status == 200:
        response = HttpResponse(
            f"/**/{callback}({json.dumps(body)});", content_type="text/javascript; charset=utf-8"
        )
    else:
        response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _problem(request: HttpRequest, message: str, details: list[str] | None = None) -> HttpResponse:
    body: dict[str, Any] = {"status": "error", "message": message}
    if details:
        body["details"] = details
    return _answer(request, body, status=400)


def _throttled(request: HttpRequest) -> HttpResponse | None:
    """The JSON API's rate limits (per address, or per person signed in) apply here too."""
    for throttle in api_throttles():
        if not throttle.allow_request(request):
            wait = throttle.wait()
            response = _answer(request, {"status": "error", "message": "too many requests"}, status=429)
            if wait:
                response["Retry-After"] = str(math.ceil(wait))
            return response
    return None


def _too_big(request: HttpRequest) -> HttpResponse | None:
    """413 in JSON for a body over DATA_UPLOAD_MAX_MEMORY_SIZE, which Django refuses once it is read."""
    try:
        request.POST  # noqa: B018 (reading it is the check)
    except RequestDataTooBig:
        message = f"the request is over {upload_limit()}; send fewer queries"
        return _answer(request, {"status": "error", "message": message}, status=413)
    return None


def _parameter(request: HttpRequest, name: str) -> str | None:
    return request.POST.get(name) if name in request.POST else request.GET.get(name)


def _not_a_number(constant: str) -> Any:  # noqa: ANN401 (json's parse_constant hook)
    """NaN and Infinity are not JSON (RFC 8259), though Python's reader takes them."""
    raise ValueError(f"{constant} is not a JSON number")


def _json(request: HttpRequest, name: str, schema: str) -> tuple[Any, HttpResponse | None]:
    try:
        document = json.loads(_parameter(request, name) or "", parse_constant=_not_a_number)
    except json.JSONDecodeError as error:
        return None, _problem(request, f"{name} is not JSON: {error.msg} at character {error.pos}")
    except ValueError as error:
        return None, _problem(request, f"{name} is not JSON: {error}")
    found = schemas.problems(schema, document)
    if found:
        return None, _problem(request, f"{name} does not follow the {schema} schema", found[:20])
    return document, None


@csrf_exempt
@access(PUBLIC)
@require_http_methods(["GET", "POST", "OPTIONS"])
def endpoint(request: HttpRequest) -> HttpResponse:
    if request.method == "OPTIONS":
        response = HttpResponse(status=204)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Content-Type"
        return response
    if (refused := _throttled(request) or _too_big(request)) is not None:
        return refused
    if _parameter(request, "queries") is not None:
        queries, problem = _json(request, "queries", "reconciliation-query-batch")
        if problem:
            return problem
        if len(queries) > MOST_QUERIES:
            return _problem(
                request, f"queries holds {len(queries)} queries; send at most {MOST_QUERIES} at once"
            )
        try:
            return _answer(request, service.reconcile_batch(current_index(), queries))
        except service.QueryError as error:
            return _problem(request, str(error))
    if _parameter(request, "extend") is not None:
        query, problem = _json(request, "extend", "data-extension-query")
        if problem:
            return problem
        if len(query["ids"]) > MOST_IDS:
            return _problem(request, f"extend names {len(query['ids'])} ids; send at most {MOST_IDS} at once")
        try:
            return _answer(request, service.extend(query))
        except service.QueryError as error:
            return _problem(request, str(error))
    return _answer(request, service.manifest(request.build_absolute_uri("/").rstrip("/")))


def _limit(request: HttpRequest, default: int) -> int | None:
    raw = request.GET.get("limit", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else default


@access(PUBLIC)
@require_GET
def suggest_entity(request: HttpRequest) -> HttpResponse:
    if (refused := _throttled(request)) is not None:
        return refused
    prefix = request.GET.get("prefix", "").strip()
    cursor = request.GET.get("cursor", "0")
    start = int(cursor) if cursor.isdigit() else 0
    size = _limit(request, SUGGESTED) or SUGGESTED
    if not prefix:
        return _answer(request, {"result": []})
    # Names that start with what was typed come first, then names holding its words anywhere.
    wanted = start + size
    result = [
        service.suggestion(entry.org_id, entry.name, entry.kind, entry.postcode)
        for entry in current_index().starting_with(prefix, limit=wanted)
    ]
    if len(result) < wanted:
        try:
            page = selectors.organisation_search(SearchQuery(q=prefix, page_size=wanted))
        except SearchParameterError as error:
            return _problem(request, str(error))
        seen = {item["id"] for item in result}
        for hit in page.items:
            org_id = hit.org_ids[0] if hit.org_ids else str(hit.id)
            if org_id not in seen:
                result.append(service.suggestion(org_id, hit.name, hit.legal_form, hit.postcode))
    return _answer(request, {"result": result[start:wanted]})


@access(PUBLIC)
@require_GET
def suggest_type(request: HttpRequest) -> HttpResponse:
    return _answer(request, service.suggest_types(request.GET.get("prefix", "")))


@access(PUBLIC)
@require_GET
def suggest_property(request: HttpRequest) -> HttpResponse:
    return _answer(request, service.suggest_properties(request.GET.get("prefix", "")))


@access(PUBLIC)
@require_GET
def propose_properties(request: HttpRequest) -> HttpResponse:
    try:
        return _answer(request, service.propose_properties(request.GET.get("type", ""), _limit(request, 0)))
    except service.QueryError as error:
        return _problem(request, str(error))


def _organisation(request: HttpRequest) -> tuple[Any, HttpResponse | None]:
    wanted = request.GET.get("id", "").strip()
    found = service.organisations_by_id([wanted]).get(wanted) if wanted else None
    if found is None:
        return None, _answer(
            request, {"status": "error", "message": f"no organisation has the id {wanted!r}"}, 404
        )
    return found, None


@access(PUBLIC)
@require_GET
def flyout_entity(request: HttpRequest) -> HttpResponse:
    organisation, missing = _organisation(request)
    if missing:
        return missing
    html = render(request, "reconcile/flyout.html", {"org": organisation}).content.decode()
    return _answer(request, {"id": request.GET["id"].strip(), "html": html})


@csp_replace({"frame-ancestors": ["*"]})  # shown inside a reconciling tool's page
@xframe_options_exempt
@access(PUBLIC)
@require_GET
def preview(request: HttpRequest) -> HttpResponse:
    organisation, missing = _organisation(request)
    if missing:
        return HttpResponse("No organisation has that id.", status=404, content_type="text/plain")
    return render(request, "reconcile/preview.html", {"org": organisation})
