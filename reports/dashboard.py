"""The supervisor dashboard and the monthly return, assembled as tables with drill-downs.

Every figure is a Cell whose link opens the case list filtered to the cases behind it
(complaints:case_list with the drill-down filters of CaseFilterForm). A bounded number of
grouped queries, whatever the number of cases (tests/reports/test_reports_pages.py).
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Office
from complaints.models import Category, Channel, DeskKind
from reports import breakdowns, figures, summary, tallies
from reports.advances import advances_in
from reports.arrears_table import Counted, arrears_table
from reports.group_cases import open_group_cases
from reports.overdue import overdue_now
from reports.periods import Period
from reports.procedure import procedure
from reports.procedure_board import procedure_table
from reports.restriction import restricted_to
from reports.tables import Cell, Table, case_list_url

OVERDUE_LIST_LENGTH = 20
TREND_MONTHS = 24


@dataclass
class Dashboard:
    office: Office
    period: Period
    earlier: Period
    monthly_return: bool
    headline: Table
    tables: list[Table] = field(default_factory=list)
    overdue_list: list = field(default_factory=list)
    overdue_link: str = ""
    trend: list = field(default_factory=list)
    desk_trend: dict = field(default_factory=dict)
    group_cases: list = field(default_factory=list)  # open group wage-arrears cases, on top

    @property
    def consultation_link(self) -> str:
        return reverse("complaints:consultation_list")


def _period_filters(period: Period, prefix: str) -> dict:
    return {f"{prefix}_from": period.first.isoformat(), f"{prefix}_to": period.last.isoformat()}


def _received_filters(period: Period) -> dict:
    return {"date_from": period.first.isoformat(), "date_to": period.last.isoformat()}


def _received_table(key, title, choices, position, now, before, scope, period) -> Table:
    table = Table(
        key,
        title,
        [title, _("Cases"), _("Consultations"), _("Total"), _("A year earlier"), _("Change")],
    )
    now_cases, now_consultations = now.by_cases(position), now.by_consultations(position)
    earlier_total = before.by(position)
    for value, label in choices:
        cases, consultations = now_cases[value], now_consultations[value]
        link = case_list_url(scope=scope, **{key: value}, **_received_filters(period))
        table.add(
            Cell(str(label), "text"),
            Cell(cases, link=link),
            Cell(consultations),
            Cell(cases + consultations),
            Cell(earlier_total[value]),
            Cell(figures.change(cases + consultations, earlier_total[value]), "change"),
            key=value,
        )
    return table


@dataclass
class _Headline:
    """The headline table, a row at a time: the period's figure, a year earlier, change."""

    table: Table

    def add(self, key, label, value, earlier_value=None, kind="int", link="", compare=True):
        self.table.add(
            Cell(str(label), "text"),
            Cell(value, kind, link),
            Cell(earlier_value if compare else None, kind),
            Cell(figures.change(value or 0, earlier_value or 0) if compare else None, "change"),
            key=key,
        )


@dataclass
class _OpenAndOverdue:
    """Open and overdue cases: now (the dashboard) or at the period's end (the return)."""

    open_count: int
    overdue: object  # OverdueNow, or the cases overdue at the end (the monthly return)
    overdue_count: int
    monthly_return: bool
    scope: int

    @classmethod
    def of(cls, office: Office, period: Period, monthly_return: bool) -> "_OpenAndOverdue":
        if monthly_return:
            overdue = figures.overdue_at_day_end(office, period)
            open_count = figures.open_at_end(office, period)
            return cls(open_count, overdue, overdue.count(), True, office.pk)
        overdue = overdue_now(office)
        open_count = tallies.open_case_count(office)
        return cls(open_count, overdue, len(overdue.case_ids), False, office.pk)

    def add_open(self, headline: _Headline) -> None:
        label = _("Open at the end of the period") if self.monthly_return else _("Open now")
        link = "" if self.monthly_return else case_list_url(scope=self.scope, open=1)
        headline.add("open", label, self.open_count, link=link, compare=False)

    @property
    def overdue_link(self) -> str:
        return "" if self.monthly_return else case_list_url(scope=self.scope, overdue=1)

    def add_overdue(self, headline: _Headline) -> None:
        label = _("Overdue at the end of the period") if self.monthly_return else _("Overdue now")
        headline.add("overdue", label, self.overdue_count, link=self.overdue_link, compare=False)


def _add_received(headline: _Headline, scope: int, period: Period, now, before) -> None:
    link = case_list_url(scope=scope, **_received_filters(period))
    headline.add("received", _("Received (cases and consultations)"), now.total, before.total)
    headline.add("cases", _("Complaints received"), now.cases, before.cases, link=link)
    headline.add(
        "consultations", _("Consultations received"), now.consultations, before.consultations
    )


