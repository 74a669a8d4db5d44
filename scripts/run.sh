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
    web=("$BIN/python" manage.py runserver "127.0.0.1:$PORT" --noreload)
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

cat <<EOF
Shouwen is starting on http://127.0.0.1:$PORT/

Demo accounts (password: ${DEMO_PASSWORD:-shouwen-demo-2026}):
  window       window staff: register walk-ins, log consultations
  inspector    inspector: my cases, timeline, wage ledger
  deskofficer  desk officer: referrals and deadlines
  supervisor   supervisor: dashboards, exports
  admin        administrator: Django admin at /admin/

Broker: ${REDIS_URL:-embedded filesystem queue in $VAR_DIR/broker}
Press Ctrl-C to stop.
EOF

"${web[@]}" &
pids+=($!)
"$BIN/celery" -A config worker -Q routing,deadlines,notifications,exports -c 2 --loglevel INFO \
  --without-gossip --without-mingle --without-heartbeat &
pids+=($!)
# Exactly one beat per deployment: it only triggers periodic sweeps, and a second one
# would send each of them twice.
"$BIN/celery" -A config beat --schedule "$VAR_DIR/celerybeat-schedule" --loglevel INFO &
pids+=($!)

# Wait for the first child to exit, whichever it is; any exit is a failure here.
status=0
wait -n || status=$?
echo "A process exited (status $status); stopping the others." >&2
stop_all
exit $((status == 0 ? 1 : status))
