"""Findings and an order to correct (限期改正指令书, 劳动保障监察条例 Art. 26).

The inspector working the case's inspection referral (or a supervisor) records what the
investigation found and orders the party that must pay (被责令单位: the employer, or in
construction the general contractor or the construction unit, 保障农民工工资支付条例
Arts. 30 and 36) to pay each worker named a stated amount by a date. Two inspectors of the
order's office holding inspection cards sign it (劳动保障监察条例 Art. 16): the issuer and
one more chosen on the form. The order is issued as a document of kind "rectification"
(complaints.services.documents.document_issue), whose number is the order's: the
office's next gap-free number of that kind (西人社监限改字〔2026〕第N号).

The pay-by clock does not run from the issue but from the service of the order on the
party (`rectification_served`, called by the inspection app's service of the document):
without a served order, "ordered to pay and still not paid" cannot be shown
(最高法 法释〔2013〕3号 Art. 4). Until it is served, the order is chased for service by the
bureau's own standard (policy "inspection.serve", not statutory), which closes as met at
service. From service, the pay-by date is a chased deadline (policy "inspection.rectify",
due on the order's date, not computed) on the inspection referral, so the existing sweep
reminds and escalates it.

The deadline closes as met when an officer records that the order was complied with
(`rectification_complied`); payments recorded in the ledger do not close it by
themselves, because only the inspector can tell whether the employer paid what was
ordered. It also closes with the referral (done, returned) or the case (case_end).
One order at a time per referral: a new one only once the last is complied with.
"""

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import Office
from accounts.roles import Role
from complaints import events
from complaints.documents.content import document_language
from complaints.exceptions import ActionNotPermitted, CaseNotVisible, InvalidTransition
from complaints.models import (
    Case,
    Complainant,
    DeskKind,
    DocumentKind,
    EventKind,
    IssuedDocument,
)
from complaints.selectors.visibility import case_lock_for, case_visible_to
from complaints.services.documents import document_issue
from config import clock
from dispatch.models import (
    DeadlineEnd,
    OrderAddressee,
    OrderLine,
    RectificationOrder,
    Referral,
    ReferralStatus,
)
from dispatch.order_text import order_content
from dispatch.selectors.orders import signing_inspectors
from dispatch.services.deadlines import RECTIFY_POLICY, deadline_open, deadlines_close

# The bureau's own standard for serving an order on the party (not statutory; seeded by
# inspection/migrations/0002_service_policy.py): counted from the day of issue.
SERVE_POLICY = "inspection.serve"


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


def _check(findings: str, amount_found, pay_by, addressee_role, addressee_name) -> None:
    errors = {}
    if not findings:
        errors["findings"] = _("Write the findings.")
    if amount_found is None or amount_found < 0:
        errors["amount_found"] = _("Enter the amount found owed.")
    if pay_by is None or pay_by <= clock.today():
        errors["pay_by"] = _("The pay-by date must be after today.")
    if addressee_role not in OrderAddressee.values:
        errors["addressee_role"] = _("Choose the party ordered.")
    elif addressee_role != OrderAddressee.EMPLOYER and not addressee_name:
        errors["addressee_name"] = _(
            "Name the unit ordered: the general contractor, the construction unit or the "
            "subcontractor."
        )
    if errors:
        raise ValidationError(errors)


def check_two_inspectors(actor, second, office: Office) -> None:
    """Two different inspectors, the second an active one of the order's office, both
    holding an inspection card number (劳动保障监察条例 Art. 16)."""
    if second is None:
        error = _("Choose the second inspector.")
    elif second.pk == actor.pk:
        error = _("The second inspector must be someone other than you.")
    elif not signing_inspectors(office).filter(pk=second.pk).exists():
        error = _("%(name)s is not an active inspector of %(office)s.") % {
            "name": second.display_name,
            "office": office,
        }
    else:
        lacking = [user.display_name for user in (actor, second) if not user.inspection_card_number]
        error = (
            _("%(names)s holds no inspection card number; both inspectors must hold one.")
            % {"names": "、".join(lacking)}
            if lacking
            else None
        )
    if error:
        raise ValidationError({"second_inspector": error})


