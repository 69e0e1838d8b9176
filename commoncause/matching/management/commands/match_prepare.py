"""`python manage.py match_prepare`: count UK-CAT's pattern matches of every description in the
register not counted before (in forked workers) and keep the prepared register, so that matching starts
at once in every process; run after imports."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from commoncause.matching.matcher import corpus_current, version_now


class Command(BaseCommand):
    help = "Prepare the register for matching: count what each description says, once."

    def handle(self, *args: Any, **options: Any) -> None:
        start = time.perf_counter()
        corpus = corpus_current(version_now(), parallel=True)
        seconds = time.perf_counter() - start
        self.stdout.write(f"Prepared {len(corpus):,} organisations for matching in {seconds:.1f}s.")
