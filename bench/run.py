"""`python bench/run.py`: the benchmark of issue #8 at 10,000, 100,000 and 1,000,000 cases.

    python bench/run.py [--sizes 10000,100000,1000000] [--max-seconds 5400] [--workers 2]

For each size it uses the database shouwen_bench_<size> on 127.0.0.1 (created, migrated
and seeded with bench/seed.py when it does not hold that many seeded cases yet), starts
the real stack on loopback (gunicorn with --workers sync workers, one Celery worker on
the routing, deadlines and notifications queues, Redis db 14), measures, stops the
stack, and writes bench/results/<date>.json and .md plus latest.json and latest.md.
Every measurement is bounded; when --max-seconds is spent the rest is reported skipped.
"""

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import djangoenv  # noqa: E402
from bench.report import render_markdown, write_results  # noqa: E402

PYTHON = str(djangoenv.REPO / ".venv" / "bin" / "python")
GUNICORN = str(djangoenv.REPO / ".venv" / "bin" / "gunicorn")
CELERY = str(djangoenv.REPO / ".venv" / "bin" / "celery")
PASSWORD = "shouwen-demo-2026"
CLIENTS = 8


def database_url(size: int) -> str:
    label = f"{size // 1_000_000}m" if size % 1_000_000 == 0 else f"{size // 1000}k"
    return f"postgres://postgres@127.0.0.1:5432/shouwen_bench_{label}"


class Deadline:
    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()


# --- the stack ---------------------------------------------------------------------------


