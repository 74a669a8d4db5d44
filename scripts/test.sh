#!/usr/bin/env bash
# The full check, as CI runs it: lint, formatting, migrations in sync, Django's system
# checks, then the test suite. Extra arguments go to pytest, e.g.
#   scripts/test.sh tests/complaints/test_intake_service.py -k duplicate -x
set -euo pipefail

cd "$(dirname "$0")/.."
# Use the project's virtualenv without activating it.
if [[ -d .venv/bin ]]; then
    export PATH="$PWD/.venv/bin:$PATH"
fi

step() { printf '\n==> %s\n' "$*"; }

step "ruff check"
ruff check .
step "ruff format --check"
ruff format --check .
step "import contracts (the layers, no cycles inside an app)"
lint-imports --no-cache
step "migrations are up to date"
python manage.py makemigrations --check --dry-run
step "django system checks"
python manage.py check
db=SQLite broker=embedded
if [[ -n "${DATABASE_URL:-}" ]]; then db=PostgreSQL; fi
if [[ -n "${REDIS_URL:-}" ]]; then broker=Redis; fi
if [[ $# -gt 0 ]]; then
    step "pytest $* (database: $db, broker: $broker)"
    exec pytest -q "$@"
fi
# The suite in parallel, one worker per core (a file's tests stay on one worker, each worker
# with its own databases: tests/xdist_workers.py). Then, alone, the tests marked "serial"
# (tests/conftest.py): those that commit and so empty the database when they end, and those
# that start servers, workers and browsers of their own and measure how soon they answer.
export PYTHONPATH="$PWD/tests${PYTHONPATH:+:$PYTHONPATH}"
status=0
step "pytest in ${TEST_WORKERS:-2} workers (database: $db, broker: $broker)"
pytest -q -p xdist_workers -n "${TEST_WORKERS:-2}" --dist loadfile -m "not serial" || status=$?
step "pytest, the tests that run alone (database: $db, broker: $broker)"
pytest -q -m serial || status=$?
exit "$status"
