"""`python bench/seed.py N`: N realistic cases straight into PostgreSQL with COPY.

    python bench/seed.py 100000 [--seed 2026] [--today 2026-11-27] [--database-url URL]

Replaces the bench database's case data (the demo offices, desks and accounts are kept
or created, password shouwen-demo-2026), then writes cases, complainants, employers,
timelines, referrals, deadlines, payments, missing materials, consultations and the
inspection procedure of a share of the filed cases (steps, issued documents, services,
orders to correct), the wage-arrears dimensions (construction, migrant workers,
industries, projects and their parties, violation categories, advances, group cases,
campaigns; bench/seeding/dimensions.py), sets the ticket and document number counters
and the sequences, and runs VACUUM ANALYZE. Deterministic for a given seed and `--today`.
It refuses a database whose name has neither "bench" nor "test".

What the data looks like (bench/README.md "The seed"): 3 years of weekday office-hours
registrations; group cases of 1-40 workers; every status, half of the cases still open,
so open deadlines come to about N (the issue's sweep scenario) of which 1% are due within
two working days of `--today`, some already overdue; timelines of 3-30 events; wage
payments on closed cases; three "showcase" cases with 25 workers, 100 events and the
full inspection procedure each.
The code is the package bench/seeding/, one module per kind of row.
"""

import argparse
import sys
import time
from datetime import date
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/seed.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import djangoenv  # noqa: E402


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of cases")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        help="the seed's today (default: today); deadlines are due around it",
    )
    parser.add_argument(
        "--database-url",
        default=None,
        help=f"default: $DATABASE_URL or {djangoenv.DEFAULT_DATABASE_URL}",
    )
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    djangoenv.setup(args.database_url)
    from django.db import connection

    from bench.seeding.database import seed_database, vacuum_analyze
    from bench.seeding.meta import write_meta
    from reports.tallies import tallies_recount

    name = connection.settings_dict["NAME"]
    if "bench" not in name and "test" not in name:
        raise SystemExit(f"bench/seed.py replaces case data; refusing database {name!r}")
    started = time.monotonic()
    print(f"Seeding {args.n:,} cases into {name} (seed {args.seed}) ...", flush=True)
    summary = seed_database(args.n, seed=args.seed, today=args.today)
    tallies_recount()  # COPY ran with the triggers off (session_replication_role)
    summary.seconds["vacuum_analyze"] = vacuum_analyze()
    summary.seconds["total"] = round(time.monotonic() - started, 1)
    with connection.cursor() as cursor:
        write_meta(cursor.cursor, summary)
    for key, value in summary.__dict__.items():
        print(f"  {key:<16} {value:,}" if isinstance(value, int) else f"  {key:<16} {value}")
    return summary


if __name__ == "__main__":
    main()
