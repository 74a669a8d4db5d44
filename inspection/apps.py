from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "inspection"
    verbose_name = _("Inspection procedure")

    def ready(self) -> None:
        from complaints import hooks
        from complaints.employer_flags import register_employer_flags
        from complaints.selectors.closing import register_close_initial
        from dispatch.selectors.workspace import register_waiting
        from dispatch.services.rectification import register_order_service
        from dispatch.services.referrals import register_filed_closing
        from inspection.case_filters import register_case_filters
        from inspection.credit_selectors import employer_credit_flags
        from inspection.panels import register_credit_panel, register_procedure_panel
        from inspection.services import filing
        from inspection.services.ending import approved_closing_initial, close_filed_referral
        from inspection.services.service import order_serve
        from inspection.violation_findings import register_violation_findings
        from inspection.waiting import referrals_waiting, waits_on_inspector

        register_procedure_panel()  # the case page's "Inspection procedure"
        register_credit_panel()  # the case page's "Credit consequences"
        # The employer's page shows the measures approved and proposed against it.
        register_employer_flags("credit", employer_credit_flags)
        register_case_filters()  # the dashboard's procedure figures drill down to cases
        # The head's acceptance is the filing (立案): its approval form is issued at once.
        hooks.register_hook(hooks.ACCEPTANCE_DECIDED, filing.on_acceptance_decided)
        # A filed case's inspection referral is done only by the approved closing (结案).
        register_filed_closing(close_filed_referral)
        # An order to pay is served by the procedure's service (the demo's lead case).
        register_order_service(order_serve)
        # The case's close form starts with the outcome the head approved (结案审批表).
        register_close_initial(approved_closing_initial)
        # "My cases" marks what each filed case waits on, and filters what waits on the user.
        register_waiting(read=referrals_waiting, on_officer=waits_on_inspector)
        # The case's inspector marks the violation categories found (查实).
        register_violation_findings()
