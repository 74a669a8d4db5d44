"""Advance payments (先行垫付) of a case, per worker and in total, kept apart from the wage
ledger's recovered wages (complaints/services/advances.py)."""

from dataclasses import dataclass, field
from decimal import Decimal

from complaints.models import AdvancePayment, AdvanceRecovery, Case

ZERO = Decimal("0.00")


@dataclass
class WorkerAdvances:
    complainant_id: int
    name: str
    advanced: Decimal = ZERO
    payments: list = field(default_factory=list)


@dataclass
class CaseAdvances:
    workers: list[WorkerAdvances]
    advanced: Decimal
    recovered: Decimal
    recoveries: list[AdvanceRecovery] = field(default_factory=list)

    @property
    def still_to_recover(self) -> Decimal:
        return self.advanced - self.recovered


def case_advances(case: Case) -> CaseAdvances:
    """Per worker advanced, and the case's advanced, recovered and still to recover (2 queries)."""
    workers: dict[int, WorkerAdvances] = {}
    rows = AdvancePayment.objects.filter(complainant__case=case).select_related("complainant")
    for advance in rows.order_by("paid_on", "id"):
        worker = workers.setdefault(
            advance.complainant_id,
            WorkerAdvances(advance.complainant_id, advance.complainant.name),
        )
        worker.advanced += advance.amount
        worker.payments.append(advance)
    recoveries = list(AdvanceRecovery.objects.filter(case=case).order_by("recovered_on", "id"))
    return CaseAdvances(
        workers=list(workers.values()),
        advanced=sum((w.advanced for w in workers.values()), ZERO),
        recovered=sum((r.amount for r in recoveries), ZERO),
        recoveries=recoveries,
    )
