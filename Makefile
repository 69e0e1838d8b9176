# Common Cause — everyday commands. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP_PY := $(VENV)/.installed
STAMP_JS := node_modules/.installed
HOST_PORT ?= 127.0.0.1:8000

.PHONY: setup run serve worker test test-sqlite test-postgres bench lint format audit audit-refresh lock clean

$(STAMP_PY): requirements/lock.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/lock.txt
	touch $@

$(STAMP_JS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(STAMP_PY) $(STAMP_JS)
	$(PY) manage.py vendor_assets
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py createcachetable

# The development server, with the task worker beside it (stopped with it) for imports started from the web.
run: setup
	$(PY) manage.py load_demo_data --once
	$(PY) manage.py db_worker --no-reload --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST_PORT) --noreload

# Production: gunicorn with the static files served by whitenoise, DEBUG off unless set. It needs
# SECRET_KEY and ALLOWED_HOSTS (and DATABASE_URL for PostgreSQL); see docs/deployment.md.
serve: setup
	DEBUG=$${DEBUG:-0} $(PY) manage.py collectstatic --no-input -v 0
	DEBUG=$${DEBUG:-0} $(VENV)/bin/gunicorn -c config/gunicorn.conf.py

# The task worker: runs the long jobs started from the web (imports of uploaded files), one at a time.
# Run one beside `make serve`, under the same settings (docs/deployment.md).
worker: setup
	DEBUG=$${DEBUG:-0} $(PY) manage.py db_worker --no-reload

# The SQLite and PostgreSQL runs go at the same time, each into its own log under var/ (printed, whole,
# as each ends); the test fails if either does. On two cores this takes minutes off running them in turn.
test: setup
	$(MAKE) lint
	@mkdir -p var; \
	$(MAKE) --no-print-directory test-sqlite >var/test-sqlite.log 2>&1 & sqlite=$$!; \
	$(MAKE) --no-print-directory test-postgres >var/test-postgres.log 2>&1 & postgres=$$!; \
	echo "Running the tests on SQLite and on PostgreSQL at the same time (var/test-sqlite.log, var/test-postgres.log)"; \
	wait $$sqlite; sqlite_status=$$?; echo "== SQLite"; cat var/test-sqlite.log; \
	wait $$postgres; postgres_status=$$?; echo "== PostgreSQL"; cat var/test-postgres.log; \
	if [ $$sqlite_status -ne 0 ] || [ $$postgres_status -ne 0 ]; then \
	  echo "Failed: SQLite exit $$sqlite_status, PostgreSQL exit $$postgres_status"; exit 1; fi

test-sqlite:
	$(PY) -m pytest -q $(PYTEST_ARGS)

test-postgres:
	scripts/with_postgres.sh $(PY) -m pytest -q -m "not browser" $(PYTEST_ARGS)

bench: setup
	$(PY) -m bench.run $(BENCH_ARGS)

lint: $(STAMP_PY)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy
	$(VENV)/bin/bandit -c pyproject.toml -r commoncause config -q
	$(PY) manage.py makemigrations --check --dry-run -v 0

# Known vulnerabilities in requirements/lock.txt, by pip-audit against data/advisories.json (no network).
audit: $(STAMP_PY)
	$(PY) manage.py audit_dependencies

# Rebuild data/advisories.json from OSV's PyPI export (needs the network); commit the result.
audit-refresh: $(STAMP_PY)
	$(PY) manage.py audit_dependencies --refresh

format: $(STAMP_PY)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

lock:
	rm -rf /tmp/cc-lock && $(PYTHON) -m venv /tmp/cc-lock
	/tmp/cc-lock/bin/pip install --quiet -r requirements/dev.in
	(echo "# Locked dependencies (pip freeze of requirements/dev.in). Regenerate: make lock"; /tmp/cc-lock/bin/pip freeze) > requirements/lock.txt

clean:
	rm -rf $(VENV) node_modules var commoncause/core/static/vendor
