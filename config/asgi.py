"""ASGI entry point. Like the WSGI one, a process serving a SQLite database says so while it runs."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_asgi_application()

from commoncause.core.locks import serving  # noqa: E402 (needs the settings the line above loads)

serving()
