"""A council's coverage page with the national register placed: Westminster's wards, LSOAs, deprivation
and postcodes are loaded into the benchmark's database (which holds the national-size register, its
postcodes drawn from real ones), every organisation is placed, and Westminster's coverage page and API
answer are timed.

- `place_organisations_seconds`: placing every organisation of the register by its postcode;
- `coverage_organisations`: the organisations counted in Westminster's wards;
- `coverage_first_ms`: the page's first answer, which works the coverage out from the database (a
  process keeps it until the data changes: `places.selectors.council_coverage`);
- `coverage_p95_ms`, `coverage_api_p95_ms`: the 95th percentile of the page and of
  `GET /api/v1/areas/E09000033/coverage`, over 40 requests each after the first.

    DATABASE_URL=sqlite:///… python -m bench.coverage      # prints one JSON object
"""

from __future__ import annotations

import json
import os
import statistics
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COUNCIL = "E09000033"
REQUESTS = 40


def _p95(timings: list[float]) -> float:
    return round(statistics.quantiles(timings, n=20)[-1] * 1000, 1)


def measure() -> dict[str, float]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from commoncause.places.apps import DEMO_GEOGRAPHY
    from commoncause.places.selectors import council_coverage, council_of, coverage_forget
    from commoncause.places.services import organisations_place

    call_command("migrate", "--no-input", verbosity=0)
    for kind, path in DEMO_GEOGRAPHY:
        call_command("import_source", kind, str(Path(settings.DATA_DIR) / path), no_progress=True)
    start = time.perf_counter()
    organisations_place()
    placing = time.perf_counter() - start
    council = council_of(COUNCIL)
    assert council is not None, "Westminster's wards did not load"
    counted = council_coverage(council).organisations

    client = Client(HTTP_HOST="localhost")
    coverage_forget()
    start = time.perf_counter()
    assert client.get(f"/places/{COUNCIL}/coverage/").status_code == 200
    results: dict[str, float] = {"coverage_first_ms": round((time.perf_counter() - start) * 1000, 1)}
    for name, url in (
        ("coverage_p95_ms", f"/places/{COUNCIL}/coverage/"),
        ("coverage_api_p95_ms", f"/api/v1/areas/{COUNCIL}/coverage"),
    ):
        assert client.get(url).status_code == 200, url
        timings = []
        for _ in range(REQUESTS):
            start = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - start)
            assert response.status_code == 200, url
        results[name] = _p95(timings)
    return {
        "place_organisations_seconds": round(placing, 1),
        "coverage_organisations": counted,
        **results,
    }


if __name__ == "__main__":
    print(json.dumps(measure()))
