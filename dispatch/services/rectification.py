"""Findings and an order to pay (责令改正, 劳动保障监察条例 Art. 26).

The inspector working the case's inspection referral (or a supervisor) records what the
investigation found and orders the employer to pay by a date. The pay-by date becomes a
chased deadline (policy "inspection.rectify", due on the order's date, not computed) on
the inspection referral, so the existing sweep reminds and escalates it.

The deadline closes as met when an officer records that the order was complied with
(`rectification_complied`); payments recorded in the ledger do not close it by
themselves, because only the inspector can tell whether the employer paid what was
ordered. It also closes with the referral (done, returned) or the case (case_end).
One order at a time per referral (`deadline_one_open_per_policy`); the document number is
"<ticket>-ZL-<n>", n counting the case's orders.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from complaints import events
from complaints.exceptions import ActionNotPermitted, CaseNotVisible, InvalidTransition
from complaints.models import Case, DeskKind, EventKind
from complaints.selectors.visibility import case_lock_for, case_visible_to
from config import clock
from dispatch.models import DeadlineEnd, RectificationOrder, Referral, ReferralStatus
from dispatch.services.deadlines import RECTIFY_POLICY, deadline_open, deadlines_close


def inspection_referral(case: Case) -> Referral | None:
    """The case's open inspection referral, if any."""
    return (
        Referral.objects.filter(
            case=case,
            desk__kind=DeskKind.INSPECTION,
            status__in=[ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS],
        )
        .select_related("desk", "officer")
        .order_by("id")
        .first()
    )


def may_order(*, user, referral: Referral | None) -> bool:
    """The inspection referral's officer, or a supervisor."""
    if user.has_role(Role.SUPERVISOR):
        return True
    return referral is not None and user.pk == referral.officer_id


def _check(findings: str, amount_found, workers_concerned, amount_ordered, pay_by) -> None:
    errors = {}
    if not findings:
        errors["findings"] = _("Write the findings.")
    if amount_found is None or amount_found < 0:
        errors["amount_found"] = _("Enter the amount found owed.")
    if workers_concerned is None or workers_concerned < 1:
        errors["workers_concerned"] = _("Enter how many workers are concerned.")
    if amount_ordered is None or amount_ordered <= 0:
        errors["amount_ordered"] = _("Enter the amount ordered.")
    if pay_by is None or pay_by <= clock.today():
        errors["pay_by"] = _("The pay-by date must be after today.")
    if errors:
        raise ValidationError(errors)


def _locked_inspection(case: Case, actor) -> tuple[Case, Referral]:
    """The case locked, and its inspection referral, when `actor` may order payment now."""
    locked = case_lock_for(user=actor, case_id=case.pk)
    referral = inspection_referral(locked)
    if not may_order(user=actor, referral=referral):
        raise ActionNotPermitted(
            _("Only the inspector of this case or a supervisor can order payment.")
        )
    if not locked.is_open:
        raise InvalidTransition(_("Only an open case can receive an order to pay."))
    if referral is None:
        raise InvalidTransition(_("The inspection desk must have accepted the case first."))
    if referral.deadlines.filter(closed_at__isnull=True, policy__code=RECTIFY_POLICY).exists():
        raise InvalidTransition(_("An order to pay is still running on this case."))
    return locked, referral


@transaction.atomic
def rectification_order(
    *,
    case: Case,
    actor,
    findings: str,
    amount_found: Decimal,
    workers_concerned: int,
    amount_ordered: Decimal,
    pay_by: date,
) -> RectificationOrder:
    """Record the findings and the order to pay; its pay-by date starts being chased."""
    findings = (findings or "").strip()
    _check(findings, amount_found, workers_concerned, amount_ordered, pay_by)
    locked, referral = _locked_inspection(case, actor)
    deadline = deadline_open(
        referral=referral, policy_code=RECTIFY_POLICY, start=clock.today(), due=pay_by
    )
    sequence = RectificationOrder.objects.filter(case=locked).count() + 1
    order = RectificationOrder(
        case=locked,
        referral=referral,
        number=f"{locked.ticket}-ZL-{sequence}",
        findings=findings,
        amount_found=amount_found,
        workers_concerned=workers_concerned,
        amount_ordered=amount_ordered,
        pay_by=pay_by,
        issued_by=actor,
        issued_at=deadline.created_at,
        deadline=deadline,
    )
    order.full_clean()
    order.save()
    payload = {"number": order.number, "amount": f"{amount_ordered:.2f}", "pay_by": str(pay_by)}
    events.record(
        case=locked,
        kind=EventKind.RECTIFICATION_ORDERED,
        actor=actor,
        payload=payload,
        message=findings,
    )
    return order


@transaction.atomic
def rectification_complied(*, order: RectificationOrder, actor) -> RectificationOrder:
    """The employer paid as ordered: the pay-by deadline is met and no longer chased."""
    locked = (
        RectificationOrder.objects.select_for_update(of=("self",))
        .select_related("case", "referral")
        .get(pk=order.pk)
    )
    if not case_visible_to(user=actor, case=locked.case):
        raise CaseNotVisible()
    if not may_order(user=actor, referral=locked.referral):
        raise ActionNotPermitted(
            _("Only the inspector of this case or a supervisor can record compliance.")
        )
    if locked.is_complied:
        raise InvalidTransition(_("Compliance with this order was already recorded."))
    locked.complied_at = clock.now()
    locked.complied_by = actor
    locked.save(update_fields=["complied_at", "complied_by"])
    if locked.deadline_id is not None:
        deadlines_close(
            referral=locked.referral, reason=DeadlineEnd.MET, deadline_id=locked.deadline_id
        )
    events.record(
        case=locked.case,
        kind=EventKind.RECTIFICATION_COMPLIED,
        actor=actor,
        payload={"number": locked.number},
    )
    return locked
