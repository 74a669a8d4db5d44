"""The results table: printed, and written as JSON and Markdown under bench/results/."""

import json
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
NA = "not available"

# (label, how to read it from one size's result, target, check(value, value_at_smallest))
PAGES = [
    ("My cases", "my_cases", 100, 1.5),
    ("My cases, filtered (overdue)", "my_cases_filtered", 100, 1.5),
    ("Case list, first page", "case_list", 100, 1.5),
    ("Case list, filtered", "case_list_filtered", 100, 1.5),
    ("Employer search (Chinese substring)", "employer_search", 200, 1.5),
    ("Case page (25 workers, 100 events)", "case_page", 100, 1.5),
    ("Case page (ordinary case)", "case_page_small", 100, 1.5),
    ("Supervisor dashboard (city, one year)", "dashboard", 300, 1.5),
    ("Supervisor dashboard, construction cases", "dashboard_construction", 300, 1.5),
    ("Monthly return (city, last ended month)", "monthly_return", 500, 1.5),
    ("Case list, construction", "case_list_construction", 100, 1.5),
    ("Case list, violation category (wages unpaid)", "case_list_violation", 100, 1.5),
    ("My cases, construction", "my_cases_construction", 100, 1.5),
    ("Public look-up /track/", "lookup", 100, 1.5),
]


