"""The application a desk counts from: recording its receipt starts the statutory clock.

Arbitration, work injury and legal aid count from the receipt of their own application
(劳动争议调解仲裁法 Art. 29: accept or reject within 5 days; 工伤认定办法 Art. 8: within
15 days of a complete application; 法律援助法 Art. 43: decide within 7 days), not from the
window's registration. A referral to one of them starts as helping the worker apply, with
the bureau's own service reminder (APPLY_POLICY, `first_clock_open`); when the desk
receives the application, `referral_application_received` records the day and the
materials, closes the reminder as met and opens the statutory clock counted from that day.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.models import EventKind
from config import clock
from dispatch.models import ApplicationMaterial, Deadline, DeadlineEnd, Referral
from dispatch.services.deadlines import (
    ACCEPT_POLICY,
    APPLY_POLICY,
    deadline_open,
    deadlines_close,
)
from dispatch.services.referrals import _locked, _record


def desk_checklist(desk_kind: str) -> list[ApplicationMaterial]:
    """The active items of a desk's checklist, in the administrator's order."""
    return list(ApplicationMaterial.objects.filter(desk=desk_kind, is_active=True))


def _check_received_on(received_on: date | None, referral: Referral) -> date:
    """Not in the future, not before the case was registered."""
    if received_on is None:
        raise ValidationError({"received_on": _("Give the date the application was received.")})
    if received_on > clock.today():
        raise ValidationError(
            {"received_on": _("The date the application was received cannot be in the future.")}
        )
    registered_on = timezone.localdate(referral.case.registered_at)
    if received_on < registered_on:
        raise ValidationError(
            {
                "received_on": _(
                    "The application cannot have been received before the case was "
                    "registered (%(registered_on)s)."
                )
                % {"registered_on": registered_on.isoformat()}
            }
        )
    return received_on


def _check_materials(materials, desk_kind: str) -> list[ApplicationMaterial]:
    """Only active items of this desk's own checklist."""
    materials = list(materials or [])
    allowed = {item.pk for item in desk_checklist(desk_kind)}
    if any(item.pk not in allowed for item in materials):
        raise ValidationError({"materials": _("Tick only items of this desk's checklist.")})
    return materials


@transaction.atomic
def referral_application_received(
    *, referral: Referral, actor, received_on: date | None, materials=()
) -> Referral:
    """The desk received the worker's application on `received_on`, with `materials` (items
    of its checklist): the service reminder closes as met and the desk's statutory clock
    (ACCEPT_POLICY) opens, counted from that day. Those who work the referral record it,
    once, while it is pending (`referral_actions_for`)."""
    locked = _locked(referral, actor, "receive_application")
    received_on = _check_received_on(received_on, locked)
    kind = locked.desk.kind
    materials = _check_materials(materials, kind)
    reminder = Deadline.objects.filter(
        referral=locked, policy__code=APPLY_POLICY[kind], closed_at__isnull=True
    ).first()
    if reminder is not None:
        deadlines_close(referral=locked, reason=DeadlineEnd.MET, deadline_id=reminder.pk)
    deadline_open(referral=locked, policy_code=ACCEPT_POLICY[kind], start=received_on)
    locked.application_received_on = received_on
    locked.application_recorded_by = actor
    locked.save(update_fields=["application_received_on", "application_recorded_by"])
    locked.application_materials.set(materials)
    _record(
        locked,
        EventKind.APPLICATION_RECEIVED,
        actor,
        received_on=received_on.isoformat(),
        materials_en=[item.name_en for item in materials],
        materials_zh=[item.name_zh for item in materials],
    )
    return locked
