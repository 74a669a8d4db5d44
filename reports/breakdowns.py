"""The dashboard's tables: by desk, by officer, wages by office and month, 24-month trends.

Desk and officer figures count referrals (a desk's part of a case), at the desks of the
office and the offices below it; a transfer returns the old office's referral (never
counted as done) and refers the case again at the new office. What each one counts is
said in reports/measures.py (wages in reports/ledger.py).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model

from accounts.models import Office
from complaints.models import DeskKind
from reports import measures, tallies, totals
from reports.figures import OnTime
from reports.ledger import PaidByMonth
from reports.overdue import OverdueNow, overdue_now
from reports.periods import Period

User = get_user_model()


@dataclass
class DeskRow(OnTime):
    desk: str
    label: str
    done: int
    late: int

    @property
    def finished(self) -> int:
        return self.done


def desks(office: Office, period: Period) -> list[DeskRow]:
    """Referrals finished in the period per desk, and how many of them late."""
    found = totals.total(measures.DESKS, office, period)
    return [
        DeskRow(kind, str(label), *found.get((kind,), (0, 0))) for kind, label in DeskKind.choices
    ]


@dataclass
class OfficerRow:
    officer_id: int | None
    name: str
    open: int
    overdue: int
    done: int


def officers(office: Office, period: Period, overdue: OverdueNow | None = None) -> list[OfficerRow]:
    """Per officer: open referrals and overdue ones now, referrals done in the period.

    Open referrals from the tally (reports/tallies.py), the overdue ones from the few
    overdue deadlines (overdue.overdue_now, or `overdue` when the caller has it), referrals
    done in the period as every count; the officers' names last, in the order of
    usernames."""
    done = totals.total(measures.OFFICERS_DONE, office, period)
    counts = [
        tallies.open_referrals_by_officer(office),
        (overdue or overdue_now(office)).by_officer,
        {officer: n for (officer,), (n,) in done.items()},
    ]
    found = {officer for officer, n in counts[0].items() if n} | set(counts[2])
    users = User.objects.filter(pk__in=[pk for pk in found if pk is not None]).order_by("username")
    names = {
        user.pk: f"{user.last_name or ''}{user.first_name or ''}" or user.username or "—"
        for user in users.only("username", "last_name", "first_name")
    }
    order = [*names, *([None] if None in found else [])]  # no officer: last, as in SQL
    return [
        OfficerRow(officer, names.get(officer, "—"), *(count.get(officer, 0) for count in counts))
        for officer in order
    ]


@dataclass
class WageRow:
    office_id: int
    office: str
    month: date
    recovered: Decimal
    workers: int


def wages_by_office_and_month(office: Office, period: Period) -> list[WageRow]:
    """Ledger payments in the period by the case's responsible office (in the order of
    the tree) and month paid."""
    found = totals.total(PaidByMonth(period.first), office, period)
    rows = sorted(found.items(), key=lambda row: (row[0][2], row[0][3], *row[0][:2]))
    return [
        WageRow(office_id, name, month, recovered, workers)
        for (office_id, name, _path, month), (recovered, workers) in rows
    ]


@dataclass
class TrendRow:
    month: date
    received: int
    closed: int

    @property
    def period(self) -> Period:
        return Period.month(self.month)


def monthly_trend(office: Office, months: Period) -> list[TrendRow]:
    """Cases received and cases closed per month."""
    found = totals.total(measures.TREND, office, months)
    return [TrendRow(month, *found.get((month,), (0, 0))) for month in months.months()]


def desk_trend(office: Office, months: Period) -> dict[str, list[TrendRow]]:
    """Per desk: referrals received and referrals done per month."""
    found = totals.total(measures.DESK_TREND, office, months)
    return {
        kind: [TrendRow(month, *found.get((kind, month), (0, 0))) for month in months.months()]
        for kind in DeskKind.values
    }
