"""A database outage answers 503 with a plain page (or JSON error for the API), never a
traceback; Django reconnects on the next request (CONN_HEALTH_CHECKS), so the site
recovers by itself when PostgreSQL is back.

`DatabaseUnavailableMiddleware` handles errors raised in views (whatever DEBUG says);
`server_error` (handler500) handles those raised elsewhere, e.g. saving the session.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.defaults import server_error as default_server_error

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = "30"


def database_unavailable(request) -> HttpResponse:
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "error": {
                    "code": "service_unavailable",
                    "message": _("The database is temporarily unavailable; try again later."),
                    "fields": {},
                }
            },
            status=503,
        )
    else:
        # No request context: context processors would query the unavailable database.
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = RETRY_AFTER_SECONDS
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.error("database unavailable: %s %s: %s", request.method, request.path, exception)
            return database_unavailable(request)
        return None


def server_error(request, template_name="500.html"):
    """handler500: a database outage outside the view is a 503 too."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        return database_unavailable(request)
    return default_server_error(request, template_name=template_name)