def _add_closed(headline: _Headline, closed: dict, closing, closing_before) -> None:
    for key, label, attribute, timeliness in (
        ("closed", _("Closed"), "closed", None),
        ("on_time", _("Closed on time"), "on_time", "on_time"),
        ("late", _("Closed late"), "late", "late"),
    ):
        link = case_list_url(**closed, timeliness=timeliness)
        now, before = getattr(closing, attribute), getattr(closing_before, attribute)
        headline.add(key, label, now, before, link=link)
    share, share_before = closing.on_time_share, closing_before.on_time_share
    headline.add(
        "on_time_share", _("Share closed on time"), share, share_before, "share", compare=False
    )


def _add_decided(headline: _Headline, decided, decided_before) -> None:
    """The acceptance decisions taken, beside the cases closed: the 5-working-day limit is
    met by the decision on the case only (reports/definitions.py)."""
    for key, label, attribute in (
        ("decided", _("Acceptance decisions"), "decided"),
        ("decided_on_time", _("Decided on time"), "on_time"),
        ("decided_late", _("Decided late"), "late"),
    ):
        now, before = getattr(decided, attribute), getattr(decided_before, attribute)
        headline.add(key, label, now, before)
    share, share_before = decided.on_time_share, decided_before.on_time_share
    label = _("Decided within 5 working days")
    headline.add("decided_on_time_share", label, share, share_before, "share", compare=False)


def _add_days(headline: _Headline, closed: dict, closing, closing_before) -> None:
    for label, kind, percentile in (
        (_("Median days to close (calendar)"), "calendar", 50),
        (_("90th percentile days to close (calendar)"), "calendar", 90),
        (_("Median days to close (working days)"), "working", 50),
        (_("90th percentile days to close (working days)"), "working", 90),
    ):
        headline.add(
            f"days_{kind}_{percentile}",
            label,
            closing.days(kind, percentile),
            closing_before.days(kind, percentile),
            kind="days",
            link=case_list_url(**closed),
            compare=False,
        )


def _add_wages(headline: _Headline, office: Office, period: Period, earlier: Period) -> tuple:
    paid, paid_before = figures.wages(office, period), figures.wages(office, earlier)
    link = case_list_url(scope=office.pk, **_period_filters(period, "paid"))
    recovered, recovered_before = paid.recovered, paid_before.recovered
    label = _("Wages recovered (yuan)")
    headline.add("wages", label, recovered, recovered_before, kind="money", link=link)
    headline.add("workers", _("Workers helped"), paid.workers, paid_before.workers, link=link)
    return paid, paid_before


def _add_advances(headline: _Headline, office: Office, period: Period, earlier: Period) -> None:
    """Advances (先行垫付) and their recovery, shown apart from the wages recovered."""
    now, before = advances_in(office, period, earlier)
    link = case_list_url(scope=office.pk, **_period_filters(period, "advanced"))
    label = _("Wages advanced (先行垫付)")
    headline.add("advanced", label, now.amount, before.amount, kind="money", link=link)
    label = _("Advances recovered from employers")
    headline.add("advances_recovered", label, now.recovered, before.recovered, kind="money")


def _headline(office, period, earlier, monthly_return) -> tuple[Table, dict]:
    now, before = figures.received(office, period), figures.received(office, earlier)
    closing, closing_before = figures.closure(office, period), figures.closure(office, earlier)
    current = _OpenAndOverdue.of(office, period, monthly_return)
    closed = {"scope": office.pk, **_period_filters(period, "closed")}
    columns = [_("Figure"), _("Period"), _("A year earlier"), _("Change")]
    headline = _Headline(Table("headline", _("Headline figures"), columns))
    _add_received(headline, office.pk, period, now, before)
    current.add_open(headline)
    _add_closed(headline, closed, closing, closing_before)
    _add_decided(headline, figures.decisions(office, period), figures.decisions(office, earlier))
    current.add_overdue(headline)
    _add_days(headline, closed, closing, closing_before)
    paid, paid_before = _add_wages(headline, office, period, earlier)
    _add_advances(headline, office, period, earlier)
    parts = {
        "now": now,
        "before": before,
        "overdue": current.overdue,
        "counted": (
            Counted(now, closing, paid, None),
            Counted(before, closing_before, paid_before, None),
        ),
    }
    return headline.table, {**parts, "overdue_link": current.overdue_link}


def _desk_table(office, period) -> Table:
    table = Table(
        "desks",
        _("Closed within the statutory limit, by desk"),
        [_("Desk"), _("Done"), _("On time"), _("Late"), _("Share on time")],
    )
    base = {"scope": office.pk, **_period_filters(period, "work")}
    for row in breakdowns.desks(office, period):
        table.add(
            Cell(row.label, "text"),
            Cell(row.done, link=case_list_url(**base, desk=row.desk)),
            Cell(row.on_time, link=case_list_url(**base, desk=row.desk, work_late="0")),
            Cell(row.late, link=case_list_url(**base, desk=row.desk, work_late="1")),
            Cell(row.on_time_share, "share"),
            key=row.desk,
        )
    return table


