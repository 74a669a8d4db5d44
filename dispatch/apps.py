from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    name = "dispatch"
    verbose_name = _("Dispatch and deadlines")

    def ready(self) -> None:
        from dispatch.panels import register_case_page_panels  # models are loaded only now
        from dispatch.selectors.case_filters import register_case_filters

        register_case_page_panels()
        register_case_filters()  # complaints' case lists filter by desk, referral, deadline
