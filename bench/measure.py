"""The bench's measurements, one small named function each; Django must be set up.

Pages are resolved by URL name with `reverse`: a page whose URL does not resolve (not
built yet) is reported as not available instead of failing the run. The functions take
a `fetch(role, path) -> status` callable, so the same code times pages over HTTP
(bench/run.py) and in-process through Django's test client (the smoke test).
"""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import quote

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

SEARCH_TERM = "建筑"  # a Chinese substring of many employer names (建筑工程, 建筑劳务, ...)
ROLES = {  # bench role -> demo account
    "inspector": "inspector",
    "window": "window",
    "city_supervisor": "citysupervisor",
    "admin": "admin",
}


@dataclass
class Target:
    """One page to time: who asks, and the path (None when the URL does not resolve)."""

    name: str
    role: str | None
    path: str | None
    note: str = ""


def url(name: str, *args, query: str = "") -> str | None:
    try:
        path = reverse(name, args=args)
    except NoReverseMatch:
        return None
    return f"{path}?{quote(query, safe='=&')}" if query else path


def seed_meta() -> dict:
    from bench.seeding.meta import read_meta

    with connection.cursor() as cursor:
        return read_meta(cursor.cursor) or {}


def sample_cases(count: int = 40) -> list[tuple[str, str]]:
    """(ticket, last 4 digits of a phone) of ordinary open cases visible to the inspector."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.ticket, right(p.phone, 4) FROM complaints_case c "
            "JOIN complaints_complainant p ON p.case_id = c.id AND p.phone <> '' "
            "JOIN accounts_office o ON o.id = c.responsible_office_id "
            "WHERE o.code = 'xiling' AND c.id %% 97 = 0 ORDER BY c.id DESC LIMIT %s",
            [count],
        )
        return cursor.fetchall()


def page_targets(meta: dict) -> list[Target]:
    """The pages of issue #8, each as its role sees it."""
    today = date.fromisoformat(meta.get("today") or date.today().isoformat())
    showcase = (meta.get("showcase_tickets") or [None])[0]
    ordinary = sample_cases(1)
    return [
        Target("my_cases", "inspector", url("dispatch:my_cases")),
        Target("my_cases_filtered", "inspector", url("dispatch:my_cases", query="overdue=1")),
        Target("case_list", "inspector", url("complaints:case_list")),
        Target(
            "case_list_filtered",
            "inspector",
            url("complaints:case_list", query="status=in_progress&category=wage_arrears"),
        ),
        Target(
            "employer_search",
            "inspector",
            url("complaints:case_list", query=f"q={SEARCH_TERM}"),
            note=f"q={SEARCH_TERM}",
        ),
        Target(
            "case_page",
            "inspector",
            url("complaints:case_detail", showcase) if showcase else None,
            note="25 workers, 100 events",
        ),
        Target(
            "case_page_small",
            "inspector",
            url("complaints:case_detail", ordinary[0][0]) if ordinary else None,
        ),
        *board_targets(today),
        *dimension_targets(),
        Target(
            "lookup",
            None,
            url("tracking:track", query=f"ticket={ordinary[0][0]}&phone={ordinary[0][1]}")
            if ordinary
            else None,
        ),
    ]


def board_targets(today: date) -> list[Target]:
    """The city supervisor's dashboard (whole, and narrowed to construction cases: the
    summary's key) and monthly return."""
    year_ago = today - timedelta(days=365)
    city = _city_office_id()
    return [
        Target(
            "dashboard",
            "city_supervisor",
            url(
                "reports:dashboard",
                query=f"office={city}&date_from={year_ago}&date_to={today}",
            ),
            note="city, one year",
        ),
        Target(
            "dashboard_construction",
            "city_supervisor",
            url(
                "reports:dashboard",
                query=f"office={city}&date_from={year_ago}&date_to={today}&construction=yes",
            ),
            note="city, one year, construction cases",
        ),
        Target(
            "monthly_return",
            "city_supervisor",
            url("reports:monthly_return", query=f"office={city}&month={last_ended_month(today)}"),
            note="city, the last ended month",
        ),
    ]


def dimension_targets() -> list[Target]:
    """The case list and My cases narrowed by the wage-arrears dimensions."""
    violation = "wages_unpaid"  # seeded by complaints' migration: on every wage-arrears case
    return [
        Target(
            "case_list_construction",
            "inspector",
            url("complaints:case_list", query="construction=yes"),
        ),
        Target(
            "case_list_violation",
            "inspector",
            url("complaints:case_list", query=f"violation={violation}"),
            note=f"violation={violation}",
        ),
        Target(
            "my_cases_construction",
            "inspector",
            url("dispatch:my_cases", query="construction=yes"),
        ),
    ]