def _officer_table(office, period, overdue) -> Table:
    table = Table(
        "officers",
        _("Workload per officer"),
        [_("Officer"), _("Open referrals"), _("Overdue"), _("Done in the period")],
    )
    base = {"scope": office.pk}
    for row in breakdowns.officers(office, period, overdue):
        mine = {**base, "officer": row.officer_id}
        table.add(
            Cell(row.name, "text"),
            Cell(row.open, link=case_list_url(**mine, work="open") if row.officer_id else ""),
            Cell(row.overdue, link=case_list_url(**mine, work="overdue") if row.officer_id else ""),
            Cell(
                row.done,
                link=case_list_url(**mine, **_period_filters(period, "work"))
                if row.officer_id
                else "",
            ),
            key=str(row.officer_id or "none"),
        )
    return table


def _wage_table(office, period) -> Table:
    table = Table(
        "wages",
        _("Wages recovered and workers helped, by office and month"),
        [_("Office"), _("Month"), _("Wages recovered (yuan)"), _("Workers helped")],
    )
    for row in breakdowns.wages_by_office_and_month(office, period):
        month = Period.month(row.month)
        paid = Period(max(month.first, period.first), min(month.last, period.last))
        link = case_list_url(office=row.office_id, **_period_filters(paid, "paid"))
        table.add(
            Cell(row.office, "text"),
            Cell(row.month, "month"),
            Cell(row.recovered, "money", link),
            Cell(row.workers, link=link),
            key=f"{row.office_id}-{row.month:%Y-%m}",
        )
    return table


def _trend_table(office, trend) -> Table:
    table = Table(
        "trend", _("Received and closed per month"), [_("Month"), _("Received"), _("Closed")]
    )
    for row in trend:
        table.add(
            Cell(row.month, "month"),
            Cell(
                row.received, link=case_list_url(scope=office.pk, **_received_filters(row.period))
            ),
            Cell(
                row.closed,
                link=case_list_url(scope=office.pk, **_period_filters(row.period, "closed")),
            ),
            key=f"{row.month:%Y-%m}",
        )
    return table


def _desk_trend_table(office, desk_trend) -> Table:
    labels = dict(DeskKind.choices)
    table = Table(
        "desk_trend",
        _("Received and done per month, by desk"),
        [_("Desk"), _("Month"), _("Received"), _("Done")],
    )
    for kind, rows in desk_trend.items():
        for row in rows:
            base = {"scope": office.pk, "desk": kind}
            table.add(
                Cell(str(labels[kind]), "text"),
                Cell(row.month, "month"),
                Cell(
                    row.received,
                    link=case_list_url(**base, **_period_filters(row.period, "referred")),
                ),
                Cell(row.closed, link=case_list_url(**base, **_period_filters(row.period, "work"))),
                key=f"{kind}-{row.month:%Y-%m}",
            )
    return table


def build(
    office: Office, period: Period, *, monthly_return: bool = False, dimensions: dict | None = None
) -> Dashboard:
    """The dashboard (or the monthly return) of the office over the period; with
    `dimensions` (the case list's dimension filters), of those cases only."""
    with summary.pinned(), restricted_to(dimensions):
        return _build(office, period, monthly_return)


def _build(office: Office, period: Period, monthly_return: bool) -> Dashboard:
    earlier = period.a_year_earlier()
    headline, parts = _headline(office, period, earlier, monthly_return)
    board = Dashboard(office, period, earlier, monthly_return, headline)
    board.tables = [
        _received_table(
            "channel",
            _("Channel"),
            Channel.choices,
            0,
            parts["now"],
            parts["before"],
            office.pk,
            period,
        ),
        _received_table(
            "category",
            _("Category"),
            Category.choices,
            1,
            parts["now"],
            parts["before"],
            office.pk,
            period,
        ),
        _desk_table(office, period),
        _wage_table(office, period),
    ]
    counted_now, counted_before = parts["counted"]
    counted_now.procedure = procedure(office, period)
    counted_before.procedure = procedure(office, earlier)
    board.tables += [
        procedure_table(office, period, counted_now.procedure, counted_before.procedure),
        arrears_table(office, period, counted_now, counted_before),
    ]
    if not monthly_return:
        board.group_cases = open_group_cases(office)
        board.overdue_list = parts["overdue"].oldest(OVERDUE_LIST_LENGTH)
        board.overdue_link = parts["overdue_link"]
        board.tables.append(_officer_table(office, period, parts["overdue"]))
        months = Period.trailing_months(period.last, TREND_MONTHS)
        board.trend = breakdowns.monthly_trend(office, months)
        board.desk_trend = breakdowns.desk_trend(office, months)
        board.tables += [
            _trend_table(office, board.trend),
            _desk_trend_table(office, board.desk_trend),
        ]
    return board
