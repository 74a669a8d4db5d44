"""The case page's warning about text messages that could not be delivered: the
gateway refused them SMS_MAX_ATTEMPTS times, or its receipt said they did not arrive.
Whoever may see the case sees it (the case page is scoped to the role and office), so
the office learns that a complainant was not told and can call instead. Numbers masked."""

from complaints.masking import mask_phone
from complaints.models import Case
from complaints.panels import BANNER, register_case_panel
from dispatch.services.sms_delivery import failed_sms_of_case


def failed_sms_panel_context(*, case: Case, user) -> dict:
    failed = [
        {
            "phone": mask_phone(sms.phone),
            "created_at": sms.created_at,
            "text": sms.body,
            "error": sms.last_error,
            "attempts": sms.attempts,
        }
        for sms in failed_sms_of_case(case_id=case.pk)
    ]
    return {"failed_sms": failed}


def register_failed_sms_panel() -> None:
    register_case_panel(
        slot=BANNER,
        order=8,
        template="dispatch/_failed_sms.html",
        context=failed_sms_panel_context,
    )
