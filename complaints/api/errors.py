"""One JSON shape for every error of the API, and the handler that produces it.

    {"error": {"code": "invalid", "message": "...", "fields": {"description": ["..."]}}}

`code` is stable and machine-readable, `message` is translated into the request's
language, `fields` maps input fields to their messages (empty when none). Services raise
domain exceptions (docs/conventions.md); this handler is the one place that turns them,
Django's ValidationError and DRF's own errors into that shape, so views need no
try/except. A case the user may not see and a case that does not exist both raise
CaseNotVisible and therefore answer the same 404 body.
"""

from django.core.exceptions import NON_FIELD_ERRORS, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler, set_rollback

from complaints.exceptions import (
    ActionNotPermitted,
    CaseNotVisible,
    DomainError,
    InvalidTransition,
)

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY
INVALID_MESSAGE = _("Some of the data sent is not valid; see the fields.")
FIELD_MESSAGE = _("%(field)s: %(message)s")

DOMAIN_STATUS = (
    (ActionNotPermitted, status.HTTP_403_FORBIDDEN),
    (CaseNotVisible, status.HTTP_404_NOT_FOUND),
    (InvalidTransition, status.HTTP_409_CONFLICT),
)


def error_body(code: str, message, fields: dict | None = None) -> dict:
    return {"error": {"code": str(code), "message": str(message), "fields": fields or {}}}


def _first_message(detail, path: str = ""):
    """The first message in a (nested) DRF error detail, with the field path it belongs to."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = path if key == NON_FIELD else (f"{path}.{key}" if path else str(key))
            found = _first_message(value, name)
            if found:
                return found
        return None
    if isinstance(detail, list):
        for index, value in enumerate(detail):
            nested = isinstance(value, dict | list)
            found = _first_message(value, f"{path}[{index}]" if nested else path)
            if found:
                return found
        return None
    return (path, str(detail))


def _validation_message(fields) -> str:
    found = _first_message(fields)
    if found is None:
        return str(INVALID_MESSAGE)
    path, message = found
    return str(FIELD_MESSAGE % {"field": path, "message": message}) if path else message


def _django_validation_fields(error: DjangoValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return {
            (NON_FIELD if field == NON_FIELD_ERRORS else field): messages
            for field, messages in error.message_dict.items()
        }
    return {NON_FIELD: error.messages}


def _domain_status(error: DomainError) -> int:
    for kind, code in DOMAIN_STATUS:
        if isinstance(error, kind):
            return code
    return status.HTTP_409_CONFLICT


def _detail_code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def api_exception_handler(exc, context):
    """DRF exception handler: every error the API answers has the shape above."""
    if isinstance(exc, DomainError):
        set_rollback()
        return Response(error_body(exc.code, exc.message), status=_domain_status(exc))
    if isinstance(exc, DjangoValidationError):
        set_rollback()
        fields = _django_validation_fields(exc)
        return Response(
            error_body("invalid", _validation_message(fields), fields),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, SuspiciousOperation):  # e.g. a body over DATA_UPLOAD_MAX_MEMORY_SIZE
        exc = exceptions.ParseError(_("The request could not be read; it may be too large."))
    response = exception_handler(exc, context)
    if response is None:
        return None  # a bug: Django's 500 handling and logging take over
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {NON_FIELD: exc.detail}
        response.data = error_body("invalid", _validation_message(detail), detail)
    else:
        response.data = error_body(_detail_code(exc), exc.detail)
    return response
