"""Top-level URLs: pages per app, sign-in and sign-out, and the JSON API under /api/v1/."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from config.api import api

urlpatterns = [
    path("", include("commoncause.register.urls")),
    path("imports/", include("commoncause.sources.urls")),
    path(
        "accounts/sign-in/",
        auth_views.LoginView.as_view(template_name="core/sign_in.html", next_page="/"),
        name="sign_in",
    ),
    path("accounts/sign-out/", auth_views.LogoutView.as_view(next_page="/"), name="sign_out"),
    path("api/v1/", api.urls),
]
