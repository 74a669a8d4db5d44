"""Helpers shared by complaint pages: role gates and turning service errors into form errors."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from complaints.exceptions import CaseNotVisible, DomainError
from complaints.selectors.cases import case_get_for


def role_required(*roles):
    """Let in users holding any of `roles` (superusers always)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def visible_case_or_404(request, ticket: str):
    try:
        return case_get_for(user=request.user, ticket=ticket)
    except CaseNotVisible:
        raise Http404 from None


def run_service(form, call):
    """Run `call()`; put a refused action or a validation error on `form`. True if done."""
    try:
        call()
    except CaseNotVisible:
        raise Http404 from None
    except DomainError as error:
        form.add_error(None, str(error.message))
        return False
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                target = field if field in form.fields else None
                for message in messages:
                    form.add_error(target, message)
        else:
            for message in error.messages:
                form.add_error(None, message)
        return False
    return True


def form_errors_as_messages(request, form) -> None:
    """Show a form's errors as page messages (for small forms that redirect back)."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
