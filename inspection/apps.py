from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "inspection"
    verbose_name = _("Inspection procedure")

    def ready(self) -> None:
        from complaints import hooks
        from complaints.selectors.closing import register_close_initial
        from dispatch.selectors.workspace import register_waiting
        from dispatch.services.referrals import register_filed_closing
        from inspection.case_filters import register_case_filters
        from inspection.panels import register_procedure_panel
        from inspection.services import filing
        from inspection.services.ending import approved_closing_initial, close_filed_referral
        from inspection.waiting import referrals_waiting, waits_on_inspector

        register_procedure_panel()  # the case page's "Inspection procedure"
        register_case_filters()  # the dashboard's procedure figures drill down to cases
        # The head's acceptance is the filing (立案): its approval form is issued at once.
        hooks.register_hook(hooks.ACCEPTANCE_DECIDED, filing.on_acceptance_decided)
        # A filed case's inspection referral is done only by the approved closing (结案).
        register_filed_closing(close_filed_referral)
        # The case's close form starts with the outcome the head approved (结案审批表).
        register_close_initial(approved_closing_initial)
        # "My cases" marks what each filed case waits on, and filters what waits on the user.
        register_waiting(read=referrals_waiting, on_officer=waits_on_inspector)
