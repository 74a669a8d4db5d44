from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "inspection"
    verbose_name = _("Inspection procedure")

    def ready(self) -> None:
        from complaints import hooks
        from inspection.services import filing

        # The head's acceptance is the filing (立案): its approval form is issued at once.
        hooks.register_hook(hooks.ACCEPTANCE_DECIDED, filing.on_acceptance_decided)
