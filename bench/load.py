"""Load on the production server: gunicorn as `make serve` runs it (DEBUG off, whitenoise, the workers
`config/gunicorn.conf.py` sizes to the cores), on loopback, against the database in DATABASE_URL, asked
by a threaded client on the same machine.

For each kind of request, the client's threads (each with its own kept-alive connection) ask for a
fixed time, each request drawn with a fixed seed from the register in the database:

- `org`: an organisation's page by its org-id, `GET /organisations/<org-id>/`;
- `org_api`: the same through the API, `GET /api/v1/organisations/<org-id>`;
- `search`: the search page with a word and a facet (`legal_form`, `status`, `income_band`, `what`), `GET
  /search/?q=<word>&<facet>=<value>`;
- `search_api`: the API's list, `GET /api/v1/organisations?q=<word>&page_size=20`;
- `grants_api`: the grants list, `GET /api/v1/grants?page=<n>`;
- `reconcile`: OpenRefine's batches of ten names, `POST /reconcile` (`queries=<json>`);
- `oruk`: Open Referral UK's `GET /oruk/services?search=<word>` (when the database holds services);
- `static`: one static file, the client's own ceiling.

For each it reports requests a second and the 95th percentile in milliseconds (`web_<kind>_rps`,
`web_<kind>_p95_ms`), and `web_org_rps`, `web_search_rps` and `web_p95_ms` (the 95th percentile over
the organisation and search pages together); `web_errors` counts answers other than 200 and failed
connections, over every kind.

The organisation and search pages are public pages a signed-out visitor may be answered from the page
cache (`commoncause/register/page_cache.py`). They are measured twice, on two servers:

- `web_org_uncached_rps`, `web_search_uncached_rps` (and their p95s): with `PAGE_CACHE_SECONDS=0`, so
  every page is made afresh, the cost of a page nobody asked for lately;
- `web_org_rps`, `web_search_rps`: with the page cache as deployed, after each of the sampled pages has
  been asked for once (`prime`), the steady state for pages asked for again while kept.

The server loads the search index's arrays and the reconciliation index before its workers are forked
(`commoncause/core/warming.py`), as `make serve` does.

    DATABASE_URL=… python -m bench.load [--seconds 10] [--clients 8] [--only org search]   # one JSON object
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess  # noqa: S404 (starts gunicorn, a fixed command)
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = 19
SAMPLES = 400
PAGES = ("org", "search")  # the public pages a signed-out visitor may be answered from the page cache
WORDS = ("community", "trust", "church", "school", "arts", "care", "youth", "music", "sports", "housing")


@dataclass
class Tally:
    timings: list[float] = field(default_factory=list)
    errors: int = 0
    rps: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


Request = tuple[str, str, bytes | None]  # method, path, form body


def _free_port() -> int:
    with socket.socket() as found:
        found.bind(("127.0.0.1", 0))
        return int(found.getsockname()[1])


def _environment(port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "load-test-only-" + "x" * 40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "BIND": f"127.0.0.1:{port}",
        "WEB_ACCESS_LOG": "",
        "WEB_LOG_LEVEL": "warning",
        # one address asks for everything: the API's limit a caller would meet is not what is measured
        "API_RATE_ANONYMOUS": "10000000/min",
        "PYTHONPATH": str(REPO),
    }


@contextmanager
def gunicorn(port: int, **settings: str) -> Iterator[subprocess.Popen[bytes]]:
    """gunicorn as `make serve` runs it (with these settings in its environment), until the block ends."""
    environment = {**_environment(port), **settings}
    for command in (["collectstatic", "--no-input"], ["createcachetable"]):
        subprocess.run(  # noqa: S603 (a fixed command)
            [sys.executable, "manage.py", *command, "-v", "0"], cwd=REPO, env=environment, check=True
        )
    process = subprocess.Popen(  # noqa: S603 (a fixed command)
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.conf.py"],
        cwd=REPO, env=environment, start_new_session=True,
    )  # fmt: skip
    try:
        _wait_until_up(port, process)
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def _wait_until_up(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped with exit code {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/static/core/favicon.svg")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer within 90 s")


def _ask(connection: http.client.HTTPConnection, request: Request) -> int:
    method, path, body = request
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    return response.status


def _client(port: int, requests: list[Request], until: float, tally: Tally, rng: random.Random) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    timings, errors = [], 0
    while time.monotonic() < until:
        request = rng.choice(requests)
        start = time.perf_counter()
        try:
            status = _ask(connection, request)
        except (OSError, http.client.HTTPException):
            status = 0
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        timings.append(time.perf_counter() - start)
        errors += status != 200
    connection.close()
    with tally.lock:
        tally.timings.extend(timings)
        tally.errors += errors


def prime(port: int, requests: list[Request]) -> None:
    """Ask for each request once, so every page the load asks for has been answered before."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for request in dict.fromkeys(requests):
        _ask(connection, request)
    connection.close()


