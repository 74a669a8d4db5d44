"""Everything measured at one size, in a child process with Django on that database:
first in-process (the summary rebuild, queries per page, the sweep probes), then against
the real stack (intake, the floor, dispatch, pages), then the export in a fresh process."""

import json
import os
import subprocess
import time

from bench import djangoenv
from bench.stack import LOGS, PYTHON, RUN, Stack

PROBES = {  # measurements run in a fresh process of their own, killed at their timeout
    "export": lambda measure, meta: measure.export_cases_xlsx(),
    "sweep_due": lambda measure, meta: measure.sweep_with_due(meta),
    "sweep_none_due": lambda measure, meta: measure.sweep_none_due(meta),
}


class Deadline:
    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()


def probe(name: str, url: str, timeout: float) -> dict:
    """One in-process measurement in a fresh process: bounded, and the export's peak
    memory is its own; a killed probe's transaction is rolled back by PostgreSQL."""
    command = [PYTHON, RUN, "--probe", name, "--database-url", url]
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
    under the summary's version, reports/totals.py)."""
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
    from bench.seeding.context import ensure_city_supervisor

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
    targets = measure.page_targets(meta)
    run_steps(result, size, args.steps, in_process_steps(meta, targets, url, deadline))
    stack = Stack(url, args.port, args.workers, LOGS)
    try:
        stack.start()
        steps = stack_steps(args, url, targets, deadline)
        run_steps(result, size, args.steps, steps, deadline=deadline, catch_errors=True)
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


def run_steps(result, size, only, steps, deadline=None, catch_errors=False) -> None:
    """Each (name, step) in turn, its result under its name. Skipped when --steps (`only`)
    leaves it out, or when a `deadline` has less than a minute left; with `catch_errors`,
    a step that fails is reported and the next one runs."""
    for name, step in steps:
        if (deadline and deadline.left() < 60) or (only and name not in only):
            result["skipped"].append(name)
            continue
        print(f"  [{size:,}] {name} ...", flush=True)
        if not catch_errors:
            result[name] = step()
            continue
        try:
            result[name] = step()
        except Exception as error:  # noqa: BLE001 - one broken step must not lose the rest
            result[name] = {"error": repr(error)[:300]}


def in_process_steps(meta, targets, url, deadline) -> list:
    from bench import measure

    return [
        ("stats_rebuild", lambda: measure.stats_rebuild(meta)),
        ("queries", lambda: {t.name: measure.count_queries(t) for t in targets}),
        ("sweep_due", lambda: probe("sweep_due", url, min(900, deadline.left() - 300))),
        ("sweep_none_due", lambda: probe("sweep_none_due", url, 300)),
        ("vacuum_after_probes", measure.vacuum_after_probes),
    ]


def stack_steps(args, url, targets, deadline) -> list:
    """The measurements against gunicorn and the worker, in order: the intake runs leave
    a routing backlog, which is waited for before the dispatch latency is timed."""
    from bench import traffic

    offset = int(time.time()) % 100_000 * 1000
    fetch = traffic.http_fetcher(args.port)

    def pages():
        return {
            t.name: {**time_page_safely(fetch, t, args.repeat), "role": t.role, "note": t.note}
            for t in targets
        }

    def dispatch():
        number = offset + 3_000_000
        return traffic.dispatch_latency(args.port, args.dispatch_cases, number, deadline)

    return [
        ("intake_api", lambda: traffic.intake_api(args.port, args.intake_seconds, offset)),
        ("intake_form", lambda: traffic.intake_form(args.port, args.intake_seconds, offset + 1)),
        ("bare_insert", lambda: traffic.bare_insert(url, args.intake_seconds, offset + 2)),
        ("routing_backlog_seconds", lambda: traffic.wait_routed(min(300, deadline.left() - 60))),
        ("dispatch", dispatch),
        ("worker_idle_seconds", lambda: traffic.wait_worker_idle(min(300, deadline.left() - 60))),
        ("pages", pages),
    ]
