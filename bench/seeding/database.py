"""`seed_database`: replace the case data of Django's default database with N cases."""

import bisect
import random
import time
from datetime import UTC, date, datetime, timedelta

from django.db import connection, transaction

from bench.seeding.cases import CaseWriter
from bench.seeding.context import Context
from bench.seeding.dates import last_working_day, registration_moments, seed_now
from bench.seeding.dimensions import DimensionWriter, write_campaigns
from bench.seeding.documents import DocumentWriter, write_document_counters
from bench.seeding.load import BackgroundCopier, BulkLoad, reset_case_data
from bench.seeding.meta import write_meta
from bench.seeding.others import (
    finish_counters_and_sequences,
    write_consultations,
    write_employers,
)
from bench.seeding.output import Output, SeedSummary
from bench.seeding.procedure import ProcedureWriter
from bench.seeding.referrals import ReferralWriter
from bench.seeding.timeline import TimelineWriter
from bench.words import NOTE_TEXTS, Pools, check_copy_safe
from dispatch.calendar import add_working_days

BATCH = 5000  # cases per round of COPY statements
SHOWCASE_COUNT = 3
SHOWCASE_AGE = timedelta(days=120)  # the showcase cases' age: a procedure run its course
DUE_SHARE = 0.01  # of N: open deadlines due within two working days of today
OPEN_DEADLINES_PER_CASE = 1.0  # target open deadlines / cases (the sweep scenario)


def seed_database(n: int, *, seed: int = 2026, today: date | None = None, log=print) -> SeedSummary:
    """Replace the case data of Django's default database with `n` generated cases."""
    started = time.monotonic()
    clock_today = today or datetime.now(UTC).astimezone().date()
    today = last_working_day(clock_today)  # the sweep runs on a working day
    now = seed_now(today)  # registrations end before
    rng = random.Random(seed)
    with transaction.atomic():
        ctx = Context()
        with connection.cursor() as wrapper:
            cursor = wrapper.cursor  # psycopg's own cursor: COPY
            reset_case_data(cursor)
            load = BulkLoad(cursor)
            load.start()
            pools = Pools(rng, employer_count=max(200, n // 8))
            check_copy_safe(*NOTE_TEXTS, *(e["name"] for e in pools.employers))
            writer = case_writer(ctx, rng, pools, today, n)
            summary = writer.out.summary
            summary.employers = write_employers(cursor, pools, now, rng)
            summary.projects = writer.dimensions.write_projects(cursor)
            summary.seconds["setup"] = round(time.monotonic() - started, 1)
            write_cases(writer, cursor, registration_moments(rng, n, now), log, started)
            summary.seconds["rows"] = round(time.monotonic() - started, 1)
            load.rebuild_indexes()
            summary.seconds["indexes"] = round(time.monotonic() - started, 1)
            load.finish()
            summary.consultations = write_consultations(cursor, ctx, rng, max(50, n // 5), now)
            summary.campaigns = write_campaigns(cursor, today, now)
            finish_counters_and_sequences(cursor, writer.counters)
            write_document_counters(cursor, writer.referrals.procedure.documents.counters)
            summary.today, summary.seed = today.isoformat(), seed
            summary.seconds["copy"] = round(time.monotonic() - started, 1)
            write_meta(cursor, summary)
    return summary


def case_writer(ctx, rng, pools, today: date, n: int) -> CaseWriter:
    """The writers of one run, with the shares that make open deadlines about N."""
    open_referrals_per_case = 0.52 * (45 / 52) * 1.12
    expected_open = n * OPEN_DEADLINES_PER_CASE
    out, now = Output(), seed_now(today)
    threshold = add_working_days(today, 2).due
    documents = DocumentWriter(ctx, rng, out, pools)
    procedure = ProcedureWriter(ctx, rng, out, documents, today=today, now=now, threshold=threshold)
    referrals = ReferralWriter(
        ctx,
        rng,
        out,
        today=today,
        threshold=threshold,
        due_probability=DUE_SHARE * n / expected_open,
        extra_probability=min(1.0, max(0.0, 1 / open_referrals_per_case - 1.0)),
        procedure=procedure,
    )
    timeline = TimelineWriter(ctx, rng, out, NOTE_TEXTS)
    dimensions = DimensionWriter(ctx, rng, out, pools, n, now)
    return CaseWriter(ctx, rng, pools, now, out, timeline, referrals, dimensions)


def write_cases(writer: CaseWriter, cursor, moments: list[datetime], log, started) -> None:
    """Generate the cases in batches, each copied by a second thread meanwhile."""
    n = len(moments)
    showcase = set(range(showcase_start(moments), n, 20)[:SHOWCASE_COUNT])
    copier = BackgroundCopier(cursor)
    try:
        for start in range(0, n, BATCH):
            for index in range(start, min(n, start + BATCH)):
                writer.write_case(moments[index], showcase=index in showcase)
            copier.put(writer.out.take())
            if (start // BATCH) % 20 == 19:
                log(f"  {start + BATCH:>9,} cases  {time.monotonic() - started:6.1f} s")
    finally:
        copier.close()


def showcase_start(moments: list[datetime]) -> int:
    """The first showcase case: registered about four months before the last one, so its
    inspection procedure has had the time to run its course (an order's pay-by date passed,
    a transfer answered); among the last 60 cases when the seed spans less."""
    n = len(moments)
    if not moments:
        return 0
    first = bisect.bisect_left(moments, moments[-1] - SHOWCASE_AGE)
    return min(first, max(0, n - 60))


def vacuum_analyze() -> float:
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    return round(time.monotonic() - started, 1)
