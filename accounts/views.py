"""The login page and the site root, both ending where the user's work starts; an
office's seal image for the documents printed in its name; an office's duty roster."""

import logging

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.duty import peak_periods_of, roster_of
from accounts.forms import DutyShiftForm, LoginForm
from accounts.home import home_url_for
from accounts.models import Office
from accounts.seals import seal_content_type
from accounts.services import duty_shift_add, duty_shift_remove, may_keep_roster
from config import clock

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


def _roster_office(request) -> Office:
    """The office whose roster the user keeps: their own."""
    office = request.user.office
    if office is None or not may_keep_roster(request.user, office):
        raise PermissionDenied
    return office


@login_required
def roster(request):
    """An office's duty roster (值班表): the shifts not over yet, the peak periods that hold
    for it, and a form to add a shift (refusals are form errors, nothing written)."""
    office = _roster_office(request)
    form = DutyShiftForm(request.POST if request.method == "POST" else None, office=office)
    if request.method == "POST" and form.is_valid():
        try:
            duty_shift_add(actor=request.user, office=office, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The shift was added to the roster."))
            return redirect("accounts:roster")
    now = clock.now()
    context = {
        "office": office,
        "form": form,
        "shifts": roster_of(office, since=now),
        "peak_periods": peak_periods_of(office, since=clock.today()),
        "now": now,
    }
    return render(request, "accounts/roster.html", context, status=400 if form.errors else 200)


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                form.add_error(field if field in form.fields else None, item)
    else:
        form.add_error(None, error)


@login_required
@require_POST
def roster_remove(request):
    """Take a shift off the roster; a refusal is said on the roster page."""
    office = _roster_office(request)
    try:
        shift_id = int(request.POST.get("shift", ""))
        duty_shift_remove(actor=request.user, shift_id=shift_id, office=office)
    except ValueError:
        messages.error(request, _("Choose a shift on the roster."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The shift was taken off the roster."))
    return redirect("accounts:roster")
