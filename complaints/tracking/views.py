"""The look-up page /track/: a GET form that works without JavaScript and on a phone.

GET so the page can be bookmarked and needs no session or CSRF token. The query string
carries the ticket and the last 4 digits: nothing here logs it (Django's request log
names only the path), and the response is never cached.
"""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from complaints.tracking import lookup
from complaints.tracking.forms import TrackForm
from complaints.tracking.ratelimit import refusal_message

STATUS_CODES = {
    lookup.EMPTY: 200,
    lookup.FOUND: 200,
    lookup.INVALID: 400,
    lookup.NOT_FOUND: 404,
}


@never_cache
@require_safe
def track(request):
    outcome = lookup.look_up(request, request.GET)
    context = {
        "form": TrackForm() if outcome.kind == lookup.EMPTY else outcome.form,
        "outcome": outcome.kind,
        "result": outcome.result,
        "hotline": settings.BUREAU_HOTLINE,
        "not_found_message": lookup.NOT_FOUND_MESSAGE,
    }
    if outcome.kind == lookup.REFUSED:
        context["refusal_message"] = refusal_message(outcome.verdict)
        status = 503 if outcome.verdict.unavailable else 429
        response = render(request, "tracking/track.html", context, status=status)
        response["Retry-After"] = str(outcome.verdict.retry_after)
        return response
    return render(request, "tracking/track.html", context, status=STATUS_CODES[outcome.kind])
