"""An export written in the background: who asked, what, how far it got, where the file is."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def _one_row_per(name: str, *fields: str) -> models.UniqueConstraint:
    """A summary table's key: one row per bucket and key."""
    return models.UniqueConstraint(fields=list(fields), name=name)


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ExportFormat(models.TextChoices):
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel (.xlsx)")


class ExportJob(models.Model):
    """A large case-list export. Only the user who asked may download its file."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # The case list's query string (its filters): the task applies them to what the user
    # may see when it runs, through the same selector as the page.
    query = models.TextField(_("filters"), blank=True)
    file_format = models.CharField(_("format"), max_length=10, choices=ExportFormat.choices)
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    file_name = models.CharField(max_length=200, blank=True, editable=False)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "running", "done", "failed"]),
                name="exportjob_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(file_format__in=["csv", "xlsx"]), name="exportjob_format_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"export {self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(99, self.rows_written * 100 // self.total_rows)

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)


class ConstructionKey(models.Model):
    """A summary row's construction key: its case is a construction case (工程建设领域).
    Every table of cases and what hangs off them is keyed by it, so the dashboard narrowed
    to construction cases (or to the rest) reads the summary like the whole
    (reports/restriction.py)."""

    construction = models.BooleanField(default=False)

    class Meta:
        abstract = True


class OfficePairMonth(models.Model):
    """A summary row of a month (its 1st) or a day of the current month, and of a case's
    two offices: keyed by both, so that any office's subtree sums exactly
    (reports/summary.py)."""

    month = models.DateField()
    registering_office = models.ForeignKey(
        "accounts.Office", on_delete=models.CASCADE, related_name="+"
    )
    responsible_office = models.ForeignKey(
        "accounts.Office", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.month} {self.registering_office_id}/{self.responsible_office_id}"


class CaseMonth(OfficePairMonth, ConstructionKey):
    """Cases received, closed and ended per month, office pair, channel, category and
    construction key (reports/measures.py RECEIVED, CLOSED, ENDED; closed late:
    ClosureMonth).

    Rebuilt from the cases by `stats_rebuild` (the management command rebuild_stats and
    the beat task).
    """

    channel = models.CharField(max_length=20)
    category = models.CharField(max_length=20)
    received = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    ended = models.PositiveIntegerField(default=0)  # closed_at set: closed, withdrawn, ...

    class Meta:
        constraints = [
            _one_row_per(
                "casemonth_unique",
                "month",
                "registering_office",
                "responsible_office",
                "channel",
                "category",
                "construction",
            )
        ]


class DeskMonth(ConstructionKey):
    """Referrals per month and desk: received (referred), done, done late."""

    month = models.DateField()
    desk = models.ForeignKey("dispatch.Desk", on_delete=models.CASCADE, related_name="+")
    referred = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    done_late = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [_one_row_per("deskmonth_unique", "month", "desk", "construction")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} desk {self.desk_id}"


class WageFlags(ConstructionKey):
    """A ledger summary row's wage-arrears keys: the worker is a migrant worker (农民工),
    the case is a construction case (工程建设领域). Both belong to the worker (one case
    each), so workers counted per key add up to the workers of the row's office pair."""

    migrant = models.BooleanField(default=False)

    class Meta:
        abstract = True


class WageMonth(OfficePairMonth, WageFlags):
    """Ledger payments per month paid, office pair and wage-arrears keys: amount, workers
    paid in the month."""

    recovered = models.DecimalField(max_digits=16, decimal_places=2)
    workers = models.PositiveIntegerField()

    class Meta:
        constraints = [
            _one_row_per(
                "wagemonth_unique",
                "month",
                "registering_office",
                "responsible_office",
                "migrant",
                "construction",
            )
        ]


class SummaryState(models.Model):
    """One row: the summary holds the months before the month of `through`, and that
    month's days before it (reports/summary.py)."""

    through = models.DateField()
    built_at = models.DateTimeField()
    # Rows timed before this moment are taken as they were at the rebuild: the part of
    # `through` (today) before it is counted once per rebuild like the ended days, only
    # the rest on every view (reports/totals.py). None: from `through`'s midnight.
    settled_until = models.DateTimeField(null=True, blank=True)
    # New at every rebuild: figures of ended days are cached under it (reports/totals.py).
    version = models.UUIDField(default=uuid.uuid4)

    def __str__(self) -> str:
        return f"summary through {self.through}"


class ClosureMonth(OfficePairMonth, ConstructionKey):
    """Cases closed, and closed late, per month and office pair by their days to close: a
    histogram.

    Each row counts the cases closed in the month with the same calendar and working days
    from registration to closing (reports/measures.py DaysToClose), so the median and
    90th percentile of a period come from these rows plus the live days at its ends."""

    calendar_days = models.IntegerField()
    working_days = models.IntegerField()
    closed = models.PositiveIntegerField()
    closed_late = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            _one_row_per(
                "closuremonth_unique",
                "month",
                "registering_office",
                "responsible_office",
                "calendar_days",
                "working_days",
                "construction",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.calendar_days}/{self.working_days} days"


class DecisionMonth(OfficePairMonth, ConstructionKey):
    """Acceptance decisions approved per month (or day of the current month), office pair
    of their case and ground: decided, and decided late (reports/measures.py DECIDED)."""

    ground = models.CharField(max_length=20)
    decided = models.PositiveIntegerField()
    decided_late = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            _one_row_per(
                "decisionmonth_unique",
                "month",
                "registering_office",
                "responsible_office",
                "ground",
                "construction",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.ground}"


