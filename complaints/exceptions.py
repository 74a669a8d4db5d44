"""Domain errors raised by complaint services; pages and the API map them to messages."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A refused action, with a translated message and a machine-readable code."""

    code = "refused"
    default_message = _("This action is not possible.")

    def __init__(self, message=None, *, code: str | None = None):
        self.message = message or self.default_message
        if code:
            self.code = code
        super().__init__(str(self.message))


class InvalidTransition(DomainError):
    code = "invalid_transition"
    default_message = _("This action is not possible in the case's current state.")


class ActionNotPermitted(DomainError):
    code = "not_permitted"
    default_message = _("Your role does not allow this action.")


class CaseNotVisible(DomainError):
    code = "not_found"
    default_message = _("No such case, or you may not see it.")