def load(port: int, requests: list[Request], *, seconds: float, clients: int) -> Tally:
    """Ask for `requests`, drawn at random, from `clients` threads for `seconds`, after a warm-up."""
    warm = Tally()
    _client(port, requests[: min(len(requests), 20)], time.monotonic() + 1, warm, random.Random(SEED))
    tally = Tally()
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_client, args=(port, requests, until, tally, random.Random(SEED + at)))
        for at in range(clients)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    tally.timings.sort()
    tally.rps = len(tally.timings) / elapsed
    return tally


def _p95(timings: list[float]) -> float:
    if len(timings) < 20:
        return round(max(timings, default=0.0) * 1000, 1)
    return round(statistics.quantiles(timings, n=20)[-1] * 1000, 1)


def requests_from_database() -> dict[str, list[Request]]:
    """Each kind's requests, drawn with a fixed seed from the register in the database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.cache import caches

    from commoncause.register.models import Organisation, OrgIdentifier
    from commoncause.services.models import Service

    caches["pages"].clear()  # pages kept by an earlier run
    rng = random.Random(SEED)
    count = OrgIdentifier.objects.filter(is_primary=True).count()
    offsets = sorted(rng.sample(range(count), min(SAMPLES, count))) if count else []
    org_ids = [
        OrgIdentifier.objects.filter(is_primary=True).order_by("pk").values_list("org_id", flat=True)[at]
        for at in offsets
    ]
    names = list(Organisation.objects.order_by("?").values_list("name", flat=True)[:200]) if count else []
    facets = {
        "legal_form": list(Organisation.objects.values_list("legal_form", flat=True).distinct()[:5]),
        "status": ["registered", "active"],
        "income_band": ["under-10k", "10k-100k", "100k-1m"],
    }
    searches = []
    for _ in range(SAMPLES):
        facet = rng.choice(list(facets))
        value = rng.choice(facets[facet] or [""])
        searches.append(f"/search/?{urllib.parse.urlencode({'q': rng.choice(WORDS), facet: value})}")
    batches: list[Request] = []
    for _ in range(50):
        chosen = rng.sample(names, min(10, len(names)))
        queries = {f"q{at}": {"query": name, "type": "Organisation"} for at, name in enumerate(chosen)}
        batches.append(
            ("POST", "/reconcile", urllib.parse.urlencode({"queries": json.dumps(queries)}).encode())
        )
    found: dict[str, list[Request]] = {
        "org": [("GET", f"/organisations/{key}/", None) for key in org_ids],
        "org_api": [("GET", f"/api/v1/organisations/{key}", None) for key in org_ids],
        "search": [("GET", path, None) for path in searches],
        "search_api": [("GET", f"/api/v1/organisations?q={word}&page_size=20", None) for word in WORDS],
        "grants_api": [("GET", f"/api/v1/grants?page={page}", None) for page in range(1, 21)],
        "reconcile": batches,
        "static": [("GET", "/static/core/favicon.svg", None)],
    }
    if Service.objects.exists():
        found["oruk"] = [("GET", f"/oruk/services?search={word}", None) for word in WORDS]
    return {kind: requests for kind, requests in found.items() if requests}


def measure(*, seconds: float, clients: int, only: tuple[str, ...] = ()) -> dict[str, float]:
    kinds = {kind: asks for kind, asks in requests_from_database().items() if not only or kind in only}
    port = _free_port()
    results: dict[str, float] = {}
    errors = 0
    pages: list[float] = []
    with gunicorn(port, PAGE_CACHE_SECONDS="0"):  # every page made afresh
        for kind in (kind for kind in PAGES if kind in kinds):
            tally = load(port, kinds[kind], seconds=seconds, clients=clients)
            results[f"web_{kind}_uncached_rps"] = round(tally.rps)
            results[f"web_{kind}_uncached_p95_ms"] = _p95(tally.timings)
            errors += tally.errors
    port = _free_port()
    with gunicorn(port):
        for kind, requests in kinds.items():
            if kind in PAGES:
                prime(port, requests)
            tally = load(port, requests, seconds=seconds, clients=clients)
            results[f"web_{kind}_rps"] = round(tally.rps)
            results[f"web_{kind}_p95_ms"] = _p95(tally.timings)
            errors += tally.errors
            if tally.errors:
                results[f"web_{kind}_errors"] = tally.errors
            if kind in PAGES:
                pages.extend(tally.timings)
    results["web_p95_ms"] = _p95(sorted(pages)) if pages else 0.0
    results["web_errors"] = errors
    results["web_clients"] = clients
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description="Load on gunicorn over loopback (see the module's note).")
    parser.add_argument("--seconds", type=float, default=10.0, help="how long each kind is asked for")
    parser.add_argument("--clients", type=int, default=8, help="the client's threads")
    parser.add_argument("--only", nargs="*", default=(), help="these kinds alone (org, search, …)")
    args = parser.parse_args()
    print(json.dumps(measure(seconds=args.seconds, clients=args.clients, only=tuple(args.only))))  # noqa: T201 (the result)


if __name__ == "__main__":
    main()
