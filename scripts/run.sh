#!/usr/bin/env bash
# Start the whole system in the foreground: web server, one Celery worker, one beat.
# Ctrl-C (or TERM) stops all three; if any one of them dies, the others are stopped and
# the script exits non-zero, so a half-running system is never left behind.
#
#   PORT=8000        port on 127.0.0.1
#   GUNICORN=1       serve with gunicorn instead of runserver
#   DEMO_PASSWORD    only printed here; `make run` seeds the accounts with it
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
BIN="$ROOT/.venv/bin"
[[ -x "$BIN/python" ]] || { echo "error: .venv missing; run 'make install' first" >&2; exit 1; }

PORT=${PORT:-8000}
VAR_DIR=${SHOUWEN_VAR_DIR:-$ROOT/var}
mkdir -p "$VAR_DIR"

# Two run.sh at once would mean two beats, i.e. every periodic task sent twice.
# The lock is inherited by the children, so it is held until all of them have exited.
exec 9>"$VAR_DIR/run.lock"
if command -v flock >/dev/null && ! flock -n 9; then
    echo "error: another scripts/run.sh is already running for $VAR_DIR" >&2
    exit 1
fi

if [[ "${GUNICORN:-0}" == 1 ]]; then
    web=("$BIN/gunicorn" config.wsgi -b "127.0.0.1:$PORT" -w "${WEB_CONCURRENCY:-3}"
        --access-logfile -)
else
    # `make run` has just run migrate, which runs the system checks; the notice below
    # says this is the development launcher, so Django's own warning is not repeated.
    export DJANGO_RUNSERVER_HIDE_WARNING=true
    web=("$BIN/python" manage.py runserver "127.0.0.1:$PORT" --noreload --skip-checks)
fi

# Celery warns at every start when it runs as root. This script is the development and
# demo launcher (the container image runs as an unprivileged user), so say it once below.
celery_env=()
if [[ "$(id -u)" == 0 ]]; then
    celery_env=(env "PYTHONWARNINGS=ignore:You're running the worker with superuser privileges")
fi

pids=()
stopping=0

stop_all() {
    # Idempotent: called from the signal trap and again from the EXIT trap.
    if ((stopping)); then return 0; fi
    stopping=1
    local pid
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    # Celery's warm shutdown lets running tasks finish (hard time limit is 90 s); give it
    # a while, then kill whatever is left (acks_late means an unfinished task is redone).
    for _ in $(seq 1 30); do
        local alive=0
        for pid in "${pids[@]}"; do
            if kill -0 "$pid" 2>/dev/null; then alive=1; fi
        done
        if ((alive == 0)); then return 0; fi
        sleep 1
    done
    for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
}

trap 'echo; echo "Stopping..."; stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

# --quiet: no start-up banners; the worker's "ready" line and every warning still show.
"${web[@]}" &
pids+=($!)
"${celery_env[@]}" "$BIN/celery" -A config --quiet worker \
  -Q routing,deadlines,notifications,exports -c 2 --loglevel INFO \
  --without-gossip --without-mingle --without-heartbeat &
pids+=($!)
# Exactly one beat per deployment: it only triggers periodic sweeps, and a second one
# would send each of them twice.
"${celery_env[@]}" "$BIN/celery" -A config --quiet beat \
  --schedule "$VAR_DIR/celerybeat-schedule" --loglevel INFO &
pids+=($!)

# What a user needs, printed once the web server answers (so it is not lost above the
# processes' own start-up lines).
web_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }
for _ in $(seq 1 60); do
    if web_answers || ! kill -0 "${pids[0]}" 2>/dev/null; then break; fi
    sleep 0.5
done
root_note=""
if [[ "$(id -u)" == 0 ]]; then
    root_note="Running as root: fine for a demo; run the system as an unprivileged user in production.
"
fi
cat <<EOF

Shouwen is running on http://127.0.0.1:$PORT/ (web server, one Celery worker, one beat).

Demo accounts (password: ${DEMO_PASSWORD:-shouwen-demo-2026}):
  window       window staff: register walk-ins, log consultations
  inspector    inspector: my cases, timeline, wage ledger
  deskofficer  desk officer: referrals and deadlines
  supervisor   supervisor: dashboards, exports
  admin        administrator: Django admin at /admin/

Broker: ${REDIS_URL:-embedded filesystem queue in $VAR_DIR/broker}
This is the development launcher; docker-compose.yml is the production deployment.
${root_note}Press Ctrl-C to stop.

EOF

# Wait for the first child to exit, whichever it is; any exit is a failure here.
status=0
wait -n || status=$?
echo "A process exited (status $status); stopping the others." >&2
stop_all
exit $((status == 0 ? 1 : status))