def _order_lines(case: Case, lines: Mapping[int, Decimal]) -> list[OrderLine]:
    """One unsaved line per worker of the case named, each amount above zero."""
    workers = {c.pk: c for c in Complainant.objects.filter(case=case, pk__in=list(lines))}
    errors = []
    result = []
    for pk, amount in lines.items():
        worker = workers.get(pk)
        if worker is None:
            errors.append(_("A worker on the order is not a worker of this case."))
        elif amount is None or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
            errors.append(
                _("The amount for %(name)s must be above zero, with at most 2 decimals.")
                % {"name": worker.name}
            )
        else:
            result.append(OrderLine(complainant=worker, amount=amount))
    if not lines:
        errors.append(_("Enter the amount ordered for at least one worker."))
    if errors:
        raise ValidationError({"lines": errors})
    return result


def _superseded_document(locked: Case, referral: Referral, corrects: RectificationOrder | None):
    """The document of the order `corrects`, which the new order replaces before it was
    served (a pay-by date or an amount put right); its service standard ends, superseded.
    A served order is not corrected: the pay-by date it set has run against the party."""
    if corrects is None:
        return None
    document = IssuedDocument.objects.filter(
        case=locked, kind=DocumentKind.RECTIFICATION, number=corrects.number
    ).first()
    if corrects.case_id != locked.pk or document is None:
        raise InvalidTransition(_("The order corrected must be an order of this case."))
    if corrects.deadline_id is not None or corrects.is_complied:
        raise InvalidTransition(
            _("Order %(number)s was served; it can no longer be corrected.")
            % {"number": corrects.number}
        )
    if document.is_corrected:
        raise InvalidTransition(
            _("Order %(number)s was already corrected.") % {"number": corrects.number}
        )
    _close_service_standard(referral, reason=DeadlineEnd.SUPERSEDED)
    return document


def _locked_inspection(case: Case, actor, corrects=None) -> tuple[Case, Referral, object]:
    """The case locked, its inspection referral and the document of the order corrected
    (if any), when `actor` may order payment now."""
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
    superseded = _superseded_document(locked, referral, corrects)
    running = (RECTIFY_POLICY, SERVE_POLICY)
    if referral.deadlines.filter(closed_at__isnull=True, policy__code__in=running).exists():
        raise InvalidTransition(_("An order to pay is still running on this case."))
    return locked, referral, superseded


def _order_save(order: RectificationOrder, lines: list[OrderLine], inspectors: list) -> None:
    """Save the order with its lines and its two inspectors; its totals are the lines'."""
    order.workers_concerned = len(lines)
    order.amount_ordered = sum((line.amount for line in lines), Decimal("0"))
    order.full_clean()
    order.save()
    order.inspectors.set(inspectors)
    for line in lines:
        line.order = order
        line.full_clean()
    OrderLine.objects.bulk_create(lines)


@transaction.atomic
def rectification_order(
    *,
    case: Case,
    actor,
    findings: str,
    amount_found: Decimal,
    pay_by: date,
    second_inspector,
    lines: Mapping[int, Decimal],
    addressee_role: str = OrderAddressee.EMPLOYER,
    addressee_name: str = "",
    addressee_credit_code: str = "",
    corrects: RectificationOrder | None = None,
) -> RectificationOrder:
    """Record the findings and the order to correct, numbered and itemised per worker
    (`lines`: complainant id -> amount), and issue it as a document; its service on the
    party starts being chased (its pay-by date is chased from service). With `corrects`,
    it replaces that order, not yet served: its document names the one it corrects."""
    findings = (findings or "").strip()
    addressee_name = (addressee_name or "").strip()
    _check(findings, amount_found, pay_by, addressee_role, addressee_name)
    locked, referral, superseded = _locked_inspection(case, actor, corrects)
    office = referral.desk.office
    check_two_inspectors(actor, second_inspector, office)
    order_lines = _order_lines(locked, lines)
    employer = addressee_role == OrderAddressee.EMPLOYER
    order = RectificationOrder(
        case=locked,
        referral=referral,
        addressee_role=addressee_role,
        addressee_name="" if employer else addressee_name,
        addressee_credit_code="" if employer else (addressee_credit_code or "").strip(),
        findings=findings,
        amount_found=amount_found,
        pay_by=pay_by,
        issued_by=actor,
    )
    inspectors = [actor, second_inspector]
    with document_language():
        content = order_content(
            order=order, lines=order_lines, office=office, inspectors=inspectors
        )
    document = document_issue(
        case=locked,
        office=office,
        kind=DocumentKind.RECTIFICATION,
        content=content,
        actor=actor,
        corrects=superseded,
    )
    # One number for both: document_issue took it, the order carries it.
    order.number = document.number
    order.issued_at = document.issued_at
    _order_save(order, order_lines, inspectors)
    _order_ordered(order, actor)
    return order


