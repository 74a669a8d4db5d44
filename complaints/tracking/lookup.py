"""One look-up, as the page and the JSON endpoint both do it: count, check, find.

The order matters: the attempt is counted before anything else (so invalid input and
misses use up the allowance too), and a refused attempt does not reach the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from complaints.tracking.forms import TrackForm
from complaints.tracking.ratelimit import Verdict, track_attempt
from complaints.tracking.selectors import TrackResult, normalize_ticket, track_case

# The one answer for an unknown ticket, a malformed ticket and wrong phone digits.
NOT_FOUND_MESSAGE = _(
    "No complaint matches this ticket number and these phone digits. Check both and try "
    "again, or call the bureau."
)
INVALID_MESSAGE = _("Enter the ticket number and the last 4 digits of your phone number.")

EMPTY, REFUSED, INVALID, NOT_FOUND, FOUND = "empty", "refused", "invalid", "not_found", "found"


@dataclass(frozen=True)
class Outcome:
    kind: str  # one of EMPTY, REFUSED, INVALID, NOT_FOUND, FOUND
    form: TrackForm  # bound to what was sent
    result: TrackResult | None = None
    verdict: Verdict | None = None


def look_up(request, params) -> Outcome:
    """Run one look-up for `params` (a QueryDict with `ticket` and `phone`)."""
    form = TrackForm(params)
    if "ticket" not in params and "phone" not in params:
        return Outcome(EMPTY, form)  # nothing asked: the page shows the empty form
    verdict = track_attempt(request=request, ticket=normalize_ticket(params.get("ticket")))
    if not verdict.allowed:
        return Outcome(REFUSED, form, verdict=verdict)
    if not form.is_valid():
        return Outcome(INVALID, form)
    result = track_case(ticket=form.cleaned_data["ticket"], phone_last4=form.cleaned_data["phone"])
    return Outcome(FOUND if result else NOT_FOUND, form, result=result)