class OfficerMonth(ConstructionKey):
    """Referrals done per month, desk and officer (no officer: null)."""

    month = models.DateField()
    desk = models.ForeignKey("dispatch.Desk", on_delete=models.CASCADE, related_name="+")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+"
    )
    done = models.PositiveIntegerField()

    class Meta:
        constraints = [
            _one_row_per("officermonth_unique", "month", "desk", "officer", "construction")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} desk {self.desk_id} officer {self.officer_id}"


class ConsultationMonth(models.Model):
    """Consultations logged per month (or day of the current month), office, channel and
    category."""

    month = models.DateField()
    office = models.ForeignKey("accounts.Office", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=20)
    category = models.CharField(max_length=20)
    received = models.PositiveIntegerField()

    class Meta:
        constraints = [
            _one_row_per("consultationmonth_unique", "month", "office", "channel", "category")
        ]

    def __str__(self) -> str:
        return f"{self.month} office {self.office_id}"


class OpenCaseTally(ConstructionKey):
    """Open cases per office pair and construction key, as +1/-1 rows written by database
    triggers.

    A trigger on complaints_case (reports migrations 0008 and 0017) adds +1 for a case that becomes
    open and -1 for one that stops being open or leaves the office pair, in the same
    transaction as the change, whichever code makes it. The sum of a pair's rows is the
    number of its open cases now; `tallies_compact` folds the rows into one per pair and
    `tallies_recount` rebuilds them from the cases (reports/tallies.py)."""

    registering_office = models.ForeignKey(
        "accounts.Office", on_delete=models.CASCADE, related_name="+"
    )
    responsible_office = models.ForeignKey(
        "accounts.Office", on_delete=models.CASCADE, related_name="+"
    )
    delta = models.IntegerField()

    def __str__(self) -> str:
        return f"{self.registering_office_id}/{self.responsible_office_id} {self.delta:+}"


class OpenReferralTally(ConstructionKey):
    """Open referrals per desk, officer (no officer: null) and their case's construction
    key, kept like OpenCaseTally by a trigger on dispatch_referral (and one on
    complaints_case that moves a case's open referrals when its construction mark
    changes)."""

    desk = models.ForeignKey("dispatch.Desk", on_delete=models.CASCADE, related_name="+")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+"
    )
    delta = models.IntegerField()

    def __str__(self) -> str:
        return f"desk {self.desk_id} officer {self.officer_id} {self.delta:+}"


class WorkerPaymentMonth(OfficePairMonth, WageFlags):
    """Ledger payments per month (or day of the current month), office pair and the date
    of the same worker's payment before (null: the first), for workers helped.

    A worker is helped in a period once however often paid in it: counted at their first
    payment in it, the one whose previous payment is before the period's first day. So
    the workers helped in a period are the payments in it with `previous_paid_on` before
    its first day or null, a sum over rows like every other figure of the summary."""

    previous_paid_on = models.DateField(null=True)
    payments = models.PositiveIntegerField()

    class Meta:
        constraints = [
            _one_row_per(
                "workerpaymentmonth_unique",
                "month",
                "registering_office",
                "responsible_office",
                "migrant",
                "construction",
                "previous_paid_on",
            )
        ]


class SatisfactionMonth(OfficePairMonth, ConstructionKey):
    """Cases closed per month (or day of the current month), office pair and the answer of
    their follow-up (回访; blank: none recorded)."""

    satisfaction = models.CharField(max_length=20, blank=True)
    closed = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            _one_row_per(
                "satisfactionmonth_unique",
                "month",
                "registering_office",
                "responsible_office",
                "satisfaction",
                "construction",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.satisfaction or '-'}"


class StepMonth(OfficePairMonth, ConstructionKey):
    """Steps of the inspection procedure per month (or day of the current month), office
    pair of their case, step and police answer (reports/procedure.py): recorded by the
    inspectors, approved by the head, and the amounts they decided (wages, 加付赔偿金,
    fines)."""

    kind = models.CharField(max_length=30)
    outcome = models.CharField(max_length=20, blank=True)
    recorded = models.PositiveIntegerField(default=0)
    approved = models.PositiveIntegerField(default=0)
    amount = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    compensation = models.DecimalField(max_digits=16, decimal_places=2, default=0)

    class Meta:
        constraints = [
            _one_row_per(
                "stepmonth_unique",
                "month",
                "registering_office",
                "responsible_office",
                "kind",
                "outcome",
                "construction",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.kind}"


class OrderMonth(OfficePairMonth, ConstructionKey):
    """Orders to correct per month, office pair of their case and party ordered: issued
    (with the amount ordered, by the day issued) and paid as ordered (by the day compliance
    was recorded)."""

    addressee_role = models.CharField(max_length=20)
    issued = models.PositiveIntegerField(default=0)
    amount_ordered = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    complied = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            _one_row_per(
                "ordermonth_unique",
                "month",
                "registering_office",
                "responsible_office",
                "addressee_role",
                "construction",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.addressee_role}"


class ServiceMonth(OfficePairMonth, ConstructionKey):
    """Documents served on the party per month (by the day the service was recorded),
    office pair of their case and kind of document."""

    kind = models.CharField(max_length=30)
    served = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            _one_row_per(
                "servicemonth_unique",
                "month",
                "registering_office",
                "responsible_office",
                "kind",
                "construction",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.kind}"


class GroupMonth(OfficePairMonth, ConstructionKey):
    """Group wage-arrears cases (群体性欠薪) declared per month (or day of the current
    month) and office pair of their case: how many, and their workers."""

    cases = models.PositiveIntegerField(default=0)
    workers = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            _one_row_per(
                "groupmonth_unique",
                "month",
                "registering_office",
                "responsible_office",
                "construction",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.cases}"
