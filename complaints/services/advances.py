"""Advance payments (先行垫付): wages the bureau pays a worker from public money when the
employer does not, and what it later recovers from the employer.

An advance never counts as wages recovered: the wage ledger (complaints/services/payments.py)
and a complainant's `recovered_amount` stay the employer's payments only. Who may record an
advance is who may record wage payments; who approves it is a head (inspection body or
department) at the case's responsible office or an office above it.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from complaints import events
from complaints.exceptions import ActionNotPermitted, InvalidTransition
from complaints.models import AdvancePayment, AdvanceRecovery, Case, Complainant, EventKind
from complaints.models.choices import AdvanceSource
from complaints.selectors.visibility import case_lock_for
from complaints.services.payments import LEDGER_ROLES
from complaints.validators import validate_amount
from config import clock

APPROVER_ROLES = (Role.INSPECTION_HEAD, Role.DEPARTMENT_HEAD)
ZERO = Decimal("0.00")


def may_record_advances(*, case: Case, user) -> bool:
    """Whether `user` may record advances and recoveries on `case` (as for wage payments)."""
    return case.is_open and user.has_role(*LEDGER_ROLES)


def may_approve_advance(*, case: Case, user) -> bool:
    """A head at the case's responsible office or at an office above it."""
    office = getattr(user, "office", None)
    responsible = case.responsible_office
    if not user.has_role(*APPROVER_ROLES) or office is None or responsible is None:
        return False
    return (responsible.path or "").startswith(office.path or "\0")


def _check_amount(amount: Decimal | None) -> None:
    if amount is None:
        raise ValidationError({"amount": _("Enter the amount.")})
    if amount <= 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    try:
        validate_amount(amount)
    except ValidationError as error:
        raise ValidationError({"amount": error.messages}) from None


def _check_day(case: Case, day: date | None, field: str) -> None:
    registered_on = timezone.localdate(case.registered_at)
    if day is None or day > clock.today():
        raise ValidationError({field: _("Enter the day it was paid (not a future day).")})
    if day < registered_on:
        raise ValidationError(
            {
                field: _("The day may not be before the case was registered (%(day)s).")
                % {"day": registered_on.isoformat()}
            }
        )


def _locked_open_case(*, actor, case_id: int) -> Case:
    case = case_lock_for(user=actor, case_id=case_id)
    if not may_record_advances(case=case, user=actor):
        if not case.is_open:
            raise InvalidTransition(
                _("Advances can only be recorded or corrected on an open case.")
            )
        raise ActionNotPermitted()
    return case


@transaction.atomic
def advance_record(
    *,
    complainant: Complainant,
    actor,
    source: str,
    amount: Decimal,
    paid_on: date,
    approved_by,
    note: str = "",
) -> AdvancePayment:
    """Record an advance paid to one worker; the wage ledger is left as it is."""
    if not actor.has_role(*LEDGER_ROLES):
        raise ActionNotPermitted()
    if source not in AdvanceSource.values:
        raise ValidationError({"source": _("Choose where the advance was paid from.")})
    _check_amount(amount)
    case = _locked_open_case(actor=actor, case_id=complainant.case_id)
    _check_day(case, paid_on, "paid_on")
    if approved_by is None or not may_approve_advance(case=case, user=approved_by):
        raise ValidationError(
            {
                "approved_by": _(
                    "The advance must be approved by the head of the inspection body or of the "
                    "department at the case's office or an office above it."
                )
            }
        )
    advance = AdvancePayment.objects.create(
        complainant=complainant,
        source=source,
        amount=amount,
        paid_on=paid_on,
        approved_by=approved_by,
        note=(note or "").strip()[:200],
        recorded_by=actor,
        recorded_at=clock.now(),
    )
    events.record(
        case=case,
        kind=EventKind.ADVANCE_PAID,
        actor=actor,
        payload={
            "name": complainant.name,
            "amount": f"{amount:.2f}",
            "paid_on": paid_on.isoformat(),
            "source": source,
            "approver": approved_by.display_name,
        },
        message=advance.note,
    )
    return advance


def still_to_recover(case: Case) -> Decimal:
    """What the employer still owes back: the case's advances less its recoveries."""
    advanced = AdvancePayment.objects.filter(complainant__case=case).aggregate(total=Sum("amount"))[
        "total"
    ] or Decimal("0")
    recovered = case.advance_recoveries.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    return advanced - recovered


@transaction.atomic
def advance_recovery_record(
    *, case: Case, actor, amount: Decimal, recovered_on: date, note: str = ""
) -> AdvanceRecovery:
    """Record money the employer repaid for the case's advances (at most what is owed)."""
    if not actor.has_role(*LEDGER_ROLES):
        raise ActionNotPermitted()
    _check_amount(amount)
    case = _locked_open_case(actor=actor, case_id=case.pk)
    _check_day(case, recovered_on, "recovered_on")
    owed = still_to_recover(case)
    if amount > owed:
        raise ValidationError(
            {
                "amount": _("Only ¥%(owed)s of the advances is still to recover.")
                % {"owed": f"{owed:.2f}"}
            }
        )
    recovery = AdvanceRecovery.objects.create(
        case=case,
        amount=amount,
        recovered_on=recovered_on,
        note=(note or "").strip()[:200],
        recorded_by=actor,
        recorded_at=clock.now(),
    )
    events.record(
        case=case,
        kind=EventKind.ADVANCE_RECOVERED,
        actor=actor,
        payload={"amount": f"{amount:.2f}", "recovered_on": recovered_on.isoformat()},
        message=recovery.note,
    )
    return recovery


