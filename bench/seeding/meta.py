"""The seed's facts for run.py (size, seed, today, showcase tickets): the `bench_meta`
table, bench-only. Needs no Django: run.py reads it before it sets Django up."""

import json


def write_meta(cursor, summary) -> None:
    cursor.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value jsonb)")
    cursor.execute(
        "INSERT INTO bench_meta VALUES ('seed', %s) ON CONFLICT (key) DO UPDATE "
        "SET value = EXCLUDED.value",
        [json.dumps(summary.__dict__, default=str)],
    )


def read_meta(cursor) -> dict | None:
    cursor.execute("SELECT to_regclass('bench_meta') IS NOT NULL")
    if not cursor.fetchone()[0]:
        return None
    cursor.execute("SELECT value FROM bench_meta WHERE key = 'seed'")
    row = cursor.fetchone()
    if not row:
        return None
    return row[0] if isinstance(row[0], dict) else json.loads(row[0])