class Stack:
    """gunicorn and a Celery worker on loopback, stopped by their own process ids."""

    def __init__(self, url: str, port: int, workers: int, log_dir: Path):
        self.env = {**os.environ, **djangoenv.bench_environment(url)}
        self.port, self.workers, self.log_dir = port, workers, log_dir
        self.processes: list[subprocess.Popen] = []

    def start(self) -> None:
        import socket

        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                raise RuntimeError(f"port {self.port} is taken: is an earlier bench still up?")
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self._spawn(
            "gunicorn",
            [
                GUNICORN,
                "config.wsgi:application",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "300",
                "--graceful-timeout",
                "5",
            ],
        )
        self._spawn(
            "celery",
            [
                CELERY,
                "-A",
                "config",
                "worker",
                "-Q",
                "routing,deadlines,notifications",
                "--concurrency",
                "2",
                "--loglevel",
                "WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
        )
        self._wait_ready()

    def _spawn(self, name: str, command: list[str]) -> None:
        log = (self.log_dir / f"{name}.log").open("ab")
        self.processes.append(
            subprocess.Popen(command, cwd=djangoenv.REPO, env=self.env, stdout=log, stderr=log)
        )

    def _wait_ready(self) -> None:
        from bench.client import Session

        for _ in range(120):
            if any(process.poll() is not None for process in self.processes):
                raise RuntimeError(f"a bench process exited; see {self.log_dir}")
            try:
                status, _body = Session(self.port).get("/accounts/login/")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def stop(self) -> None:
        for process in self.processes:  # the main processes only (celery/celery#2700)
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        self.processes = []


# --- HTTP measurements (in the per-size child) --------------------------------------------


def api_token(username: str) -> str:
    from rest_framework.authtoken.models import Token

    from accounts.models import User

    token, _created = Token.objects.get_or_create(user=User.objects.get(username=username))
    return token.key


def concurrent(seconds: float, clients: int, one_client) -> dict:
    """Run `one_client(index, stop_at, latencies, errors)` in `clients` threads."""
    from bench.measure import summarize

    latencies: list[float] = []
    errors: list[str] = []
    stop_at = time.perf_counter() + seconds
    threads = [
        threading.Thread(target=one_client, args=(index, stop_at, latencies, errors))
        for index in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {
        "clients": clients,
        "registrations": len(latencies),
        "per_second": round(len(latencies) / wall, 1),
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        **summarize(latencies),
    }


def intake_api(port: int, seconds: float, offset: int) -> dict:
    from bench.client import Session
    from bench.measure import api_body

    token = api_token("window")
    path = "/api/v1/cases/"

    def client(index, stop_at, latencies, errors):
        session, number = Session(port, token=token), offset + index * 1_000_000
        while time.perf_counter() < stop_at:
            number += 1
            started = time.perf_counter()
            status, body = session.post_json(path, api_body(number))
            if status == 201:
                latencies.append(time.perf_counter() - started)
            else:
                errors.append(f"{status} {body[:200]!r}")

    return concurrent(seconds, CLIENTS, client)


def intake_form(port: int, seconds: float, offset: int) -> dict:
    from django.urls import reverse

    from bench.client import Session
    from bench.measure import form_fields

    path, login = reverse("complaints:intake"), reverse("accounts:login")
    sessions = []
    for _ in range(CLIENTS):
        session = Session(port)
        session.login(login, "window", PASSWORD)
        sessions.append(session)

    def client(index, stop_at, latencies, errors):
        session, number = sessions[index], offset + index * 1_000_000
        while time.perf_counter() < stop_at:
            number += 1
            fields = {**form_fields(number), "token": session.form_token(path)}
            started = time.perf_counter()
            status, body = session.post_form(path, fields)
            if status == 302:
                latencies.append(time.perf_counter() - started)
            else:
                errors.append(f"{status} {body[:200]!r}")

    return concurrent(seconds, CLIENTS, client)


def bare_insert(url: str, seconds: float, offset: int) -> dict:
    """The floor: the same rows in the same transaction shape, by psycopg alone."""
    from bench.floor import insert_one_case, open_connection

    def client(index, stop_at, latencies, errors):
        connection, number = open_connection(url), offset + index * 1_000_000
        try:
            while time.perf_counter() < stop_at:
                number += 1
                started = time.perf_counter()
                try:
                    insert_one_case(connection, number)
                    latencies.append(time.perf_counter() - started)
                except Exception as error:  # noqa: BLE001 - reported, not fatal
                    errors.append(repr(error)[:200])
        finally:
            connection.close()

    return concurrent(seconds, CLIENTS, client)


def wait_routed(timeout: float) -> float:
    """Wait for the worker to route every pending case (the intake burst's backlog)."""
    from complaints.models import Case

    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if not Case.objects.filter(routing_state="pending").exists():
            break
        time.sleep(0.5)
    return round(time.perf_counter() - started, 1)


def wait_worker_idle(timeout: float) -> float:
    """Wait until the worker's queues are empty (the announcements and SMS the intake and
    dispatch runs left behind), so the pages are timed alone. Messages a stopped worker
    held stay "unacknowledged" in Redis until the visibility timeout, so those are not
    counted; the worker holds at most 4 (concurrency 2, prefetch 1), hence the settle."""
    import redis

    broker = redis.Redis.from_url(os.environ["REDIS_URL"])
    queues = ("routing", "deadlines", "notifications")
    started, quiet = time.perf_counter(), 0
    while time.perf_counter() - started < timeout and quiet < 4:
        busy = sum(broker.llen(queue) for queue in queues)
        quiet = quiet + 1 if busy == 0 else 0
        time.sleep(0.5)
    return round(time.perf_counter() - started, 1)


def dispatch_latency(port: int, count: int, offset: int, deadline: Deadline) -> dict:
    """Registration committed (API answered) -> referral row created by the worker."""
    from django.db import connection

    from bench.client import Session
    from bench.measure import api_body, summarize

    session = Session(port, token=api_token("window"))
    latencies, missing = [], 0
    for number in range(offset, offset + count):
        if deadline.left() < 30:
            break
        status, body = session.post_json("/api/v1/cases/", api_body(number))
        answered = time.perf_counter()
        if status != 201:
            missing += 1
            continue
        ticket = json.loads(body)["ticket"]
        while time.perf_counter() - answered < 15:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT 1 FROM dispatch_referral r JOIN complaints_case c ON c.id = r.case_id "
                    "WHERE c.ticket = %s LIMIT 1",
                    [ticket],
                )
                if cursor.fetchone():
                    latencies.append(time.perf_counter() - answered)
                    break
            time.sleep(0.005)
        else:
            missing += 1
    return {"missing": missing, **summarize(latencies)}


def http_fetcher(port: int):
    from django.urls import reverse

    from bench.client import Session
    from bench.measure import ROLES

    sessions: dict = {}

    def fetch(role, path):
        if role not in sessions:
            session = Session(port)
            if role:
                session.login(reverse("accounts:login"), ROLES[role], PASSWORD)
            sessions[role] = session
        status, _body = sessions[role].get(path)
        return status

    return fetch


PROBES = {  # measurements run in a fresh process of their own, killed at their timeout
    "export": lambda measure, meta: measure.export_cases_xlsx(),
    "sweep_due": lambda measure, meta: measure.sweep_with_due(meta),
    "sweep_none_due": lambda measure, meta: measure.sweep_none_due(meta),
}


def probe(name: str, url: str, timeout: float) -> dict:
    """One in-process measurement in a fresh process: bounded, and the export's peak
    memory is its own; a killed probe's transaction is rolled back by PostgreSQL."""
    command = [PYTHON, str(Path(__file__)), "--probe", name, "--database-url", url]
    env = {**os.environ, **djangoenv.bench_environment(url)}
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"available": True, "error": f"over {timeout:.0f} s"}
    if done.returncode != 0:
        return {"available": True, "error": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def time_page_safely(fetch, target, repeat: int) -> dict:
    """One page's timings; a page that errors or times out is reported, not fatal. The
    summary gets a new version first, as a rebuild gives it, so the warm-up request is a
    first view after a rebuild (the dashboard keeps the figures of ended days in the cache
    under the summary's version, reports/settled.py)."""
    from uuid import uuid4

    from bench import measure
    from reports.models import SummaryState

    SummaryState.objects.update(version=uuid4())
    try:
        return measure.time_page(fetch, target, repeat)
    except Exception as error:  # noqa: BLE001 - e.g. a page slower than the client timeout
        return {"available": True, "error": repr(error)[:200]}


def loadavg() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def measure_size(size: int, url: str, args, deadline: Deadline) -> dict:
    """Everything at one size; runs in a child process with Django on that database."""
    from accounts.models import Office, User
    from bench import measure
    from bench.seed import ensure_city_supervisor

    ensure_city_supervisor(
        Office.objects.get(code="city"), {"supervisor": User.objects.get(username="supervisor")}
    )
    meta = measure.seed_meta()
    result: dict = {
        "n": size,
        "seeded": meta.get("cases"),
        "today": meta.get("today"),
        "seed_seconds": meta.get("seconds"),
        "load_before": loadavg(),
        "skipped": [],
    }
    offset = int(time.time()) % 100_000 * 1000
    targets = measure.page_targets(meta)
    in_process = [
        ("stats_rebuild", lambda: measure.stats_rebuild(meta)),
        ("queries", lambda: {t.name: measure.count_queries(t) for t in targets}),
        ("sweep_due", lambda: probe("sweep_due", url, min(900, deadline.left() - 300))),
        ("sweep_none_due", lambda: probe("sweep_none_due", url, 300)),
        ("vacuum_after_probes", measure.vacuum_after_probes),
    ]
    for name, step in in_process:
        if args.steps and name not in args.steps:
            result["skipped"].append(name)
            continue
        print(f"  [{size:,}] {name} ...", flush=True)
        result[name] = step()
    stack = Stack(url, args.port, args.workers, djangoenv.REPO / "bench" / "results" / "logs")
    try:
        stack.start()
        steps = [
            ("intake_api", lambda: intake_api(args.port, args.intake_seconds, offset)),
            ("intake_form", lambda: intake_form(args.port, args.intake_seconds, offset + 1)),
            ("bare_insert", lambda: bare_insert(url, args.intake_seconds, offset + 2)),
            ("routing_backlog_seconds", lambda: wait_routed(min(300, deadline.left() - 60))),
            (
                "dispatch",
                lambda: dispatch_latency(
                    args.port, args.dispatch_cases, offset + 3_000_000, deadline
                ),
            ),
            ("worker_idle_seconds", lambda: wait_worker_idle(min(300, deadline.left() - 60))),
            (
                "pages",
                lambda: {
                    t.name: {
                        **time_page_safely(fetch, t, args.repeat),
                        "role": t.role,
                        "note": t.note,
                    }
                    for t in targets
                },
            ),
        ]
        fetch = http_fetcher(args.port)
        for name, step in steps:
            if deadline.left() < 60 or (args.steps and name not in args.steps):
                result["skipped"].append(name)
                continue
            print(f"  [{size:,}] {name} ...", flush=True)
            try:
                result[name] = step()
            except Exception as error:  # noqa: BLE001 - one broken step must not lose the rest
                result[name] = {"error": repr(error)[:300]}
    finally:
        stack.stop()
    if args.steps and "export" not in args.steps:
        result["skipped"].append("export")
    elif deadline.left() > 120:
        result["export"] = probe("export", url, min(600, deadline.left() - 60))
    else:
        result["skipped"].append("export")
    api, floor = result.get("intake_api", {}), result.get("bare_insert", {})
    if api.get("per_second") and floor.get("per_second"):
        result["intake_ratio_to_floor"] = round(api["per_second"] / floor["per_second"], 3)
    result["load_after"] = loadavg()
    return result


# --- the orchestrator ---------------------------------------------------------------------


def prepare_database(size: int, url: str, seed: int, timeout: float) -> dict:
    """Create, migrate and seed shouwen_bench_<size> unless it already holds that seed."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, **djangoenv.bench_environment(url)}
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=djangoenv.REPO,
        env=env,
        check=True,
        timeout=600,
    )
    with psycopg.connect(url) as connection:
        from bench.seed import read_meta

        meta = read_meta(connection.cursor())
    if meta and meta.get("cases") == size and meta.get("seed") == seed:
        # Migrations since the seed may have rewritten many rows (backfills); with
        # autovacuum off (as on the measuring machine) their dead rows and stale
        # statistics would be measured instead of the schema.
        started = time.monotonic()
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("VACUUM (ANALYZE)")
        return {"reused": True, "vacuum_seconds": round(time.monotonic() - started, 1)}
    started = time.monotonic()
    subprocess.run(
        [PYTHON, "bench/seed.py", str(size), "--seed", str(seed), "--database-url", url],
        cwd=djangoenv.REPO,
        env=env,
        check=True,
        timeout=timeout,
    )
    return {"reused": False, "seconds": round(time.monotonic() - started, 1)}


def machine() -> dict:
    import psycopg

    with psycopg.connect(database_url(10_000).rsplit("/", 1)[0] + "/postgres") as connection:
        version = connection.execute("SHOW server_version").fetchone()[0]
        settings = dict(
            connection.execute(
                "SELECT name, setting || coalesce(unit, '') FROM pg_settings WHERE name IN "
                "('shared_buffers', 'work_mem', 'max_wal_size', 'synchronous_commit')"
            ).fetchall()
        )
    return {
        "cores": os.cpu_count(),
        "postgresql": version,
        "postgresql_settings": settings,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def orchestrate(args) -> int:
    deadline = Deadline(args.max_seconds)
    results = {
        "machine": machine(),
        "settings": {
            "gunicorn_workers": args.workers,
            "celery_concurrency": 2,
            "clients": CLIENTS,
            "intake_seconds": args.intake_seconds,
            "repeat": args.repeat,
            "dispatch_cases": args.dispatch_cases,
        },
        "sizes": [],
    }
    for size in args.sizes:
        url = database_url(size)
        if deadline.left() < 180:
            results["sizes"].append({"n": size, "skipped": ["everything: --max-seconds spent"]})
            continue
        print(f"== {size:,} cases ({url.rsplit('/', 1)[1]})", flush=True)
        prepared = prepare_database(size, url, args.seed, timeout=max(60, deadline.left() - 120))
        command = [
            PYTHON,
            str(Path(__file__)),
            "--one-size",
            str(size),
            "--database-url",
            url,
            "--max-seconds",
            str(int(deadline.left())),
            "--workers",
            str(args.workers),
            "--port",
            str(args.port),
            "--intake-seconds",
            str(args.intake_seconds),
            "--repeat",
            str(args.repeat),
            "--dispatch-cases",
            str(args.dispatch_cases),
            "--steps",
            ",".join(args.steps),
        ]
        env = {**os.environ, **djangoenv.bench_environment(url)}
        out = djangoenv.REPO / "bench" / "results" / "logs" / f"size-{size}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        try:
            subprocess.run(
                [*command, "--out", str(out)],
                cwd=djangoenv.REPO,
                env=env,
                check=True,
                timeout=max(60, deadline.left()),
            )
            result = json.loads(out.read_text())
        except (subprocess.SubprocessError, ValueError, OSError) as error:
            result = {"n": size, "error": repr(error)[:300]}
        result["prepared"] = prepared
        results["sizes"].append(result)
        write_results(results)  # after every size: a cut-short run keeps what it measured
    print(render_markdown(results))
    return 0


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="10000,100000,1000000",
        type=lambda text: [int(part) for part in text.split(",")],
    )
    parser.add_argument("--max-seconds", type=float, default=5400)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--intake-seconds", type=float, default=20)
    parser.add_argument("--repeat", type=int, default=60, help="requests per page")
    parser.add_argument("--dispatch-cases", type=int, default=200)
    parser.add_argument(
        "--steps",
        default="",
        type=lambda text: [s for s in text.split(",") if s],
        help="only these HTTP steps (for debugging), e.g. intake_api,pages",
    )
    parser.add_argument("--one-size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--probe", choices=sorted(PROBES), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.probe:
        djangoenv.setup(args.database_url)
        from bench import measure

        print(json.dumps(PROBES[args.probe](measure, measure.seed_meta())))
        return 0
    if args.one_size:
        djangoenv.setup(args.database_url)
        result = measure_size(args.one_size, args.database_url, args, Deadline(args.max_seconds))
        Path(args.out).write_text(json.dumps(result, indent=1, default=str))
        return 0
    return orchestrate(args)


if __name__ == "__main__":
    sys.exit(main())