# --- Corrections: an advance or a recovery entered by mistake ------------------------------
#
# Who may record them may correct or remove them while the case is open; the row is
# changed in place (every figure, the dashboard's and the returns' too, sums these tables
# afresh) and the timeline keeps what it was, what it became, who and when.


def _check_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the entry is corrected or removed.")})
    return reason[:200]


def _check_recovered_within(case: Case, *, advanced_change: Decimal, recovered_change: Decimal):
    """Recoveries may never exceed the advances they repay, after the change either."""
    left = still_to_recover(case) + advanced_change - recovered_change
    if left < 0:
        recovered = case.advance_recoveries.aggregate(total=Sum("amount"))["total"]
        raise ValidationError(
            {
                "amount": _(
                    "¥%(recovered)s was recovered from the employer for this case's advances; "
                    "they may not fall below it. Correct the recoveries first."
                )
                % {"recovered": f"{recovered or 0:.2f}"}
            }
        )


def _locked_advance(*, advance: AdvancePayment, actor) -> tuple[Case, AdvancePayment]:
    if not actor.has_role(*LEDGER_ROLES):
        raise ActionNotPermitted()
    case = _locked_open_case(actor=actor, case_id=advance.complainant.case_id)
    return case, AdvancePayment.objects.select_for_update().select_related("complainant").get(
        pk=advance.pk
    )


def _locked_recovery(*, recovery: AdvanceRecovery, actor) -> tuple[Case, AdvanceRecovery]:
    if not actor.has_role(*LEDGER_ROLES):
        raise ActionNotPermitted()
    case = _locked_open_case(actor=actor, case_id=recovery.case_id)
    return case, AdvanceRecovery.objects.select_for_update().get(pk=recovery.pk)


@transaction.atomic
def advance_correct(
    *, advance: AdvancePayment, actor, amount: Decimal, paid_on: date, reason: str
) -> AdvancePayment:
    """Correct the amount or the day of an advance entered by mistake."""
    case, advance = _locked_advance(advance=advance, actor=actor)
    _check_amount(amount)
    reason = _check_reason(reason)
    _check_day(case, paid_on, "paid_on")
    old_amount, old_paid_on = advance.amount, advance.paid_on
    if amount == old_amount and paid_on == old_paid_on:
        raise ValidationError(_("The corrected entry is the same as the recorded one."))
    _check_recovered_within(case, advanced_change=amount - old_amount, recovered_change=ZERO)
    advance.amount, advance.paid_on = amount, paid_on
    advance.save(update_fields=["amount", "paid_on"])
    events.record(
        case=case,
        kind=EventKind.ADVANCE_CORRECTED,
        actor=actor,
        payload={
            "name": advance.complainant.name,
            "old_amount": f"{old_amount:.2f}",
            "amount": f"{amount:.2f}",
            "old_paid_on": old_paid_on.isoformat(),
            "paid_on": paid_on.isoformat(),
        },
        message=reason,
    )
    return advance


@transaction.atomic
def advance_remove(*, advance: AdvancePayment, actor, reason: str) -> None:
    """Remove an advance that was never paid (entered by mistake)."""
    case, advance = _locked_advance(advance=advance, actor=actor)
    reason = _check_reason(reason)
    _check_recovered_within(case, advanced_change=-advance.amount, recovered_change=ZERO)
    payload = {
        "name": advance.complainant.name,
        "amount": f"{advance.amount:.2f}",
        "paid_on": advance.paid_on.isoformat(),
    }
    advance.delete()
    events.record(
        case=case, kind=EventKind.ADVANCE_REMOVED, actor=actor, payload=payload, message=reason
    )


@transaction.atomic
def advance_recovery_correct(
    *, recovery: AdvanceRecovery, actor, amount: Decimal, recovered_on: date, reason: str
) -> AdvanceRecovery:
    """Correct the amount or the day of a recovery entered by mistake."""
    case, recovery = _locked_recovery(recovery=recovery, actor=actor)
    _check_amount(amount)
    reason = _check_reason(reason)
    _check_day(case, recovered_on, "recovered_on")
    old_amount, old_day = recovery.amount, recovery.recovered_on
    if amount == old_amount and recovered_on == old_day:
        raise ValidationError(_("The corrected entry is the same as the recorded one."))
    owed = still_to_recover(case) + old_amount
    if amount > owed:
        raise ValidationError(
            {
                "amount": _("Only ¥%(owed)s of the advances is still to recover.")
                % {"owed": f"{owed:.2f}"}
            }
        )
    recovery.amount, recovery.recovered_on = amount, recovered_on
    recovery.save(update_fields=["amount", "recovered_on"])
    events.record(
        case=case,
        kind=EventKind.RECOVERY_CORRECTED,
        actor=actor,
        payload={
            "old_amount": f"{old_amount:.2f}",
            "amount": f"{amount:.2f}",
            "old_recovered_on": old_day.isoformat(),
            "recovered_on": recovered_on.isoformat(),
        },
        message=reason,
    )
    return recovery


@transaction.atomic
def advance_recovery_remove(*, recovery: AdvanceRecovery, actor, reason: str) -> None:
    """Remove a recovery the employer never made (entered by mistake)."""
    case, recovery = _locked_recovery(recovery=recovery, actor=actor)
    reason = _check_reason(reason)
    payload = {
        "amount": f"{recovery.amount:.2f}",
        "recovered_on": recovery.recovered_on.isoformat(),
    }
    recovery.delete()
    events.record(
        case=case, kind=EventKind.RECOVERY_REMOVED, actor=actor, payload=payload, message=reason
    )
