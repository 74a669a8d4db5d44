"""The results table: printed, and written as JSON and Markdown under bench/results/."""

import json
from datetime import UTC, datetime
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
    table = []

    def add(label, target, cell):
        table.append((label, target, [cell(size) for size in sizes]))

    add(
        "Intake API: registrations/s (8 clients, 3 workers each)",
        "≥ 150/s, within 20% of 10k",
        lambda s: _fmt(_get(s, "intake_api", "per_second")),
    )
    add("Intake API: p50 / p95", "p95 < 100 ms", lambda s: _pair(s, "intake_api"))
    add("Intake form: registrations/s", "", lambda s: _fmt(_get(s, "intake_form", "per_second")))
    add("Intake form: p50 / p95 (POST)", "", lambda s: _pair(s, "intake_form"))
    add(
        "Bare psycopg insert (floor): registrations/s",
        "",
        lambda s: _fmt(_get(s, "bare_insert", "per_second")),
    )
    add("HTTP API intake / bare insert", "report", lambda s: _fmt(s.get("intake_ratio_to_floor")))
    for label, key, target, _ratio in PAGES:
        add(
            f"{label}: p50 / p95",
            f"p95 < {target} ms, ≤ 1.5× 10k",
            lambda s, key=key: _page(s, key),
        )
    add("Deadline sweep, due / open deadlines", "", lambda s: _sweep_counts(s))
    add(
        "Deadline sweep with due deadlines",
        "< 5 s (10,000 due)",
        lambda s: _fmt(_get(s, "sweep_due", "seconds"), " s"),
    )
    add(
        "Deadline sweep, none due",
        "< 50 ms",
        lambda s: _fmt(_ms(_get(s, "sweep_none_due", "seconds")), " ms"),
    )
    add("Dispatch latency p50 / p95 (200 cases)", "p95 < 1 s", lambda s: _pair(s, "dispatch"))
    add("Export .xlsx: rows, time", "100,000 rows < 60 s", lambda s: _export(s))
    add(
        "Export .xlsx: peak memory of the process",
        "< 300 MB",
        lambda s: _fmt(_get(s, "export", "peak_rss_mb"), " MB"),
    )
    add(
        "Dashboard summary rebuild (beat, every 10 min)",
        "",
        lambda s: _fmt(_get(s, "stats_rebuild", "seconds"), " s"),
    )
    add(
        "Seed (bench/seed.py)",
        "1M < 10 min",
        lambda s: _fmt(_get(s, "seed_seconds", "total"), " s"),
    )
    add(
        "Supervisor dashboard: first view after a rebuild",
        "report",
        lambda s: _fmt(_get(s, "pages", "dashboard", "first_ms"), " ms"),
    )
    for _label, key, _target, _ratio in PAGES:
        add(f"SQL queries: {key}", "constant in N", lambda s, key=key: _queries(s, key))
    return table


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
