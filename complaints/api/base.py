"""What every endpoint of the API shares: JSON in and out, auth, errors, case look-up.

Token authentication comes first so an anonymous request answers 401 with
`WWW-Authenticate: Token`; the browser's session works as well (with its CSRF check).
"""

import re

from django.utils.translation import gettext_lazy as _
from rest_framework import generics, views
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.renderers import JSONRenderer

from complaints.api.errors import api_exception_handler
from complaints.api.parsers import ApiJSONParser
from complaints.exceptions import ActionNotPermitted, CaseNotVisible
from complaints.models import Case, Channel
from complaints.selectors.cases import case_get_for_api
from complaints.selectors.visibility import is_platform_account

# Ticket numbers as issued by complaints.services.intake (YC-2026-000123). Anything else
# is answered exactly like a case that exists but may not be seen.
TICKET_RE = re.compile(r"[A-Z]+-\d{4}-\d{6}", re.ASCII)


class PlatformMisconfigured(ActionNotPermitted):
    code = "platform_misconfigured"
    default_message = _(
        "This platform account has no valid channel; ask an administrator to correct it."
    )


class NoOffice(ActionNotPermitted):
    code = "no_office"
    default_message = _("Your account belongs to no office; ask an administrator.")


class ApiConventions:
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    parser_classes = [ApiJSONParser]
    renderer_classes = [JSONRenderer]

    def get_exception_handler(self):
        return api_exception_handler


class ApiView(ApiConventions, views.APIView):
    pass


class ApiGenericView(ApiConventions, generics.GenericAPIView):
    pass


def normalize_ticket(ticket: str) -> str:
    """The canonical ticket, or CaseNotVisible for anything that cannot be one."""
    ticket = (ticket or "").strip().upper()
    if not TICKET_RE.fullmatch(ticket):
        raise CaseNotVisible()
    return ticket


def case_for(request, ticket: str) -> Case:
    """The case behind a ticket in the URL, if this user may see it through the API."""
    return case_get_for_api(user=request.user, ticket=normalize_ticket(ticket))


def platform_channel(user) -> str:
    """The channel a platform account registers under ("" for staff accounts)."""
    if not is_platform_account(user):
        return ""
    if user.platform_channel not in Channel.values:
        raise PlatformMisconfigured()
    return user.platform_channel


def require_role_or_platform(user, roles) -> str:
    """Let in staff holding one of `roles` and platform accounts; return the platform channel.

    Whoever registers something must belong to an office: it becomes the registering
    office of a case and the office of a consultation.
    """
    channel = platform_channel(user)
    if not channel and not user.has_role(*roles):
        raise ActionNotPermitted()
    if user.office_id is None:
        raise NoOffice()
    return channel
