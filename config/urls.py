"""Top-level URLs: pages per app, accounts (sign-in, sign-up, tokens, audit log), the API under /api/v1/."""

from django.urls import include, path

from commoncause.accounts.access import access
from commoncause.accounts.roles import PUBLIC
from commoncause.core import errors
from commoncause.plainenglish.views import plain_english_check
from config.api import api

# JSON for the API and /reconcile, the service's own pages elsewhere.
handler400 = errors.handler400
handler404 = errors.handler404
handler500 = errors.handler500

# The plain-English checker imports only core, so who may use its page is declared here: everyone (it
# stores nothing).
plain_english_urls = (
    [path("plain-english/", access(PUBLIC)(plain_english_check), name="check")],
    "plainenglish",
)

urlpatterns = [
    path("", include("commoncause.register.urls")),
    path("", include("commoncause.linkage.urls")),
    path("", include("commoncause.members.urls")),
    path("", include("commoncause.reconcile.urls")),
    path("", include("commoncause.relationships.urls")),
    path("", include("commoncause.funding.urls")),
    path("", include("commoncause.outcomes.urls")),
    path("", include("commoncause.services.urls")),
    path("", include("commoncause.matching.urls")),
    path("", include(plain_english_urls)),
    path("places/", include("commoncause.places.urls")),
    path("imports/", include("commoncause.sources.urls")),
    path("accounts/", include("commoncause.accounts.urls")),
    path("", include("commoncause.accounts.curation_urls")),
    path("api/v1/", api.urls),
    path("oruk/", include("commoncause.services.oruk.urls")),
]
