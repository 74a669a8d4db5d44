"""The summary tables: their rebuild from the cases, and the state a view reads them by.

The dashboard counts the months that have ended, and the ended days of the current
month, from the summary tables (reports/measures.py's TABLES, and the ledger's WageMonth
and WorkerPaymentMonth), and only the rest (today, a partial month at either end of the
period) from the cases themselves (reports/totals.py). A row's `month` is the month's 1st
for a month before the current one and the day itself for a day of the current month
(reports.periods.split). `stats_rebuild` recomputes every row in one transaction (the
rebuild_stats command, and the beat task every few minutes, so a late change to a past
day, e.g. a payment entered with an earlier date, shows after the next run), with the
same query a view counts the rest with (measures.Measure.count), and records the moment
before which today's rows are taken as settled too (`settled_until`).
"""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from config import clock
from reports import ledger
from reports.followup_tables import SATISFACTION_MONTHS
from reports.group_tables import GROUP_MONTHS
from reports.measures import TABLES, Span
from reports.models import SummaryState, WageMonth, WorkerPaymentMonth
from reports.periods import day_start, month_start
from reports.procedure_tables import PROCEDURE_TABLES

ALL_TABLES = (*TABLES, *PROCEDURE_TABLES, SATISFACTION_MONTHS, GROUP_MONTHS)
SUMMARY_MODELS = (*(table.model for table in ALL_TABLES), WageMonth, WorkerPaymentMonth)


def _spans(through: date) -> list[Span]:
    """The months before the month of `through`, then the days of that month before it."""
    current = day_start(month_start(through))
    return [Span(None, current, False), Span(current, day_start(through), True)]


# A row is timed (registered_at, closed_at, recorded_at) inside the transaction that
# writes it and seen by others when that commits: within a request's or a task's time
# limit (90 s, config/celery.py). Rows timed this long before a rebuild started are all
# committed by the time anyone reads the rebuilt summary.
SETTLING_MARGIN = timedelta(minutes=5)


@transaction.atomic
def stats_rebuild(
    *, through: date | None = None, settled_until: datetime | None = None
) -> SummaryState:
    """Recount every month before the month of `through` (default: today) and every day
    of that month before `through` from the cases. Rows timed before `settled_until`
    (default: this rebuild's start less SETTLING_MARGIN) are from now on read as they
    were at this rebuild (reports/totals.py), the part of today before it included."""
    started = clock.now()
    through = through or timezone.localdate(started)
    settled_until = settled_until or started - SETTLING_MARGIN
    spans = _spans(through)
    SummaryState.objects.select_for_update().all().delete()
    for model in SUMMARY_MODELS:
        model.objects.all().delete()
    for table in ALL_TABLES:
        table.model.objects.bulk_create(table.rebuilt(spans), batch_size=2000)
    WageMonth.objects.bulk_create(ledger.wage_rows(through), batch_size=2000)
    WorkerPaymentMonth.objects.bulk_create(ledger.worker_payment_rows(through), batch_size=2000)
    return SummaryState.objects.create(
        through=through, built_at=clock.now(), settled_until=settled_until
    )


_pinned: ContextVar[tuple | None] = ContextVar("summary_pinned", default=None)


def _state() -> tuple[date | None, str | None, datetime | None]:
    """(the summary's end, its version, its settled moment), all None when it was never
    built."""
    pinned = _pinned.get()
    if pinned is not None:
        return pinned
    found = SummaryState.objects.values_list("through", "version", "settled_until").first()
    return (found[0], found[1].hex, found[2]) if found else (None, None, None)


def summarized_through() -> date | None:
    """The summary holds the months before this day's month and its days before it (None
    when it was never built)."""
    return _state()[0]


def summary_version() -> str | None:
    """Changes at every rebuild (None: never built)."""
    return _state()[1]


def settled_until() -> datetime | None:
    """Rows timed before this moment are read as they were at the last rebuild: the
    summary's own days, and the part of its end day (today) before the rebuild started,
    less SETTLING_MARGIN (None: never built)."""
    through, _version, moment = _state()
    if through is None:
        return None
    return max(day_start(through), moment) if moment else day_start(through)


@contextmanager
def pinned():
    """Read the summary's end, version and settled moment once for everything inside (one
    page: a dozen figures), so that they all read the same summary."""
    token = _pinned.set(_state())  # inside another pinned(): the same summary
    try:
        yield
    finally:
        _pinned.reset(token)
