"""WSGI entry point (runserver and gunicorn load it).

A process serving a SQLite database says so for as long as it runs (`core.locks.serving`), so that an
import never switches SQLite's journal under it."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from commoncause.core.locks import serving  # noqa: E402 (needs the settings the line above loads)

serving()
