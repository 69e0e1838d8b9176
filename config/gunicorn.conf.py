"""gunicorn's settings for Common Cause in production (`make serve`; docs/deployment.md).

Every value can be set from the environment:

- `BIND` (default 127.0.0.1:8000): where to listen. Behind a reverse proxy on the same machine, keep it
  on loopback; the proxy terminates TLS.
- `WEB_CONCURRENCY` (default: twice the cores, plus one): worker processes. Pages are rendered by
  Python, so each worker uses a core while it works; the extra ones cover time spent waiting on the
  database.
- `WEB_THREADS` (default 1): threads a worker. More than one makes the workers `gthread` workers.
- `WEB_TIMEOUT` (default 60): seconds a request may take before its worker is restarted.
- `FORWARDED_ALLOW_IPS` (default 127.0.0.1): the proxies whose X-Forwarded-* headers are believed.
- `WEB_ACCESS_LOG` (default "-", standard output): where each request is logged; empty for nowhere.
- `WEB_MAX_REQUESTS` (default 2000): a worker is replaced after this many requests (with some jitter),
  so memory a long life gathers is given back.

The application is loaded once, before the workers are forked (`preload_app`): each worker starts with
the settings, the templates and the code already read, and shares their memory.
"""

from __future__ import annotations

import multiprocessing
import os


def _number(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = _number("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
threads = _number("WEB_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"
timeout = _number("WEB_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5
max_requests = _number("WEB_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
preload_app = True
accesslog = os.environ.get("WEB_ACCESS_LOG", "-") or None  # "" for none (the load test's)
errorlog = "-"
loglevel = os.environ.get("WEB_LOG_LEVEL", "info")
wsgi_app = "config.wsgi:application"


def when_ready(server: object) -> None:
    """Before the workers are forked: load what each would otherwise build on its first requests
    (the search index's arrays, the reconciliation index), so they share it from the start."""
    from commoncause.core.warming import warm_up

    warm_up()
