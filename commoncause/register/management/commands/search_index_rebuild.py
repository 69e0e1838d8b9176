"""`manage.py search_index_rebuild`: rebuild the organisation search index from the register."""

import time
from typing import Any

from django.core.management.base import BaseCommand

from commoncause.register.services import search_index_refresh


class Command(BaseCommand):
    help = "Rebuild the organisation search index (importers keep it up to date; this is for repairs)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        search_index_refresh()
        self.stdout.write(f"Search index rebuilt in {time.monotonic() - started:.1f}s")
