"""`python bench/explain.py [--database-url URL]`: why a page is slow, query by query.

Requests each bench page once in-process (Django's test client), keeps the slowest SQL
statements of each, and prints EXPLAIN (ANALYZE, BUFFERS) for them; the output goes to
bench/results/explain-<database>.txt, the evidence behind bench/README.md "Gaps".
"""

import argparse
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import djangoenv  # noqa: E402


def slowest_queries(target, keep: int) -> list[tuple[float, str]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import measure

    client = Client()
    if target.role:
        client.force_login(measure.user(target.role))
    client.get(target.path)
    with CaptureQueriesContext(connection) as queries:
        client.get(target.path)
    timed = sorted(((float(q["time"]), q["sql"]) for q in queries.captured_queries), reverse=True)
    return timed[:keep]


def explain(sql: str) -> str:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)  # EXPLAIN ANALYZE runs the statement
    return plan


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--keep", type=int, default=2, help="slowest queries per page")
    args = parser.parse_args(argv)
    djangoenv.setup(args.database_url)
    from django.db import connection

    from bench import measure

    out = [f"# {connection.settings_dict['NAME']} at {time.strftime('%Y-%m-%d %H:%M')}"]
    for target in measure.page_targets(measure.seed_meta()):
        if target.path is None:
            continue
        for seconds, sql in slowest_queries(target, args.keep):
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            out += [f"\n## {target.name} ({seconds * 1000:.1f} ms)\n{sql}\n", explain(sql)]
    text = "\n".join(out)
    path = djangoenv.REPO / "bench" / "results" / f"explain-{connection.settings_dict['NAME']}.txt"
    path.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
