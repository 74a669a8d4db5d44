"""GET /api/v1/track/?ticket=...&phone=LAST4: the status look-up as JSON.

Public (no authentication, no session, so no CSRF) and limited by its own counters
(ratelimit.py) instead of the API's per-user throttle. JSON only, whatever the Accept
header: the browsable API would render a different body per request. Errors have the
API's one shape, `{"error": {"code": ..., "message": ..., "fields": {...}}}`, with a
translated message; an unknown ticket and wrong phone digits give the same 404, byte
for byte.
"""

from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.exceptions import APIException
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from complaints.tracking import lookup
from complaints.tracking.ratelimit import refusal_message


class TrackResultSerializer(serializers.Serializer):
    ticket = serializers.CharField()
    status = serializers.CharField(help_text="Status code, e.g. registered, accepted, closed.")
    status_label = serializers.CharField(help_text="The status in the request's language.")
    step = serializers.CharField(help_text="The current step, one plain-language sentence.")
    office = serializers.CharField(help_text="The responsible office.")
    office_phone = serializers.CharField()
    next_due = serializers.DateField(
        allow_null=True, help_text="The next statutory date on the case; null when none runs."
    )
    registered_on = serializers.DateField()


TrackError = inline_serializer(
    name="TrackError",
    fields={
        "error": inline_serializer(
            name="TrackErrorBody",
            fields={
                "code": serializers.CharField(
                    help_text="invalid, not_found, rate_limited or unavailable"
                ),
                "message": serializers.CharField(help_text="Translated, for people."),
                "fields": serializers.DictField(
                    child=serializers.ListField(child=serializers.CharField()),
                    help_text="Per parameter, what is wrong; empty unless the code is invalid.",
                ),
            },
        )
    },
)


class JSONOnly(BaseContentNegotiation):
    """Always JSON, whatever Accept says: a phone's browser opening the URL gets the answer."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def error(code: str, message, status: int, fields: dict | None = None) -> Response:
    """The API's one error shape (as complaints/api/errors.py): `fields` is always there."""
    body = {"error": {"code": code, "message": str(message), "fields": fields or {}}}
    return Response(body, status=status)


def exception_handler(exc, context):
    """DRF's own errors here (e.g. 405 for a POST) in the same shape."""
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
        detail = exc.detail if isinstance(exc.detail, str) else exc.default_detail
        response.data = {"error": {"code": code, "message": str(detail), "fields": {}}}
    return response


@method_decorator(never_cache, name="dispatch")
class TrackView(APIView):
    """A complainant's case: status, current step, office, next statutory date."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = []  # limited per address and per ticket in ratelimit.py
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONOnly

    def get_exception_handler(self):
        return exception_handler

    @extend_schema(
        operation_id="track_case",
        summary="Status look-up by ticket number and the phone's last 4 digits",
        auth=[],
        parameters=[
            OpenApiParameter(
                "ticket", str, required=True, description="Ticket number, e.g. YC-2026-000123"
            ),
            OpenApiParameter(
                "phone",
                str,
                required=True,
                description="The last 4 digits of a phone number registered on the case",
            ),
        ],
        responses={
            200: TrackResultSerializer,
            400: OpenApiResponse(TrackError, description="A parameter is missing or malformed."),
            404: OpenApiResponse(
                TrackError,
                description="No such ticket, or the digits do not match (one answer for both).",
            ),
            429: OpenApiResponse(TrackError, description="Too many look-ups; see Retry-After."),
            503: OpenApiResponse(TrackError, description="Look-ups are refused for now."),
        },
    )
    def get(self, request):
        outcome = lookup.look_up(request, request.query_params)
        if outcome.kind == lookup.REFUSED:
            verdict = outcome.verdict
            code, status = ("unavailable", 503) if verdict.unavailable else ("rate_limited", 429)
            response = error(code, refusal_message(verdict), status)
            response["Retry-After"] = str(verdict.retry_after)
            return response
        if outcome.kind in (lookup.EMPTY, lookup.INVALID):
            fields = {
                name: [str(message) for message in messages]
                for name, messages in outcome.form.errors.items()
            }
            return error("invalid", lookup.INVALID_MESSAGE, 400, fields=fields)
        if outcome.kind == lookup.NOT_FOUND:
            return error("not_found", lookup.NOT_FOUND_MESSAGE, 404)
        result = outcome.result
        return Response(
            TrackResultSerializer(
                {
                    "ticket": result.ticket,
                    "status": result.status,
                    "status_label": result.status_label,
                    "step": result.step,
                    "office": result.office,
                    "office_phone": result.office_phone,
                    "next_due": result.next_due,
                    "registered_on": result.registered_on,
                }
            ).data
        )