def last_ended_month(today: date) -> str:
    """YYYY-MM of the month before the seed's day's month (the last that has ended)."""
    return f"{today.replace(day=1) - timedelta(days=1):%Y-%m}"


def _city_office_id() -> int | None:
    from accounts.models import Office

    return Office.objects.filter(code="city").values_list("pk", flat=True).first()


def summarize(seconds: list[float]) -> dict:
    if not seconds:
        return {}
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(p95 * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def time_page(fetch: Callable, target: Target, repeat: int = 30, budget: float = 90) -> dict:
    """p50/p95 of `repeat` requests (after one warm-up); not available when unresolved.

    A page that needs more than `budget` seconds for them stops early (n < repeat): it
    misses its target by far anyway, and the run must stay bounded.
    """
    if target.path is None:
        return {"available": False}
    started = time.perf_counter()
    status = fetch(target.role, target.path)  # warm-up: connections, caches, templates
    first_ms = round((time.perf_counter() - started) * 1000, 1)
    seconds, stop_at = [], time.perf_counter() + budget
    for _ in range(repeat):
        if time.perf_counter() > stop_at:
            break
        started = time.perf_counter()
        status = fetch(target.role, target.path)
        seconds.append(time.perf_counter() - started)
    return {"available": True, "status": status, "first_ms": first_ms, **summarize(seconds)}


def user(role: str):
    from accounts.models import User

    return User.objects.get(username=ROLES[role])


def count_queries(target: Target) -> dict:
    """SQL queries of one request to the page, through Django's test client in-process."""
    if target.path is None:
        return {"available": False}
    client = Client()
    if target.role:
        client.force_login(user(target.role))
    client.get(target.path)  # the first request fills per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(target.path)
    return {"available": True, "status": response.status_code, "queries": len(queries)}


class _Rollback(Exception):
    pass


def _timed_and_rolled_back(work: Callable) -> tuple[float, object]:
    """Run `work` in a transaction that is rolled back: the seeded state stays as it is."""
    result = {}
    try:
        with transaction.atomic():
            started = time.perf_counter()
            result["value"] = work()
            result["seconds"] = time.perf_counter() - started
            raise _Rollback
    except _Rollback:
        pass
    return result["seconds"], result["value"]


def vacuum_after_probes() -> dict:
    """VACUUM (ANALYZE) after the rolled-back sweep probes, before the stack is timed. A
    real sweep commits its marks; each probe rolls back about 15,000 updated deadlines,
    referrals and events, whose dead row versions this PostgreSQL (autovacuum off) would
    otherwise keep in the very indexes the pages read next (the overdue deadlines' partial
    index among them), an artefact of the bench and not a state production reaches."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    return {"seconds": round(time.perf_counter() - started, 1)}


def sweep_moment(meta: dict):
    from bench.seeding.dates import sweep_moment as moment

    return moment(date.fromisoformat(meta["today"]))


def open_deadline_counts(meta: dict) -> dict:
    from dispatch.calendar import add_working_days
    from dispatch.models import Deadline

    today = date.fromisoformat(meta["today"])
    threshold = add_working_days(today, 2).due
    open_ = Deadline.objects.filter(closed_at__isnull=True)
    return {
        "open": open_.count(),
        "due": open_.filter(paused_on__isnull=True, due__lte=threshold).count(),
    }


def sweep_with_due(meta: dict) -> dict:
    """The chase sweep at 10:00 on the seed's day (messages go out), rolled back after."""
    from dispatch.services.chasing import chase_deadlines

    counts = open_deadline_counts(meta)
    seconds, report = _timed_and_rolled_back(lambda: chase_deadlines(now=sweep_moment(meta)))
    return {**counts, "seconds": round(seconds, 3), **report.as_dict()}


def stats_rebuild(meta: dict) -> dict:
    """Recount the dashboard's monthly summary and the open tallies, as beat and
    `rebuild_stats` do, as if at the seed's "now" (17:00 on its day) just before the next
    rebuild: the summary holds the days before the seed's day, and that day's rows timed
    before the last rebuild (beat's 10 minutes and SETTLING_MARGIN before now) are
    settled. The dashboard then counts the rows of the last 15 minutes live, the most it
    ever counts, whatever day the bench runs on (on a later day the default rebuild would
    hold the seed's day and nothing would be counted live)."""
    from bench.seeding.dates import seed_now
    from config.celery import beat_schedule
    from reports.summary import SETTLING_MARGIN
    from reports.summary import stats_rebuild as rebuild
    from reports.tallies import tallies_recount

    today = date.fromisoformat(meta["today"])
    beat_period = timedelta(seconds=beat_schedule()["rebuild-stats"]["schedule"])
    settled_until = seed_now(today) - beat_period - SETTLING_MARGIN
    started = time.perf_counter()
    rebuild(through=today, settled_until=settled_until)
    tallies_recount()
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "settled_until": settled_until.isoformat(),
    }


