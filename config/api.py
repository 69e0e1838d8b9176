"""The JSON API root: /api/v1/, OpenAPI at /api/v1/openapi.json."""

from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja.errors import ValidationError

from commoncause.accounts.api import router as accounts_router
from commoncause.accounts.api_access import api_access, api_throttles
from commoncause.accounts.roles import PUBLIC
from commoncause.core.busy import retry_response, should_retry
from commoncause.core.errors import upload_limit
from commoncause.funding.api import router as grants_router
from commoncause.funding.opportunity_api import router as opportunities_router
from commoncause.matching.api import router as match_router
from commoncause.members.api import router as statement_router
from commoncause.places.api import router as areas_router
from commoncause.plainenglish.api import plain_english_router
from commoncause.register.api import router as register_router
from commoncause.register.search.types import SearchParameterError
from commoncause.relationships.api import router as contacts_router
from config.openapi import DescribedApi

api = DescribedApi(
    title="Common Cause API",
    version="1",
    description=(
        "Read the register of the local voluntary and community sector. Operations that need an account "
        "take a personal API token as `Authorization: Bearer <token>`."
    ),
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api",
    throttle=api_throttles(),
)
api.add_router("/organisations", register_router, tags=["organisations"])
api.add_router("/organisations", statement_router, tags=["statements"])
api.add_router("/organisations", contacts_router, tags=["contacts"])
api.add_router("/grants", grants_router, tags=["grants"])
api.add_router("/opportunities", opportunities_router, tags=["opportunities"])
api.add_router("/areas", areas_router, tags=["areas"])
api.add_router("/me", accounts_router, tags=["accounts"])
api.add_router("/match", match_router, tags=["matching"])
# Like /match: open to anyone and to a read token (it stores nothing), within the API's rate limits. The
# rule is handed in here, as the plain-English checker imports only core.
api.add_router(
    "/plain-english",
    plain_english_router(auth=api_access(PUBLIC, stores_nothing=True)),
    tags=["plain English"],
)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    """Unknown records answer 404 with a JSON body."""
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Bad parameters answer 422 with the fields named."""
    return api.create_response(request, {"detail": exc.errors}, status=422)


@api.exception_handler(SearchParameterError)
def bad_search_parameter(request: HttpRequest, exc: SearchParameterError) -> HttpResponse:
    """A search parameter that cannot be understood answers 400, naming the parameter."""
    return api.create_response(request, {"detail": exc.message, "parameter": exc.parameter}, status=400)


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE answers 413, saying the limit."""
    return api.create_response(request, {"detail": f"The request is over {upload_limit()}."}, status=413)


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
@api.exception_handler(OSError)
def busy(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A write the database was too busy to take (an import holds it), a database restarting or out of
    reach, or a full disk, answers 503 with Retry-After (`core.busy`)."""
    if should_retry(exc):
        return retry_response(request, exc)
    raise exc
