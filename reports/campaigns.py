"""A campaign's weekly report (专项行动周报表): the table the city asks for during a
campaign (complaints/models/campaigns.py), one row per week and a total row.

The cases counted are the campaign's cases (complaints/selectors/campaigns.py: its scope,
registered in its period or still handled in it) of the chosen office and the offices
below it. A week runs from Monday to Sunday, clipped to the campaign's period and to
today. Each column is one grouped query over the whole period, so the number of queries
does not grow with the cases or the weeks.

The total row is the sum of the week rows, in every column: the city adds the weekly
reports it receives, and a total that differed from that sum (a worker paid in two weeks
counted once) would read as an error in the table. So a worker paid in two weeks counts in
both, in the total too; the column definitions say so.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Office
from complaints.models import Campaign, Case, Complainant, Status, WagePayment
from complaints.selectors.campaigns import campaign_cases
from dispatch.models import GroupCase
from inspection.models import Step, StepKind, StepStatus
from reports.periods import Period
from reports.scope import cases_in
from reports.tables import Cell, Table, case_list_url

# (key, column title, kind of figure, definition): the page's and the workbook's columns.
COLUMNS = [
    ("received", _("Received"), "int",
     _("The campaign's cases registered in the week.")),
    ("settled", _("Settled"), "int",
     _("The campaign's cases closed in the week (outcome and follow-up recorded).")),
    ("recovered", _("Wages recovered (yuan)"), "money",
     _("Wage payments recorded on the campaign's cases with a payment day in the week.")),
    ("workers", _("Workers paid"), "int",
     _("Workers with at least one of those payments in the week; a worker paid in two "
       "weeks counts in both, and in the total twice.")),
    ("migrant", _("Migrant workers"), "int",
     _("Complainants marked as migrant workers on the cases received in the week.")),
    ("construction", _("Construction cases received"), "int",
     _("Of the cases received in the week, those marked as construction projects.")),
    ("groups", _("Group cases"), "int",
     _("The campaign's cases declared group wage-arrears cases in the week.")),
    ("transfers", _("Transfers to the police"), "int",
     _("The campaign's cases transferred to the police (the transfer recorded) in the week.")),
]  # fmt: skip

WEEK_DEFINITION = _(
    "Monday to Sunday; the first and the last week are cut to the campaign's period, and "
    "the report stops at today. The cases counted are those of the campaign (its offices "
    "and, if it says so, construction cases only; registered in its period, or earlier "
    "and still handled in it) whose registering or responsible office is the office "
    "chosen or one below it. The total row is the sum of the week rows in every column: a "
    "case or a worker counted in two weeks counts twice in it."
)


def definitions() -> list[tuple[str, str]]:
    """Each column with what it counts, for the page and the workbook (the first column's
    says what the total row is)."""
    return [(_("Week"), WEEK_DEFINITION)] + [(title, text) for _k, title, _kind, text in COLUMNS]


def weeks_of(campaign: Campaign, today: date) -> list[Period]:
    """The campaign's weeks (Monday to Sunday) from its first day to its last or today."""
    weeks, first, last = [], campaign.starts_on, min(campaign.ends_on, today)
    while first <= last:
        sunday = first + timedelta(days=6 - first.weekday())
        weeks.append(Period(first, min(sunday, last)))
        first = sunday + timedelta(days=1)
    return weeks


def _monday(value) -> date:
    """A TruncWeek value (a local midnight, or a day) as the Monday it names."""
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _by_week(rows: QuerySet, moment: str, **figures) -> dict[date, dict]:
    """The figures of `rows` by the week of `moment`, in one grouped query."""
    grouped = rows.order_by().annotate(week=TruncWeek(moment)).values("week")
    return {_monday(row.pop("week")): row for row in grouped.annotate(**figures)}


@dataclass
class Figures:
    """Every column by week (keyed by the week's Monday)."""

    by_week: dict[date, dict] = field(default_factory=dict)

    def add(self, found: dict[date, dict]) -> None:
        for monday, values in found.items():
            self.by_week.setdefault(monday, {}).update(values)

    def week(self, period: Period) -> dict:
        monday = period.first - timedelta(days=period.first.weekday())
        return self.by_week.get(monday, {})


