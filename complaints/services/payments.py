"""The per-worker wage ledger: payments recorded as the employer pays the workers."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from complaints import events
from complaints.exceptions import ActionNotPermitted, InvalidTransition
from complaints.models import Complainant, EventKind, WagePayment
from complaints.selectors.visibility import case_lock_for
from complaints.validators import validate_amount
from config import clock

LEDGER_ROLES = (Role.INSPECTOR, Role.DESK_OFFICER, Role.SUPERVISOR)


def _check_payment(amount: Decimal | None, paid_on: date | None) -> None:
    if amount is None:
        raise ValidationError({"amount": _("Enter the amount paid.")})
    validate_amount(amount)
    if amount <= 0:
        raise ValidationError({"amount": _("The amount paid must be more than zero.")})
    if paid_on is None or paid_on > clock.today():
        raise ValidationError({"paid_on": _("Enter the day it was paid (not a future day).")})


@transaction.atomic
def payment_record(
    *, complainant: Complainant, actor, amount: Decimal, paid_on: date, note: str = ""
) -> WagePayment:
    """Record a payment to one worker; their recovered amount becomes the ledger's sum."""
    if not actor.has_role(*LEDGER_ROLES):
        raise ActionNotPermitted()
    _check_payment(amount, paid_on)
    case = case_lock_for(user=actor, case_id=complainant.case_id)
    if not case.is_open:
        raise InvalidTransition(_("Payments can only be recorded on an open case."))
    payment = WagePayment(
        complainant=complainant,
        amount=amount,
        paid_on=paid_on,
        note=(note or "").strip()[:200],
        recorded_by=actor,
        recorded_at=clock.now(),
    )
    payment.full_clean()
    payment.save()
    total = complainant.payments.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    Complainant.objects.filter(pk=complainant.pk).update(recovered_amount=total)
    events.record(
        case=case,
        kind=EventKind.PAYMENT_RECORDED,
        actor=actor,
        payload={
            "name": complainant.name,
            "amount": f"{amount:.2f}",
            "paid_on": paid_on.isoformat(),
        },
        message=payment.note,
    )
    return payment