def _order_ordered(order: RectificationOrder, actor) -> None:
    """The order is on record: its service starts being chased and the case's history
    says what was ordered."""
    deadline_open(referral=order.referral, policy_code=SERVE_POLICY, start=clock.today())
    amount = f"{order.amount_ordered:.2f}"
    payload = {"number": order.number, "amount": amount, "pay_by": str(order.pay_by)}
    events.record(
        case=order.case,
        kind=EventKind.RECTIFICATION_ORDERED,
        actor=actor,
        payload=payload,
        message=order.findings,
    )


def _close_service_standard(referral: Referral, reason: str = DeadlineEnd.MET) -> None:
    """The order no longer waits to be served: its service standard is met (or, for an
    order corrected before service, superseded)."""
    running = referral.deadlines.filter(closed_at__isnull=True, policy__code=SERVE_POLICY)
    for deadline_id in running.values_list("pk", flat=True):
        deadlines_close(referral=referral, reason=reason, deadline_id=deadline_id)


@transaction.atomic
def rectification_served(*, order: RectificationOrder, served_on: date) -> RectificationOrder:
    """The order was served on the party on `served_on`: its pay-by clock starts that day,
    due on the order's pay-by date, and its service standard is met.

    Called by the service of the order's document (inspection/services/service.py), which
    holds the case's lock and has checked who serves it. A pay-by date not after the day
    of service leaves the party no time to pay: refused, a corrected order is issued instead.
    """
    locked = (
        RectificationOrder.objects.select_for_update(of=("self",))
        .select_related("referral")
        .get(pk=order.pk)
    )
    if locked.deadline_id is not None:
        raise InvalidTransition(_("This order was already served."))
    if locked.pay_by <= served_on:
        raise ValidationError(
            {
                "served_on": _(
                    "The pay-by date %(date)s is not after the day of service; issue a "
                    "corrected order."
                )
                % {"date": locked.pay_by.isoformat()}
            }
        )
    _close_service_standard(locked.referral)
    if locked.is_complied:
        return locked  # paid before it was served: nothing left to chase
    locked.deadline = deadline_open(
        referral=locked.referral, policy_code=RECTIFY_POLICY, start=served_on, due=locked.pay_by
    )
    locked.save(update_fields=["deadline"])
    return locked


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
    else:
        _close_service_standard(locked.referral)  # paid before it was served
    events.record(
        case=locked.case,
        kind=EventKind.RECTIFICATION_COMPLIED,
        actor=actor,
        payload={"number": locked.number},
    )
    return locked


# Serving the order is the inspection procedure's (inspection/services/service.py), an app
# above dispatch: it registers its function here at start-up (InspectionConfig.ready), for
# the callers below it that carry a case whole (the demo seeding):
# fn(*, order, actor, served_on, method, recipient, place).
_order_service: dict[str, Callable] = {}


def register_order_service(function: Callable) -> None:
    _order_service["serve"] = function


def rectification_serve(*, order: RectificationOrder, actor, served_on: date, **fields):
    """Serve `order`'s document on the party the lawful way (the registered function)."""
    if "serve" not in _order_service:
        raise ImproperlyConfigured("the inspection app registers the service of an order")
    return _order_service["serve"](order=order, actor=actor, served_on=served_on, **fields)