def _counted(cases: QuerySet[Case], period: Period) -> Figures:
    ids = cases.values("pk")
    received = cases.filter(registered_at__gte=period.start, registered_at__lt=period.end)
    figures = Figures()
    construction = Count("pk", filter=Q(is_construction=True))
    figures.add(
        _by_week(received, "registered_at", received=Count("pk"), construction=construction)
    )
    closed = cases.filter(
        status=Status.CLOSED, closed_at__gte=period.start, closed_at__lt=period.end
    )
    figures.add(_by_week(closed, "closed_at", settled=Count("pk")))
    payments = WagePayment.objects.filter(
        complainant__case__in=ids, paid_on__gte=period.first, paid_on__lte=period.last
    )
    workers = Count("complainant", distinct=True)
    figures.add(_by_week(payments, "paid_on", recovered=Sum("amount"), workers=workers))
    migrants = Complainant.objects.filter(case__in=received.values("pk"), is_migrant_worker=True)
    figures.add(_by_week(migrants, "case__registered_at", migrant=Count("pk")))
    groups = GroupCase.objects.filter(
        case__in=ids, declared_at__gte=period.start, declared_at__lt=period.end
    )
    figures.add(_by_week(groups, "declared_at", groups=Count("pk")))
    transfers = Step.objects.filter(
        case__in=ids, kind=StepKind.TRANSFER, status=StepStatus.RECORDED,
        created_at__gte=period.start, created_at__lt=period.end,
    )  # fmt: skip
    figures.add(_by_week(transfers, "created_at", transfers=Count("pk")))
    return figures


def _links(campaign: Campaign, office: Office, period: Period) -> dict[str, str]:
    """Each figure's cases on the case list, where the list can show them (not the
    declarations of group cases, which it cannot filter by day)."""
    first, last = period.first, period.last
    base = {"campaign": campaign.pk, "scope": office.pk}
    received = {**base, "date_from": first, "date_to": last}
    paid = {**base, "paid_from": first, "paid_to": last}
    return {
        "received": case_list_url(**received),
        "settled": case_list_url(**base, closed_from=first, closed_to=last),
        "recovered": case_list_url(**paid),
        "workers": case_list_url(**paid),
        "migrant": case_list_url(**received, migrant="yes"),
        "construction": case_list_url(**received, construction="yes"),
        "transfers": case_list_url(
            **base, procedure=StepKind.TRANSFER, procedure_from=first, procedure_to=last
        ),
    }


def _row(label: str, values: dict, links: dict[str, str]) -> list[Cell]:
    cells = [Cell(label, "text")]
    for key, _title, kind, _text in COLUMNS:
        value = values.get(key) or (Decimal("0") if kind == "money" else 0)
        cells.append(Cell(value, kind, links.get(key, "") if value else ""))
    return cells


def _week_label(period: Period) -> str:
    return f"{period.first:%Y-%m-%d} – {period.last:%Y-%m-%d}"


def campaign_table(campaign: Campaign, office: Office, today: date) -> Table:
    """The weekly table of `campaign` for `office`, with its total row (empty when the
    campaign has not started yet)."""
    heading = _("%(campaign)s: weekly report, %(office)s") % {
        "campaign": campaign.name,
        "office": office.name,
    }
    columns = [str(_("Week"))] + [str(name) for _key, name, _kind, _text in COLUMNS]
    table = Table(key="campaign", title=str(heading), columns=columns)
    weeks = weeks_of(campaign, today)
    if not weeks:
        return table
    whole = Period(weeks[0].first, weeks[-1].last)
    figures = _counted(campaign_cases(cases_in(office), campaign), whole)
    totals: dict[str, object] = {}  # the sum of the weeks (WEEK_DEFINITION)
    for period in weeks:
        values = figures.week(period)
        for key, value in values.items():
            totals[key] = totals.get(key, 0) + (value or 0)
        table.add(*_row(_week_label(period), values, _links(campaign, office, period)))
    table.add(*_row(str(_("Total")), totals, _links(campaign, office, whole)), key="total")
    return table