def sweep_none_due(meta: dict) -> dict:
    """The same sweep once the due deadlines are moved a month on: nothing to do."""
    from dispatch.calendar import add_working_days
    from dispatch.models import Deadline
    from dispatch.services.chasing import chase_deadlines

    today = date.fromisoformat(meta["today"])
    threshold = add_working_days(today, 2).due

    def work():
        Deadline.objects.filter(closed_at__isnull=True, due__lte=threshold).update(
            due=threshold + timedelta(days=30)
        )
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            chase_deadlines(now=sweep_moment(meta))
            runs.append(time.perf_counter() - started)
        return runs

    _seconds, runs = _timed_and_rolled_back(work)
    return {"seconds": round(min(runs), 4), "runs": [round(run, 4) for run in runs]}


def export_cases_xlsx(rows_wanted: int = 100_000) -> dict:
    """An .xlsx export of `rows_wanted` cases through the reports service, in this process.

    Time and peak memory (ru_maxrss) of this process; run it in a fresh process to get
    the export's own peak (bench/run.py does). Not available without the reports app.
    """
    import resource
    from unittest import mock

    if url("reports:export_cases") is None:
        return {"available": False}
    from reports import services

    admin = user("admin")
    query = _newest_cases_query(rows_wanted)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    total = services.filtered_cases(user=admin, query=query).count()
    with mock.patch.object(services, "_send"):  # run it here, not on a worker
        job = services.export_request(user=admin, query=query, file_format="xlsx", total_rows=total)
    job = services.export_run(job_id=job.pk)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "available": True,
        "rows": total,
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(peak / 1024, 1),
        "baseline_rss_mb": round(baseline / 1024, 1),
        "file_mb": round(services.export_path(job).stat().st_size / 2**20, 1),
    }


def _newest_cases_query(rows_wanted: int) -> str:
    """The case-list query string selecting about the newest `rows_wanted` cases."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (registered_at AT TIME ZONE 'Asia/Shanghai')::date FROM complaints_case "
            "ORDER BY registered_at DESC OFFSET %s LIMIT 1",
            [rows_wanted - 1],
        )
        row = cursor.fetchone()
    return f"date_from={row[0] + timedelta(days=1)}" if row else ""


def chinese_number(number: int) -> str:
    """Digits as Chinese numerals: a person's name may hold no digits."""
    return "".join("零一二三四五六七八九"[int(digit)] for digit in str(number))


def api_body(index: int, workers: int = 3) -> dict:
    """A 3-worker group case as a platform or a window pushes it through the API."""
    people = [
        {
            "name": f"王{chinese_number(index % 1000)}{'甲乙丙'[n % 3]}",
            "phone": f"139{(index * 10 + n) % 10**8:08d}",
        }
        for n in range(workers)
    ]
    people[0]["is_representative"] = True
    return {
        "description": f"{workers}名工人反映宜昌测试{index}建筑工程有限公司拖欠两个月工资。",
        "category": "wage_arrears",
        "employer": {"name": f"宜昌测试{index}建筑工程有限公司"},
        "site": "",
        "complainants": people,
    }


def form_fields(index: int, workers: int = 3) -> dict:
    """The intake form's fields for the same case (the token comes from the GET)."""
    fields = {
        "channel": "walk_in",
        "category": "wage_arrears",
        "description": f"{workers}名工人反映宜昌表单{index}建筑有限公司拖欠两个月工资。",
        "employer_name": f"宜昌表单{index}建筑有限公司",
        "form-TOTAL_FORMS": str(workers),
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "200",
    }
    for n in range(workers):
        fields[f"form-{n}-name"] = f"李{chinese_number(index % 1000)}{'甲乙丙'[n % 3]}"
        fields[f"form-{n}-phone"] = f"138{(index * 10 + n) % 10**8:08d}"
    return fields
