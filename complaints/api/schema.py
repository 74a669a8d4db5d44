"""OpenAPI helpers shared by the views: error answers and the ticket path parameter."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from complaints.api.serializers import ErrorSerializer

ERROR_DESCRIPTIONS = {
    400: "Invalid input (code `invalid`, messages per field in `fields`).",
    401: "No or wrong credentials (`Authorization: Token ...`).",
    403: "Your role or office does not allow this (`not_permitted`, ...).",
    404: "No such case, or one you may not see: the same answer for both.",
    409: "Not possible in the case's current state (`invalid_transition`), a request with "
    "the same Idempotency-Key still running, or another case's platform reference.",
    422: "The Idempotency-Key was used before for a different request.",
    429: "Too many requests from this account; retry after `Retry-After` seconds.",
}

TICKET = OpenApiParameter(
    "ticket",
    str,
    OpenApiParameter.PATH,
    description="Ticket number, e.g. YC-2026-000123.",
)

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="Any unique string (a UUID): the same key and body within 24 hours replay "
    "the first answer instead of acting twice.",
)


def errors(*codes: int) -> dict:
    """Error responses for extend_schema(responses=...), always with 401 and 429."""
    wanted = sorted({401, 429, *codes})
    return {
        code: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code])
        for code in wanted
    }