def _get(result: dict, *keys):
    value = result
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _fmt(value, unit: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        value = f"{value:,.1f}" if value >= 10 else f"{value:,.3g}"
    elif isinstance(value, int):
        value = f"{value:,}"
    return f"{value}{unit}"


def rows(results: dict) -> list[tuple[str, str, list[str]]]:
    """(metric, target, one cell per size) for the Markdown and printed table."""
    sizes = results.get("sizes", [])
    return [(label, target, [cell(size) for size in sizes]) for label, target, cell in _table()]


def _table() -> list[tuple[str, str, Callable[[dict], str]]]:
    """(metric, target, how to write its cell from one size's result)."""
    return [
        (
            "Intake API: registrations/s (8 clients, 3 workers each)",
            "≥ 150/s, within 20% of 10k",
            _value("intake_api", "per_second"),
        ),
        ("Intake API: p50 / p95", "p95 < 100 ms", partial(_pair, key="intake_api")),
        ("Intake form: registrations/s", "", _value("intake_form", "per_second")),
        ("Intake form: p50 / p95 (POST)", "", partial(_pair, key="intake_form")),
        ("Bare psycopg insert (floor): registrations/s", "", _value("bare_insert", "per_second")),
        ("HTTP API intake / bare insert", "report", _value("intake_ratio_to_floor")),
        *[
            (f"{label}: p50 / p95", f"p95 < {target} ms, ≤ 1.5× 10k", partial(_page, key=key))
            for label, key, target, _ratio in PAGES
        ],
        ("Deadline sweep, due / open deadlines", "", _sweep_counts),
        (
            "Deadline sweep with due deadlines",
            "< 5 s (10,000 due)",
            _value("sweep_due", "seconds", unit=" s"),
        ),
        (
            "Deadline sweep, none due",
            "< 50 ms",
            _value("sweep_none_due", "seconds", unit=" ms", scale=_ms),
        ),
        ("Dispatch latency p50 / p95 (200 cases)", "p95 < 1 s", partial(_pair, key="dispatch")),
        ("Export .xlsx: rows, time", "100,000 rows < 60 s", _export),
        (
            "Export .xlsx: peak memory of the process",
            "< 300 MB",
            _value("export", "peak_rss_mb", unit=" MB"),
        ),
        (
            "Dashboard summary rebuild (beat, every 10 min)",
            "",
            _value("stats_rebuild", "seconds", unit=" s"),
        ),
        ("Seed (bench/seed.py)", "1M < 10 min", _value("seed_seconds", "total", unit=" s")),
        (
            "Supervisor dashboard: first view after a rebuild",
            "report",
            _value("pages", "dashboard", "first_ms", unit=" ms"),
        ),
        *[
            (f"SQL queries: {key}", "constant in N", partial(_queries, key=key))
            for _label, key, _target, _ratio in PAGES
        ],
    ]


def _value(*keys: str, unit: str = "", scale=None) -> Callable[[dict], str]:
    """A cell: the value at `keys` of one size's result, optionally scaled, with its unit."""

    def cell(size: dict) -> str:
        value = _get(size, *keys)
        return _fmt(scale(value) if scale else value, unit)

    return cell


def _ms(seconds):
    return None if seconds is None else round(seconds * 1000, 1)


def _pair(size: dict, key: str) -> str:
    p50, p95 = _get(size, key, "p50_ms"), _get(size, key, "p95_ms")
    if p50 is None:
        return "–"
    return f"{p50:,.0f} / {p95:,.0f} ms"


def _page(size: dict, key: str) -> str:
    page = _get(size, "pages", key)
    if page is None:
        return "–"
    if not page.get("available"):
        return NA
    if page.get("error") or "p50_ms" not in page:
        return f"error: {page.get('error', '?')[:60]}"
    status = page.get("status")
    if page.get("n", 0) < 30:
        status = f"{status}, n={page.get('n')}"
    text = f"{page['p50_ms']:,.0f} / {page['p95_ms']:,.0f} ms"
    return text if status == 200 else f"{text} (HTTP {status})"


def _queries(size: dict, key: str) -> str:
    value = _get(size, "queries", key)
    if value is None:
        return "–"
    return str(value["queries"]) if value.get("available") else NA


def _sweep_counts(size: dict) -> str:
    due, open_ = _get(size, "sweep_due", "due"), _get(size, "sweep_due", "open")
    return "–" if due is None else f"{due:,} / {open_:,}"


def _export(size: dict) -> str:
    export = size.get("export")
    if not export:
        return "–"
    if not export.get("available"):
        return NA
    if export.get("error"):
        return f"error: {export['error']}"
    return f"{export['rows']:,} rows, {export['seconds']:.1f} s"


def render_markdown(results: dict) -> str:
    sizes = results.get("sizes", [])
    machine = results.get("machine", {})
    head = ["Measurement", "Target (at 1M)", *[f"N = {s.get('n', 0):,}" for s in sizes]]
    lines = [
        f"Measured {machine.get('date', '')} on {machine.get('cores')} cores, PostgreSQL "
        f"{machine.get('postgresql', '?')} ({_settings(machine)}), Python "
        f"{machine.get('python', '?')}; gunicorn "
        f"{results.get('settings', {}).get('gunicorn_workers')} sync workers, one Celery "
        "worker (concurrency 2), Redis db 14, all on 127.0.0.1.",
        "",
        "Load average (1/5/15 min) before each size: "
        + "; ".join(f"{s.get('n', 0):,}: {s.get('load_before')}" for s in sizes)
        + " (above 2 means other work shared the 2 cores).",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
    ]
    for label, target, cells in rows(results):
        lines.append("| " + " | ".join([label, target, *cells]) + " |")
    skipped = [f"{s.get('n', 0):,}: {', '.join(s['skipped'])}" for s in sizes if s.get("skipped")]
    errors = [f"{s.get('n', 0):,}: {s['error']}" for s in sizes if s.get("error")]
    if skipped:
        lines += ["", "Skipped (time guard): " + "; ".join(skipped)]
    if errors:
        lines += ["", "Errors: " + "; ".join(errors)]
    return "\n".join(lines) + "\n"


def _settings(machine: dict) -> str:
    settings = machine.get("postgresql_settings") or {}
    return ", ".join(f"{key} {value}" for key, value in sorted(settings.items()))


def write_results(results: dict, directory: Path = RESULTS) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    text = json.dumps(results, indent=1, ensure_ascii=False, default=str)
    markdown = render_markdown(results)
    for name in (stamp, "latest"):
        (directory / f"{name}.json").write_text(text)
        (directory / f"{name}.md").write_text(markdown)
    return directory / f"{stamp}.json", directory / f"{stamp}.md"
