# Palier: `make run` serves the demo, `make test` runs the whole suite. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The venv holds exactly what the dev lock says (hashes checked); it is reinstalled when the
# lock's contents change. requirements*.in are edited by hand, `make lock` writes the locks.
LOCK := requirements-dev.lock
STAMP := $(VENV)/.installed-$(shell cat $(LOCK) | md5sum | cut -c1-12)
PIP_TOOLS_VERSION := 7.6.2
# `make lock UPGRADE="pillow fonttools"` moves those packages to their newest versions allowed;
# without it the locked versions of everything else are kept.
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet \
  --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
  $(foreach package,$(UPGRADE),--upgrade-package $(package))
# The default framework's versions, oldest first: 2.0's previous_version is checked against the
# stored 1.0. Each import is idempotent (identical content changes nothing).
FRAMEWORKS ?= maturity/frameworks/mlops-maturity.yaml maturity/frameworks/mlops-maturity-2.0.yaml
# make run is local development: DEBUG on, SQLite by default.
RUN_ENV := DEBUG=$${DEBUG:-true}

.PHONY: run serve load test venv lock messages demo chromium pdf-libraries bench bench-throughput lint e2e clean

run: venv messages pdf-libraries
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	for file in $(FRAMEWORKS); do $(RUN_ENV) $(PY) manage.py import_framework $$file || exit 1; done
	$(RUN_ENV) $(PY) manage.py seed_demo
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# The production profile on this machine: gunicorn, a Celery worker and celery beat against
# PostgreSQL and Redis on 127.0.0.1 (docs/deployment.md).
serve: venv messages pdf-libraries
	bin/serve

# The production profile under load, with the lost-answer check (docs/performance.md).
load: venv messages pdf-libraries
	bin/load

# Two processes (pytest-xdist): the suite is CPU-bound and the machine has two cores; each worker
# gets its own test database and broker queue. `make test PYTEST_WORKERS=0` runs in one process.
PYTEST_WORKERS ?= 2

test: venv messages chromium pdf-libraries
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

venv: $(STAMP)

$(STAMP):
	@# A local checkout is for development: manage.py runs with DEBUG on (never committed).
	@test -f .env || printf '# Local development only; never commit this file.\nDEBUG=true\n' > .env
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r $(LOCK)
	rm -f $(VENV)/.installed-* && touch $@

# Regenerates both locks from the .in files (runtime first: the dev lock is constrained by it).
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip-compile --version 2>/dev/null | grep -qF " $(PIP_TOOLS_VERSION)" || \
	  $(PY) -m pip install --quiet --disable-pip-version-check pip-tools==$(PIP_TOOLS_VERSION)
	$(PIP_COMPILE) -o requirements.lock requirements.in
	$(PIP_COMPILE) -o requirements-dev.lock requirements-dev.in

# Translations: the .po files are committed, the .mo files are built here (GNU gettext).
messages: venv
	@command -v msgfmt >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext) >/dev/null; } || \
	  { echo "GNU gettext (msgfmt) is needed: apt-get install gettext"; exit 1; }
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py compilemessages --ignore=.venv --verbosity 0

# Browser tests drive Debian's Chromium; install it when missing and we may.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null; \
	  else echo "Chromium is missing: browser tests will be skipped (apt-get install chromium)."; fi; \
	fi

# WeasyPrint needs Pango, and the report's stylesheet names DejaVu (it covers French accents).
pdf-libraries:
	@if ! ldconfig -p | grep -q libpangoft2-1.0 || ! fc-list 2>/dev/null | grep -qi "DejaVu Sans"; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fontconfig) >/dev/null; \
	  else echo "The PDF report needs Pango and DejaVu fonts: apt-get install libpangoft2-1.0-0 fonts-dejavu-core"; fi; \
	fi

e2e: venv messages chromium
	$(PY) -m pytest -m e2e

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

bench: venv messages pdf-libraries
	$(PY) bench/report.py
	$(PY) bench/throughput.py

# Pages per second against a trivial view and against django-survey: PostgreSQL, gunicorn and wrk
# on 127.0.0.1 (docs/performance.md, "Throughput"). BENCH_ARGS="--only dimension,save --rounds 3"
bench-throughput: venv messages
	$(PY) bench/throughput.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm media staticfiles var
