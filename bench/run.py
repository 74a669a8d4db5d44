"""`python bench/run.py`: the benchmark of issue #8 at 10,000, 100,000 and 1,000,000 cases.

    python bench/run.py [--sizes 10000,100000,1000000] [--max-seconds 5400] [--workers 2]

For each size it uses the database shouwen_bench_<size> on 127.0.0.1 (created, migrated
and seeded with bench/seed.py when it does not hold that many seeded cases yet), starts
the real stack on loopback (gunicorn with --workers sync workers, one Celery worker on
the routing, deadlines and notifications queues, Redis db 14), measures, stops the
stack, and writes bench/results/<date>.json and .md plus latest.json and latest.md.
Every measurement is bounded; when --max-seconds is spent the rest is reported skipped.

The measuring is in bench/one_size.py (per size, in a child process), bench/traffic.py
(against the stack), bench/stack.py (the processes) and bench/measure.py (in-process).
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import djangoenv  # noqa: E402
from bench.one_size import PROBES, Deadline, measure_size  # noqa: E402
from bench.report import render_markdown, write_results  # noqa: E402
from bench.stack import LOGS, PYTHON, RUN  # noqa: E402
from bench.traffic import CLIENTS  # noqa: E402


def database_url(size: int) -> str:
    label = f"{size // 1_000_000}m" if size % 1_000_000 == 0 else f"{size // 1000}k"
    return f"postgres://postgres@127.0.0.1:5432/shouwen_bench_{label}"


def prepare_database(size: int, url: str, seed: int, timeout: float) -> dict:
    """Create, migrate and seed shouwen_bench_<size> unless it already holds that seed."""
    import psycopg

    from bench.seeding.meta import read_meta

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
        result = measure_in_child(args, size, url, deadline)
        result["prepared"] = prepared
        results["sizes"].append(result)
        write_results(results)  # after every size: a cut-short run keeps what it measured
    print(render_markdown(results))
    return 0


def measure_in_child(args, size: int, url: str, deadline: Deadline) -> dict:
    """`run.py --one-size` in a child process with Django on that size's database."""
    options = {
        "--one-size": size,
        "--database-url": url,
        "--max-seconds": int(deadline.left()),
        "--workers": args.workers,
        "--port": args.port,
        "--intake-seconds": args.intake_seconds,
        "--repeat": args.repeat,
        "--dispatch-cases": args.dispatch_cases,
        "--steps": ",".join(args.steps),
    }
    out = LOGS / f"size-{size}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [PYTHON, RUN, *(str(part) for item in options.items() for part in item)]
    try:
        subprocess.run(
            [*command, "--out", str(out)],
            cwd=djangoenv.REPO,
            env={**os.environ, **djangoenv.bench_environment(url)},
            check=True,
            timeout=max(60, deadline.left()),
        )
        return json.loads(out.read_text())
    except (subprocess.SubprocessError, ValueError, OSError) as error:
        return {"n": size, "error": repr(error)[:300]}


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
