from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    name = "dispatch"
    verbose_name = _("Dispatch and deadlines")

    def ready(self) -> None:
        from accounts import duty
        from complaints import hooks
        from dispatch import calendar
        from dispatch.group_panel import register_group_case_panel
        from dispatch.panels import register_case_page_panels  # models are loaded only now
        from dispatch.receipt_panel import register_receipt_panel
        from dispatch.selectors.case_filters import register_case_filters
        from dispatch.services import acceptance
        from dispatch.sms_panel import register_failed_sms_panel

        register_case_page_panels()
        register_group_case_panel()  # a group wage-arrears case's card and its report upward
        register_receipt_panel()  # the desks and their time limits on the receipt
        register_failed_sms_panel()  # SMS the gateway did not deliver
        # The inspection desk's clocks follow the acceptance decision, in its transaction.
        hooks.register_hook(hooks.DECISION_PROPOSED, acceptance.on_decision_proposed)
        hooks.register_hook(hooks.ACCEPTANCE_DECIDED, acceptance.on_acceptance_decided)
        hooks.register_hook(hooks.COMPLAINT_COMPLETED, acceptance.on_complaint_completed)
        register_case_filters()  # complaints' case lists filter by desk, referral, deadline
        # "After hours" (the duty roster's rule) counts holidays and make-up working days.
        duty.use_working_day_rule(calendar.is_working_day)
