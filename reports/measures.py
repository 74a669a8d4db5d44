"""What each counted figure counts, said once, and the one query that counts it.

A Measure is rows of one kind timed by one field (cases registered, cases closed,
referrals done...) with the aggregates counted over them, each named after the summary
column it fills. `Measure.count` is the only query that counts a measure: the rebuild
(reports/summary.py, `Table.rebuilt`) runs it over every row before the summary's end,
grouped by bucket and the table's keys; a view runs it over a piece of a period in an
office's scope, grouped by a figure's keys (`Figure.counted`). A Table is a summary model
and the measure behind each of its columns; a Figure is columns of a table grouped by
keys, read from the table for the summary's buckets (`Figure.summarized`) and counted
from the rows for the rest. reports/totals.py adds the two up. So a figure read from the
summary equals a direct recount by construction (tests/reports/test_summary.py checks
it still). Wages recovered and workers helped are the ledger's (reports/ledger.py): a
worker paid twice is helped once, which does not add up as counts do.
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Aggregate, Count, F, Model, Q, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncMonth

from accounts.models import Office
from complaints.models import AcceptanceDecision, Case, Consultation, DecisionStatus, Status
from dispatch.calendar import WorkingDayCounter
from dispatch.models import Referral, ReferralStatus
from dispatch.selectors.cases import case_was_late
from reports import scope
from reports.models import (
    CaseMonth,
    ClosureMonth,
    ConsultationMonth,
    DecisionMonth,
    DeskMonth,
    OfficerMonth,
)
from reports.periods import Parts, Period, local_day, month_start, split_whole
from reports.restriction import summary_rows


@dataclass(frozen=True, eq=False)
class Measure:
    """Rows of `model` (in an office's scope: `rows_in`) matching `where`, timed by the
    field `timed_by`; `values` counts them, {summary column: aggregate}. `case` is the
    path from a row to its case ("" when the rows are cases)."""

    model: type[Model]
    rows_in: Callable[[Office], QuerySet]
    timed_by: str
    values: dict[str, Aggregate]
    where: Q = Q()
    case: str = ""

    def case_field(self, name: str) -> str:
        """A field of the row's case, as a path from the row."""
        return f"{self.case}__{name}" if self.case else name

    def rows(self, office: Office, period: Period) -> QuerySet:
        """The office's rows timed in the period (or the piece of it)."""
        timed = {f"{self.timed_by}__gte": period.start, f"{self.timed_by}__lt": period.end}
        return self.rows_in(office).filter(self.where, **timed)

    def count(self, rows: QuerySet, by: Sequence, columns: Sequence[str]) -> list[tuple]:
        """(*by, *columns) of `rows` grouped by `by` (fields or expressions)."""
        values = {f"value_{column}": self.values[column] for column in columns}
        return list(rows.values_list(*by).annotate(**values).order_by())


RECEIVED = Measure(Case, scope.cases_in, "registered_at", {"received": Count("id")})
CLOSED = Measure(
    Case,
    scope.cases_in,
    "closed_at",
    {"closed": Count("id"), "closed_late": Count("id", filter=Q(case_was_late()))},
    where=Q(status=Status.CLOSED),
)
# Cases ended (closed, withdrawn, ...: `closed_at` set) by the time they ended: with the
# cases received, the cases open at a month's end (reports/figures.py open_at_end).
ENDED = Measure(
    Case, scope.cases_in, "closed_at", {"ended": Count("id")}, Q(closed_at__isnull=False)
)
CONSULTED = Measure(Consultation, scope.consultations_in, "created_at", {"received": Count("id")})
REFERRED = Measure(
    Referral, scope.referrals_in, "created_at", {"referred": Count("id")}, case="case"
)
DONE = Measure(
    Referral,
    scope.referrals_in,
    "closed_at",
    {"done": Count("id"), "done_late": Count("id", filter=Q(scope.late_referral()))},
    where=Q(status=ReferralStatus.DONE),
    case="case",
)
# The acceptance decision (受理) on a case, taken when approved: late when its local day
# (Asia/Shanghai, the current time zone) is after the day the inspection desk's 5-day
# clock it met was due (`due_on`, none when no such clock ran: never late).
DECISION_LATE = Q(due_on__isnull=False, decided_at__date__gt=F("due_on"))
DECIDED = Measure(
    AcceptanceDecision,
    scope.decisions_in,
    "decided_at",
    {"decided": Count("id"), "decided_late": Count("id", filter=DECISION_LATE)},
    where=Q(status=DecisionStatus.APPROVED),
    case="case",
)


class Key:
    """A grouping: its `fields` on a summary table, as many fields or expressions on a
    measure's rows (`on_rows`), and how the values found on either are read: as they are,
    unless a kind of key says otherwise."""

    def __init__(self, *fields: str):
        self.fields = fields

    def on_rows(self, measure: Measure) -> list:
        return list(self.fields)

    def read_table(self, found: list[tuple]) -> list[tuple]:
        return found

    def read_rows(self, found: list[tuple]) -> list[tuple]:
        return self.read_table(found)


class Month(Key):
    """The month, as its 1st: of a summary row's bucket (a month's 1st, or a day of the
    current month), or of a row's time."""

    def __init__(self):
        super().__init__("month")

    def on_rows(self, measure: Measure) -> list:
        return [TruncMonth(measure.timed_by)]

    def read_table(self, found: list[tuple]) -> list[tuple]:
        return [(month_start(local_day(value)),) for (value,) in found]


class Bucket(Key):
    """A summary row's own bucket, as the rebuild counts it (reports/summary.py): the
    month's 1st for a month before the current one, the day itself in the current month."""

    def __init__(self):
        super().__init__("month")

    def read_rows(self, found: list[tuple]) -> list[tuple]:
        return [(local_day(value),) for (value,) in found]


class DaysToClose(Key):
    """Calendar and working days from the day of registration to the day of closing (the
    day of registration not counted): grouped by the two days on the rows, counted on the
    Chinese calendar here."""

    def __init__(self):
        super().__init__("calendar_days", "working_days")

    def on_rows(self, measure: Measure) -> list:
        return [TruncDate("registered_at"), TruncDate("closed_at")]

    def read_rows(self, found: list[tuple]) -> list[tuple]:
        counter = WorkingDayCounter()
        if found:
            counter.cover(min(first for first, _ in found), max(last for _, last in found))
        return [((last - first).days, counter.between(first, last)) for first, last in found]


class Through(Key):
    """Fields of a related row (`path`, e.g. a decision's case): named as they are on a
    summary table, reached through `path` on a measure's rows."""

    def __init__(self, path: str, *fields: str):
        super().__init__(*fields)
        self.path = path

    def on_rows(self, measure: Measure) -> list:
        return [f"{self.path}__{name}" for name in self.fields]


class CaseField(Key):
    """A field of the rows' case (`row_field`), named `field` on a summary table."""

    def __init__(self, field: str, row_field: str):
        super().__init__(field)
        self.row_field = row_field

    def on_rows(self, measure: Measure) -> list:
        return [measure.case_field(self.row_field)]


MONTH = Month()
BUCKET = Bucket()
DAYS_TO_CLOSE = DaysToClose()
# Every summary table of cases, and of what hangs off them, is keyed by it
# (reports/models.py ConstructionKey, reports/restriction.py SUMMARY_KEYS).
CONSTRUCTION = CaseField("construction", "is_construction")


def _keys(keys: Sequence) -> list[Key]:
    return [key if isinstance(key, Key) else Key(key) for key in keys]


def _on_rows(keys: list[Key], measure: Measure) -> list:
    return [field for key in keys for field in key.on_rows(measure)]


def _read(keys: list[Key], found: list[tuple], *, on_rows: bool) -> list[tuple]:
    """Rows (*key fields, *values) as (key, values), each key's fields read by the key."""
    found, columns, at = list(found), [], 0
    for key in keys:
        part = [row[at : at + len(key.fields)] for row in found]
        columns.append(key.read_rows(part) if on_rows else key.read_table(part))
        at += len(key.fields)
    return [
        (tuple(value for column in key for value in column), row[at:])
        for *key, row in zip(*columns, found, strict=True)
    ]


def _by_measure(columns: dict[str, Measure], wanted: Sequence[str]) -> dict:
    """{measure: its columns among `wanted`}, in the order of `wanted`."""
    found: dict[Measure, list[str]] = defaultdict(list)
    for column in wanted:
        found[columns[column]].append(column)
    return found


@dataclass(frozen=True)
class Span:
    """Rows timed before the summary's end, bucketed by month or by day."""

    start: datetime | None
    end: datetime
    by_day: bool

    def of(self, measure: Measure) -> tuple[QuerySet, object]:
        """(the measure's rows timed in this span, the bucket expression)."""
        field = measure.timed_by
        rows = measure.model.objects.filter(measure.where, **{f"{field}__lt": self.end})
        if self.start:
            rows = rows.filter(**{f"{field}__gte": self.start})
        return rows, TruncDate(field) if self.by_day else TruncMonth(field)


@dataclass(frozen=True, eq=False)
class Table:
    """A summary model: rows keyed by bucket (`month`) and `keys`, each column filled by
    its measure; `scope` the fields that place a row in an office's scope."""

    model: type[Model]
    scope: tuple[str, ...]
    keys: tuple[str | Key, ...]
    columns: dict[str, Measure]

    def rebuilt(self, spans: list[Span]) -> list[Model]:
        """Every row, counted from the cases: each measure's columns by bucket and keys."""
        keys = _keys(self.keys)
        rows: dict[tuple, dict] = {}
        for measure, columns in _by_measure(self.columns, list(self.columns)).items():
            for span in spans:
                found, bucket = span.of(measure)
                counted = measure.count(found, [bucket, *_on_rows(keys, measure)], columns)
                for key, values in _read([BUCKET, *keys], counted, on_rows=True):
                    row = rows.setdefault(key, dict.fromkeys(self.columns, 0))
                    for column, value in zip(columns, values, strict=True):
                        row[column] += value
        fields = [self.model._meta.get_field(name).attname for name in self._fields()]
        return [
            self.model(**dict(zip(fields, key, strict=True)), **values)
            for key, values in rows.items()
        ]

    def _fields(self) -> list[str]:
        return ["month", *(field for key in _keys(self.keys) for field in key.fields)]

    def summed(self, office: Office, buckets: list[date], keys: list[Key], columns) -> list:
        """(*key fields, *columns) of the office's rows of the buckets, summed by keys."""
        rows = summary_rows(self.model.objects.filter(month__in=buckets))
        rows = scope.in_scope(rows, office, *self.scope)
        fields = [field for key in keys for field in key.fields]
        sums = {f"value_{column}": Sum(column) for column in columns}
        return list(rows.values_list(*fields).annotate(**sums).order_by())


CASE_MONTHS = Table(
    CaseMonth,
    scope.OFFICE_PAIR,
    (*scope.OFFICE_PAIR, "channel", "category", CONSTRUCTION),
    {"received": RECEIVED, "closed": CLOSED, "ended": ENDED},
)
CONSULTATION_MONTHS = Table(
    ConsultationMonth, ("office",), ("office", "channel", "category"), {"received": CONSULTED}
)
CLOSURE_MONTHS = Table(
    ClosureMonth,
    scope.OFFICE_PAIR,
    (*scope.OFFICE_PAIR, DAYS_TO_CLOSE, CONSTRUCTION),
    {"closed": CLOSED, "closed_late": CLOSED},
)
DESK_MONTHS = Table(
    DeskMonth,
    ("desk__office",),
    ("desk", CONSTRUCTION),
    {"referred": REFERRED, "done": DONE, "done_late": DONE},
)
OFFICER_MONTHS = Table(
    OfficerMonth, ("desk__office",), ("desk", "officer", CONSTRUCTION), {"done": DONE}
)
DECISION_MONTHS = Table(
    DecisionMonth,
    scope.OFFICE_PAIR,
    (Through("case", *scope.OFFICE_PAIR), "ground", CONSTRUCTION),
    {"decided": DECIDED, "decided_late": DECIDED},
)
TABLES = (
    CASE_MONTHS,
    CONSULTATION_MONTHS,
    CLOSURE_MONTHS,
    DESK_MONTHS,
    OFFICER_MONTHS,
    DECISION_MONTHS,
)


@dataclass(frozen=True, eq=False)
class Figure:
    """Columns of a table grouped by keys: {key: values} over a period is the table's rows
    of the summary's buckets plus the rows counted for the rest (reports/totals.py)."""

    table: Table
    keys: tuple[str | Key, ...]
    columns: tuple[str, ...]

    @property
    def name(self) -> str:
        fields = ",".join(field for key in _keys(self.keys) for field in key.fields)
        return f"{self.table.model.__name__}:{fields}:{','.join(self.columns)}"

    def parts(self, period: Period, summarized_through: date | None) -> Parts:
        """Counts add up: a partial month that has ended may be read as the month less
        its other days (periods.split_whole)."""
        return split_whole(period, summarized_through)

    def summarized(self, office: Office, buckets: list[date]) -> list[tuple]:
        keys = _keys(self.keys)
        found = self.table.summed(office, buckets, keys, self.columns)
        return _read(keys, found, on_rows=False)

    def counted(self, office: Office, piece: Period) -> list[tuple]:
        """(key, values) counted from the office's rows timed in the piece: one query per
        measure of the columns."""
        keys, found = _keys(self.keys), []
        for measure, columns in _by_measure(self.table.columns, self.columns).items():
            counted = measure.count(measure.rows(office, piece), _on_rows(keys, measure), columns)
            for key, values in _read(keys, counted, on_rows=True):
                by_column = dict(zip(columns, values, strict=True))
                found.append((key, tuple(by_column.get(column, 0) for column in self.columns)))
        return found


RECEIVED_CASES = Figure(CASE_MONTHS, ("channel", "category"), ("received",))
RECEIVED_CONSULTATIONS = Figure(CONSULTATION_MONTHS, ("channel", "category"), ("received",))
CLOSINGS = Figure(CLOSURE_MONTHS, (DAYS_TO_CLOSE,), ("closed", "closed_late"))
DECISIONS = Figure(DECISION_MONTHS, ("ground",), ("decided", "decided_late"))
DESKS = Figure(DESK_MONTHS, ("desk__kind",), ("done", "done_late"))
OFFICERS_DONE = Figure(OFFICER_MONTHS, ("officer",), ("done",))
TREND = Figure(CASE_MONTHS, (MONTH,), ("received", "closed"))
BALANCE = Figure(CASE_MONTHS, (MONTH,), ("received", "ended"))
DESK_TREND = Figure(DESK_MONTHS, ("desk__kind", MONTH), ("referred", "done"))
