# The two commands a newcomer needs: `make run` and `make test` (see README.md).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Development runs (make run) use the embedded SQLite database with debug on.
DEV_ENV := DJANGO_DEBUG=true
# Debian packages: gettext (translation tooling), chromium (browser tests),
# fonts and Pango for WeasyPrint's PDFs.
DEBIAN_PACKAGES := gettext chromium fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0

.PHONY: help setup system-packages run serve test test-postgres lint format messages clean-venv bench

help:
	@echo "make run     set up .venv, migrate, load the bundled data, serve on http://127.0.0.1:$(PORT)/"
	@echo "make test    the whole test suite (DATABASE_URL=postgres://... runs it on PostgreSQL)"
	@echo "make serve   production-like: gunicorn and the task worker, WhiteNoise, debug off (needs DJANGO_SECRET_KEY)"
	@echo "make lint    ruff check + format check, makemigrations --check, manage.py check"

$(VENV)/.installed: pyproject.toml
	@python=$$(scripts/find-python.sh) || exit 1; \
	  if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
	    echo "Creating $(VENV) with $$python"; rm -rf $(VENV); $$python -m venv $(VENV) || exit 1; \
	  fi
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --upgrade pip
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

setup: $(VENV)/.installed

# Installs the Debian packages when run as root with apt-get; otherwise names them.
system-packages:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian packages:$$missing"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	    || echo "warning: could not install$$missing"; \
	else echo "Optional Debian packages not installed:$$missing (sudo apt-get install$$missing)"; fi

# The background worker (django.tasks, database backend: report renders, "Check now") runs
# beside the server and stops with it (Ctrl-C reaches both; the trap covers the rest).
run: setup
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py load_reference_data
	$(DEV_ENV) $(PY) manage.py create_demo_accounts
	@$(DEV_ENV) $(PY) manage.py db_worker --queue-name '*' --verbosity 0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

serve: setup
	DJANGO_DEBUG=false $(PY) manage.py check --deploy --fail-level WARNING
	DJANGO_DEBUG=false $(PY) manage.py collectstatic --noinput
	DJANGO_DEBUG=false $(PY) manage.py migrate --noinput
	@DJANGO_DEBUG=false $(PY) manage.py db_worker --queue-name '*' --verbosity 0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  DJANGO_DEBUG=false $(VENV)/bin/gunicorn wgtu_portal.wsgi --config gunicorn.conf.py --bind 127.0.0.1:$(PORT) --workers 2 --no-control-socket

# The suite runs in parallel: one pytest-xdist worker per core (TEST_WORKERS=auto), each with its own
# test database (test_<name>_gw0, ...) and MEDIA_ROOT; idle workers take tests from busy ones
# (worksteal). PYTEST_ARGS is passed last: PYTEST_ARGS="-n 0 tests/states" runs serially.
TEST_WORKERS ?= auto
test: setup system-packages
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(DEV_ENV) $(PY) manage.py check

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Regenerate the French and Spanish catalogues from the code and compile them.
messages: setup
	$(DEV_ENV) $(PY) manage.py makemessages -l fr -l es --no-obsolete --ignore='.venv/*' --ignore='static/*' --ignore='tests/*'
	$(DEV_ENV) $(PY) manage.py compilemessages --ignore='.venv/*'

clean-venv:
	rm -rf $(VENV)

# The benchmark of issue 10 (docs/performance.md): gunicorn on PostgreSQL and SQLite, measured
# with wrk (installed here when run as root with apt-get). BENCH_ARGS="--databases sqlite" etc.
bench: setup
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing wrk"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "wrk is needed: sudo apt-get install wrk"; exit 1; fi; }
	$(PY) bench/run.py $(BENCH_ARGS)
