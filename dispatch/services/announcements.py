"""Telling people about steps on a case: the first responder and the complainants.

First-inquiry responsibility: the first responder stays accountable, so they hear of
every step someone else takes on a case handled outside their office. Complainants get
an SMS at the steps that matter to them. Keys are per event, so a redelivered task
sends nothing twice.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from complaints.events import describe
from complaints.models import CaseEvent, EventKind
from dispatch.services.group_cases import group_case_check
from dispatch.services.notifications import SmsText, notify_complainants, notify_staff
from dispatch.sms import templates

# Looked up (and translated) when a message is composed, in the bureau's language. A
# vendor gateway sends the approved template of SMS_TEMPLATE_KINDS instead, with the same
# values (dispatch/sms/templates.py).
SMS_TEXTS = {
    EventKind.ROUTED: _(
        "Your complaint is registered as %(ticket)s. The bureau decides within 5 working "
        "days whether to accept it. Check its progress at %(track_url)s with the ticket "
        "number and the last 4 digits of this phone, or call %(hotline)s."
    ),
    EventKind.ACCEPT: _(
        "Complaint %(ticket)s has been accepted and filed; an inspector will contact you."
    ),
    EventKind.NOT_ACCEPT: _(
        "Complaint %(ticket)s was not accepted; a written notice explains why and where to "
        "turn. Call %(hotline)s with questions."
    ),
    EventKind.CLOSE: _("Complaint %(ticket)s is closed. Thank you for your patience."),
}


SMS_TEMPLATE_KINDS = {
    EventKind.ROUTED: templates.CASE_REGISTERED,
    EventKind.ACCEPT: templates.CASE_ACCEPTED,
    EventKind.NOT_ACCEPT: templates.CASE_NOT_ACCEPTED,
    EventKind.CLOSE: templates.CASE_CLOSED,
}


# Steps the first responder hears of even when their own office handles the case.
ALWAYS_TOLD = frozenset({EventKind.ROUTED})
# Entries of the audit trail, not steps of the case: nobody is told of them.
NEVER_TOLD = frozenset({EventKind.ID_NUMBER_VIEWED})


def _is_first_routing(event: CaseEvent) -> bool:
    return (
        event.kind != EventKind.ROUTED
        or not CaseEvent.objects.filter(
            case_id=event.case_id, kind=EventKind.ROUTED, id__lt=event.pk
        ).exists()
    )


def _tell_first_responder(event: CaseEvent) -> None:
    case = event.case
    responder = case.first_responder
    if event.actor_id == responder.pk or event.kind in NEVER_TOLD:
        return
    elsewhere = responder.office_id != case.responsible_office_id
    if not (elsewhere or event.kind in ALWAYS_TOLD):
        return
    notify_staff(
        recipients=[responder],
        key=f"step:{event.pk}",
        case=case,
        subject=f"{case.ticket}: {describe(event)}"[:200],
        body=event.message,
        email=False,
    )


def event_announce(*, event_id: int) -> CaseEvent | None:
    event = (
        CaseEvent.objects.select_related(
            "case", "case__first_responder", "case__responsible_office"
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        _tell_first_responder(event)
        text = SMS_TEXTS.get(event.kind)
        if text is not None and _is_first_routing(event):
            values = {
                "ticket": event.case.ticket,
                "hotline": settings.BUREAU_HOTLINE,
                "track_url": f"{settings.PUBLIC_BASE_URL}/track/",
            }
            sms = SmsText(
                text=_gettext(str(text)) % values,
                template=SMS_TEMPLATE_KINDS[event.kind],
                params=values,
            )
            notify_complainants(case=event.case, key=f"sms:{event.pk}", sms=sms)
    if event.kind not in NEVER_TOLD:
        # Complainants added, the mass-incident flag set: a case may become a group case
        # after routing (routing itself declares those that are one from the start).
        group_case_check(case_id=event.case_id)
    return event
