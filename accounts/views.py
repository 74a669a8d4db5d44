"""The login page and the site root, both ending where the user's work starts; an
office's seal image for the documents printed in its name."""

import logging

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from accounts.forms import LoginForm
from accounts.home import home_url_for
from accounts.models import Office
from accounts.seals import seal_content_type

logger = logging.getLogger(__name__)

# An SVG opened on its own may do nothing but draw itself: no script, no fetch, no form,
# a unique origin (sandbox). Inside an <img> a browser runs nothing anyway.
SEAL_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


class LoginView(auth_views.LoginView):
    """Django's login; without a ?next= the user lands on their role's home page."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return home_url_for(self.request.user)


def home(request):
    """The site root: the user's home page, or the login page for a visitor."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    return redirect(home_url_for(request.user))


@login_required
@require_GET
def office_seal(request, name: str):
    """The seal image stored as `name`, for bureau staff printing a decision (any role:
    whoever may see a case may print its documents). Platform accounts get none."""
    if not (request.user.is_superuser or request.user.role_names):
        raise PermissionDenied
    office = Office.objects.filter(seal=name).exclude(seal="").first()
    if office is None:
        raise Http404
    try:
        handle = office.seal.open("rb")
    except OSError:
        logger.error("The seal of office %s is missing on disk", office.pk)
        raise Http404 from None
    response = FileResponse(handle, content_type=seal_content_type(office.seal.name))
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SEAL_POLICY
    # A new upload gets a new name: the old address may be kept, but only by this browser.
    response["Cache-Control"] = "private, max-age=3600"
    return response
