"""Settings for Common Cause: one file, driven by the environment.

Every variable read here is listed in `.env.example`; a test checks that.
With no environment set these are development defaults (DEBUG on, SQLite under var/).
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_json, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key" if DEBUG else None)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS when DEBUG=0.")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "ninja",  # serves its API docs page (Swagger UI) from local static files, not a CDN
    "django_tasks",
    "django_tasks_db",  # the task queue in the database; `manage.py db_worker` runs it
    "commoncause.core",
    "commoncause.plainenglish",
    "commoncause.accounts",
    # The project's own apps, lower first: a lower app never imports a higher one (docs/architecture.md).
    "commoncause.register",
    "commoncause.linkage",
    "commoncause.sources",
    "commoncause.members",
    "commoncause.places",
    "commoncause.services",
    "commoncause.matching",
    "commoncause.reconcile",
    "commoncause.relationships",
    "commoncause.funding",
    "commoncause.outcomes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "commoncause.core.busy.BusyDatabaseMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "commoncause.core.replicas.ReplicaReadsMiddleware",
    "commoncause.register.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
        # a kept connection is checked before a request uses it: after a database restart the service
        # carries on by itself (core.busy answers the request that met the restart 503, Retry-After)
        conn_health_checks=True,
    )
}
SQLITE_BUSY_TIMEOUT_MS = 5000
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write-ahead log: pages are read while an import writes. A write waits up to 5 s for the one
    # writer SQLite allows, then is answered 503 with Retry-After (core.busy). A web worker keeps its
    # connection (CONN_MAX_AGE above): opening the file and setting it up costs more than a kept page.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS};"
        ),
    }
else:
    # A web request waits at most this long for a row an import holds, then is answered 503 with
    # Retry-After (core.busy); imports themselves wait as long as it takes (sources.base).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c lock_timeout={env_int('DATABASE_LOCK_TIMEOUT_MS', 10_000)}"
    )

# Read replicas (docs/deployment.md): PostgreSQL standbys streaming from DATABASE_URL, as replica1,
# replica2, … A web request that only reads is answered from one of them (config.routers); writes,
# transactions, commands, and a person's requests for REPLICA_PIN_SECONDS after they write use the primary.
# In tests each mirrors `default`, so the test suite runs as it would with no replica.
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 10)
DATABASE_REPLICAS: list[str] = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS", []), start=1):
    _replica = dj_database_url.parse(_url, conn_max_age=60)
    if "postgresql" not in DATABASES["default"]["ENGINE"] or "postgresql" not in _replica["ENGINE"]:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URLS are PostgreSQL replicas of a PostgreSQL DATABASE_URL."
        )
    # A replica gone is given up quickly; a read waits for a lock (a migration's, replayed) as on the primary.
    _replica.setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    _replica["OPTIONS"].setdefault("options", DATABASES["default"]["OPTIONS"]["options"])
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica{_number}"] = _replica
    DATABASE_REPLICAS.append(f"replica{_number}")
DATABASE_ROUTERS = ["config.routers.PrimaryReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGIN_URL = "/accounts/sign-in/"
LOGIN_REDIRECT_URL = "/"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses sign-in while an account is locked out
    "commoncause.accounts.backends.EmailBackend",
]
# Lockout: after 5 failed sign-ins for one email address, or from one IP address, that address is
# locked for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "commoncause.accounts.backends.lockout_key"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Content security policy: everything from this site only; inline scripts and styles need the
# page's nonce (`request.csp_nonce`); no frames, plugins or form posts elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# API rate limits ("<calls>/<s|min|h|d>"), per IP address for callers nobody knows and per person
# otherwise. Counted in the cache: set up a shared cache before running several web processes.
# The cache holds the API's rate-limit counters, so every web worker must share it. In production
# (DEBUG=0) it is a table in the database on PostgreSQL (`manage.py createcachetable`, run by
# `make setup`), and files in var/cache on SQLite: SQLite takes one writer at a time, and a counter
# written to the database would wait behind every import. CACHE=memory keeps it in each process
# (development, or a single worker).
_SQLITE = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
CACHE = env_str("CACHE", "memory" if DEBUG else "files" if _SQLITE else "database")
if CACHE not in {"memory", "database", "files"}:
    raise ImproperlyConfigured("CACHE must be 'memory', 'database' or 'files'.")
CACHES = {
    "default": {
        "memory": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "database": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "commoncause_cache",
        },
        "files": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
        },
    }[CACHE]
}

# Public pages kept for people who are not signed in (commoncause/register/page_cache.py): for at most
# PAGE_CACHE_SECONDS (0 keeps none), at most PAGE_CACHE_ENTRIES of them, in files (the default when
# DEBUG=0: shared by the web workers of a machine, and no round trip to the database), memory (per
# process; the default in development) or the database.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60)
PAGE_CACHE = env_str("PAGE_CACHE", "memory" if DEBUG else "files")
if PAGE_CACHE not in {"memory", "database", "files"}:
    raise ImproperlyConfigured("PAGE_CACHE must be 'memory', 'database' or 'files'.")
_PAGE_CACHE_OPTIONS = {"MAX_ENTRIES": env_int("PAGE_CACHE_ENTRIES", 5_000), "CULL_FREQUENCY": 4}
_PAGE_STORES: dict[str, dict[str, object]] = {
    "memory": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    "database": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "commoncause_page_cache",
    },
    "files": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "page-cache",
    },
}
CACHES["pages"] = {**_PAGE_STORES[PAGE_CACHE], "OPTIONS": _PAGE_CACHE_OPTIONS}

# A CCEW extract at least this big (unzipped) is read and written with forked worker processes, on a
# machine with more than one core; a smaller one is done in one process, where forking costs more.
CCEW_PARALLEL_BYTES = env_int("CCEW_PARALLEL_BYTES", 64 << 20)

API_RATE_ANONYMOUS = env_str("API_RATE_ANONYMOUS", "300/min")
API_RATE_SIGNED_IN = env_str("API_RATE_SIGNED_IN", "1200/min")

# How many reverse proxies in front of the service each add the address they saw to X-Forwarded-For:
# the client's address is read that many from the header's end. 0 (the default) trusts no header at all
# and takes the address of the connection, so nobody can choose their own identity for the rate limits
# and the sign-in lockout by sending a made-up header.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
NINJA_NUM_PROXIES = TRUSTED_PROXIES
if TRUSTED_PROXIES:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXIES
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

# The reconciliation service rebuilds its index of the register at most this often (seconds), and only
# when the register has changed.
RECONCILE_REFRESH_SECONDS = env_int("RECONCILE_REFRESH_SECONDS", 30)

# Matching: the register is prepared again at most this often (seconds), and only when it changed; the
# signals' weights, as a JSON object changing any of the defaults (docs/matching.md).
MATCHING_REFRESH_SECONDS = env_int("MATCHING_REFRESH_SECONDS", 30)
MATCHING_WEIGHTS = env_json("MATCHING_WEIGHTS", {})
# Keep the prepared register on disk (var/cache/matching-corpus.npz) for other processes to read.
MATCHING_KEEP_PREPARED = env_bool("MATCHING_KEEP_PREPARED", True)

# Email (password resets, invitations): printed to the console unless an SMTP server is configured.
EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(env_str("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Common Cause <no-reply@localhost>")
# The address the service is reached at, for links in emails sent outside a request (reminders).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Files people upload (bids' documents) are kept here, outside the web root and the static files, and
# served only through a page that checks who may see them.
PRIVATE_FILES_DIR = Path(env_str("PRIVATE_FILES_DIR", str(VAR_DIR / "private")))
BID_DOCUMENT_MAX_BYTES = env_int("BID_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)  # each document of a bid
# The largest file a curator may upload to import from the web (64 MiB, as the proxy in docs/deployment.md).
IMPORT_UPLOAD_MAX_BYTES = env_int("IMPORT_UPLOAD_MAX_BYTES", 64 * 1024 * 1024)

# Long jobs started from the web (an uploaded file's import) wait in a queue in the database until the
# task worker (`manage.py db_worker`, `make worker`) runs them, one at a time, outside any web request.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The identifiers of what the service publishes as open data: grants' 360Giving prefix (a publisher's
# own, from 360Giving) and contracts' OCDS ocid prefix (registered with the OCDS helpdesk).
GRANTS_ID_PREFIX = env_str("GRANTS_ID_PREFIX", "360G-commoncause")
OCDS_PREFIX = env_str("OCDS_PREFIX", "ocds-commoncause")

# Where reference data and demo samples shipped with the project live.
DATA_DIR = BASE_DIR / "data"

# The folder of PostgreSQL's client programs (pg_dump, pg_restore, psql) that `manage.py backup` and
# `restore` run; empty (default): Debian's /usr/lib/postgresql/<newest>/bin, else the PATH.
PG_BIN = env_str("PG_BIN", "")
