# Transitions — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

TEST_ENV := DEBUG=false SECRET_KEY=test-only-secret-key-never-used-outside-the-test-suite-0123456789 \
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/transitions} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
	DJANGO_ALLOW_ASYNC_UNSAFE=true

# `make run PORT=8001` serves on another port; links in emails (SITE_URL) follow it unless
# SITE_URL is set in the environment.
PORT ?= 8000
# The demo accepts 000000 as the second factor of every account (DEBUG only, see README).
RUN_ENV := DEBUG=true MFA_TOTP_INSECURE_BYPASS_CODE=000000 SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)}

# The official administrative reference (@etalab/decoupage-administratif, pinned in
# package.json + package-lock.json) comes from npm. Without npm (or when `npm ci` fails),
# nothing is installed: the import says so and territories are created by hand; the tests
# use their own cut of the files; only `make bench` needs the full reference.
REFERENCE := node_modules/.package-lock.json

.PHONY: run test test-ops test-faults install reference system-deps services lint e2e bench migrate demo pytest screenshots

$(STAMP): requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

$(REFERENCE): package.json package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --no-audit --no-fund --loglevel=error || \
		echo "npm ci failed (registry unreachable?): the official territory reference is skipped."; \
	else \
		echo "npm is not installed: the official territory reference is skipped (territories are created by hand)."; \
	fi

reference: $(REFERENCE)

run: install reference
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py import_official_territories --if-present
	$(RUN_ENV) $(BIN)/python manage.py demo
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Debian packages the suite needs: Chromium for browser tests, poppler for pdftotext,
# docker-compose to validate docker-compose.yml (tests/ops), PostgreSQL's client tools
# (pg_dump, pg_restore) for the backup tests.
system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v pg_dump >/dev/null || missing="$$missing postgresql-client"; \
	command -v wrk >/dev/null || missing="$$missing wrk"; \
	command -v docker-compose >/dev/null || missing="$$missing docker-compose"; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
		$$SUDO apt-get install -y --no-install-recommends $$missing >/dev/null 2>&1 || \
		{ $$SUDO apt-get update >/dev/null && $$SUDO apt-get install -y --no-install-recommends $$missing >/dev/null; }; \
	fi

services: install
	@$(TEST_ENV) $(BIN)/python scripts/check_services.py

test: install reference system-deps services
	$(TEST_ENV) $(BIN)/python -m pytest -m "not ops and not faults" $(ARGS)
	$(MAKE) --no-print-directory test-ops

# Operations tests that start servers of their own: moto's S3 server, two gunicorns and a
# Celery worker, backup/restore round trips through subprocesses (tests/ops, marker `ops`).
test-ops: install system-deps services
	$(TEST_ENV) $(BIN)/python -m pytest -m ops $(OPS_ARGS)

# Failure injection with real services started and stopped on loopback: a private
# redis-server (ports 16380-16389), Celery workers killed with -9, gunicorn (15440-15449).
test-faults: install system-deps services
	@command -v redis-server >/dev/null || { SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
		$$SUDO apt-get install -y --no-install-recommends redis-server >/dev/null; }
	$(TEST_ENV) $(BIN)/python -m pytest -m faults tests/faults $(ARGS)

# The suite without re-checking installs, for quick iterations: make pytest ARGS="tests/x"
pytest:
	$(TEST_ENV) $(BIN)/python -m pytest $(ARGS)

e2e: install system-deps services
	$(TEST_ENV) $(BIN)/python -m pytest -m e2e $(ARGS)

# The main pages of the demo at desktop and phone width, as PNG in docs/screenshots/
# (Chromium against a live server on a scratch test database loaded with `transitions.demo`).
screenshots: install system-deps services
	$(TEST_ENV) $(BIN)/python -m pytest tests/e2e/screenshots.py -q -s $(ARGS)

bench: install reference system-deps services
	$(TEST_ENV) $(BIN)/python -m tests.bench.run $(ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
