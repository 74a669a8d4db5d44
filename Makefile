# Shouwen developer entry points. The README's two commands are `make run` and `make test`.
# Everything runs through .venv/bin/python explicitly: no virtualenv activation needed.

SHELL := /bin/bash
.DEFAULT_GOAL := run

# Python 3.11 is what pyproject.toml requires; fall back to python3 if 3.11 is not on PATH.
BOOTSTRAP_PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
# Installed markers: pip runs again only when pyproject.toml changes (keeps `make run` fast
# and lets it work offline once installed). Running needs the package's dependencies only;
# the test command adds the test extras (pytest, Playwright, schemathesis, ruff, ...).
STAMP := $(VENV)/.shouwen-installed
TEST_STAMP := $(VENV)/.shouwen-installed-test
DEMO_PASSWORD ?= shouwen-demo-2026
export DEMO_PASSWORD

.PHONY: install install-test run test lint clean msgfmt messages chromium

install: $(STAMP) msgfmt messages

install-test: install $(TEST_STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(BOOTSTRAP_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $@

$(TEST_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

# compilemessages shells out to GNU gettext's msgfmt.
msgfmt:
	@if ! command -v msgfmt >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "msgfmt missing: installing Debian package gettext"; \
	    apt-get install -y gettext || { apt-get update && apt-get install -y gettext; }; \
	  else \
	    echo "error: msgfmt not found; install gettext (e.g. sudo apt-get install gettext)" >&2; \
	    exit 1; \
	  fi; \
	fi

# The browser tests (tests/browser) drive Debian's Chromium through Playwright, which never
# downloads a browser of its own; the Chinese font makes zh-Hans pages and PDFs legible.
CHROMIUM_PACKAGES := chromium fonts-wqy-microhei
chromium:
	@if [ ! -x /usr/bin/chromium ] || [ ! -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then \
	  echo "Chromium or its Chinese font missing: installing Debian packages $(CHROMIUM_PACKAGES)"; \
	  if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y $(CHROMIUM_PACKAGES) \
	    || { $$sudo apt-get update && \
	         $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y $(CHROMIUM_PACKAGES); }; \
	fi

# Skip .venv (Django's own catalogs) and var/ when looking for locale directories.
messages: $(STAMP) msgfmt
	$(PY) manage.py compilemessages --ignore=.venv --ignore=var --verbosity 0

# DEBUG (the default) serves static files from runserver, so no collectstatic here.
run: install
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py seed_demo --password '$(DEMO_PASSWORD)'
	$(PY) manage.py seed_procedure_demo
	scripts/run.sh

test: install-test chromium
	scripts/test.sh

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Removes the virtualenv and all local state (SQLite database, broker queue, beat schedule).
clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	find . -path ./.git -prune -o -name '*.mo' -type f -print -exec rm -f {} +
