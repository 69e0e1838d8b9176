# Common Cause — everyday commands. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP_PY := $(VENV)/.installed
STAMP_JS := node_modules/.installed
HOST_PORT ?= 127.0.0.1:8000

.PHONY: setup run test test-sqlite test-postgres bench lint format audit audit-refresh lock clean

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

run: setup
	$(PY) manage.py load_demo_data --once
	$(PY) manage.py runserver $(HOST_PORT) --noreload

test: setup
	$(MAKE) lint
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

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
