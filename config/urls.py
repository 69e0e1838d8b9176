"""Top-level URLs: pages per app, accounts (sign-in, sign-up, tokens, audit log), the API under /api/v1/."""

from django.urls import include, path

from commoncause.core import errors
from config.api import api

# JSON for the API and /reconcile, the service's own pages elsewhere.
handler400 = errors.handler400
handler404 = errors.handler404
handler500 = errors.handler500

urlpatterns = [
    path("", include("commoncause.register.urls")),
    path("", include("commoncause.linkage.urls")),
    path("", include("commoncause.members.urls")),
    path("", include("commoncause.reconcile.urls")),
    path("", include("commoncause.relationships.urls")),
    path("", include("commoncause.funding.urls")),
    path("", include("commoncause.services.urls")),
    path("", include("commoncause.matching.urls")),
    path("places/", include("commoncause.places.urls")),
    path("imports/", include("commoncause.sources.urls")),
    path("accounts/", include("commoncause.accounts.urls")),
    path("", include("commoncause.accounts.curation_urls")),
    path("api/v1/", api.urls),
    path("oruk/", include("commoncause.services.oruk.urls")),
]
