"""Open cases and open referrals now, from the tallies the database keeps.

A trigger on complaints_case and one on dispatch_referral (reports migration 0008, keyed
by the case's construction mark since 0017) write +1/-1 rows to OpenCaseTally and
OpenReferralTally in the same transaction as any change that opens, ends or moves a case
or referral (or changes its case's mark), so the sum of the rows is always the
direct count of open ones, whatever wrote the change (services, bulk updates, admin).
The dashboard adds up a few hundred rows instead of counting half a million open cases.

`tallies_compact` (beat, every minute) folds the rows into one per key, so the sums stay
short; `tallies_recount` rebuilds them from the cases and referrals, for a database
loaded around the triggers (bench/seed.py's COPY) and by the rebuild_stats command.
"""

from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Count, Sum

from accounts.models import Office
from complaints.models import OPEN_STATUSES, Case
from dispatch.models import OPEN_REFERRAL_STATUSES, Referral
from reports.models import OpenCaseTally, OpenReferralTally
from reports.restriction import counted_from_rows, summary_rows
from reports.scope import OFFICE_PAIR, cases_in, in_scope, referrals_in

# (tally model, the model it counts, {tally column: the counted rows' field}, open
# statuses). Both are keyed by the case's construction mark (reports/restriction.py).
_TALLIES = (
    (
        OpenCaseTally,
        Case,
        {
            "registering_office_id": "registering_office",
            "responsible_office_id": "responsible_office",
            "construction": "is_construction",
        },
        OPEN_STATUSES,
    ),
    (
        OpenReferralTally,
        Referral,
        {"desk_id": "desk", "officer_id": "officer", "construction": "case__is_construction"},
        OPEN_REFERRAL_STATUSES,
    ),
)


def _rows(tally, keys: dict, sums) -> list:
    return [tally(**dict(zip(keys, key, strict=True)), delta=n) for *key, n in sums]


@transaction.atomic
def tallies_compact() -> int:
    """Fold each tally's rows into one row per key (keys summing to 0 go); returns the
    rows left. On PostgreSQL one statement per tally deletes exactly the rows it sums, so
    a change committed meanwhile keeps its own row and is neither lost nor counted twice
    (SQLite's writers take turns: nothing can interleave)."""
    left = 0
    for tally, _counted, keys, _statuses in _TALLIES:
        if connection.vendor != "postgresql":
            sums = tally.objects.values_list(*keys).annotate(n=Sum("delta")).order_by()
            rows = _rows(tally, keys, [row for row in sums if row[-1]])
            tally.objects.all().delete()
            left += len(tally.objects.bulk_create(rows, batch_size=2000))
            continue
        table, columns = tally._meta.db_table, ", ".join(keys)
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH gone AS (DELETE FROM {table} RETURNING {columns}, delta) "  # noqa: S608 - names from the models
                f"INSERT INTO {table} ({columns}, delta) "
                f"SELECT {columns}, SUM(delta) FROM gone GROUP BY {columns} "
                "HAVING SUM(delta) <> 0"
            )
            left += cursor.rowcount
    return left


@transaction.atomic
def tallies_recount() -> None:
    """Rebuild both tallies from the cases and referrals. On PostgreSQL the tally tables
    are locked first, so a change committing meanwhile waits and lands after the count."""
    for tally, counted, keys, statuses in _TALLIES:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {tally._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
        tally.objects.all().delete()
        open_now = counted.objects.filter(status__in=statuses).values_list(*keys.values())
        counts = open_now.annotate(n=Count("id")).order_by()
        tally.objects.bulk_create(_rows(tally, keys, counts), batch_size=2000)


def open_case_count(office: Office) -> int:
    """Open cases registered at or the responsibility of the office or one below it (of
    the dimension filters: counted from the cases unless the tallies are keyed by them,
    reports/restriction.py)."""
    if counted_from_rows():
        return cases_in(office).filter(status__in=OPEN_STATUSES).count()
    rows = in_scope(summary_rows(OpenCaseTally.objects.all()), office, *OFFICE_PAIR)
    return rows.aggregate(n=Sum("delta"))["n"] or 0


def open_referrals_by_officer(office: Office) -> dict:
    """{officer id or None: open referrals} at the desks of the office and those below."""
    if counted_from_rows():
        open_referrals = referrals_in(office).filter(status__in=OPEN_REFERRAL_STATUSES)
        counted = open_referrals.values_list("officer").annotate(n=Count("id")).order_by()
        return dict(counted)
    rows = in_scope(summary_rows(OpenReferralTally.objects.all()), office, "desk__office")
    found = defaultdict(int)
    for officer, n in rows.values_list("officer").annotate(n=Sum("delta")).order_by():
        if n:
            found[officer] += n
    return dict(found)
