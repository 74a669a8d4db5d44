"""The complainant's status look-up: ticket number plus the last 4 digits of a phone.

What it answers is deliberately small: status, the current step in plain words, the
responsible office and its phone, the next statutory date and the registration date.
Never a name, phone, ID number, amount or employer: anyone holding a receipt (or a
guess) may ask.

No enumeration: a ticket that does not exist, a malformed ticket and a wrong last 4
digits all end in `None`, after the same single query and at least one constant-time
comparison, so neither the answer nor the time tells which part was wrong.

Referrals and deadlines belong to dispatch; as on the case page they are reached through
the reverse relations (`referrals`, `deadlines`), so complaints does not import dispatch.
"""

from __future__ import annotations

import hmac
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from complaints.models import Case, Complainant, DeskKind, Status
from complaints.validators import LANDLINE_AREA_CODE

# Longer than any ticket (Case.ticket has max_length=30); longer input cannot match, and
# cutting it first bounds the work done on a hostile query string.
INPUT_MAX = 64
_LAST4_RE = re.compile(r"[0-9]{4}", re.ASCII)
_LANDLINE_RE = re.compile(
    rf"({LANDLINE_AREA_CODE}[ -]?[0-9]{{7,8}})(?:(?:-|转)[0-9]{{1,6}})?", re.ASCII
)
_NOT_DIGIT_RE = re.compile(r"[^0-9]")
# Compared when there is nothing real to compare with; four ASCII characters that no
# valid input (4 ASCII digits) can equal.
_NO_MATCH = "----"

STEP_TEXTS = {
    "waiting_acceptance": _("Waiting for the acceptance decision"),
    "not_accepted": _("Not accepted; the written notice gives the reasons and where to turn"),
    "resolved": _("Resolved; the bureau will call you back"),
    "closed": _("Closed"),
    "withdrawn": _("Withdrawn"),
    "merged": _("Merged with a related complaint and handled together with it"),
    "office": _("Being handled by the responsible office"),
    "desks": _("Being handled by %(desks)s"),
}
# The one-desk case, said the way a worker would understand it.
DESK_STEP_TEXTS = {
    DeskKind.INSPECTION: _("Being investigated by labor inspection"),
    DeskKind.ARBITRATION: _("Being handled by labor arbitration"),
    DeskKind.WORK_INJURY: _("Being examined by the work-injury desk"),
    DeskKind.SOCIAL_INSURANCE: _("Being handled by the social insurance desk"),
    DeskKind.LEGAL_AID: _("Being handled by legal aid"),
}


@dataclass(frozen=True)
class TrackResult:
    """What a complainant may see about their case; no personal data by construction."""

    ticket: str
    status: str
    status_label: str
    step: str
    office: str
    office_phone: str
    next_due: date | None
    next_due_step: str  # what is due on `next_due` (the policy's step), "" when none
    registered_on: date


def normalize_ticket(value: str | None) -> str:
    """Ticket as stored: surrounding spaces removed, full-width folded (NFKC), upper-case.

    Input with a NUL character becomes "" (which matches nothing): PostgreSQL refuses NUL
    in a query parameter, and no ticket contains one.
    """
    value = unicodedata.normalize("NFKC", (value or "")[:INPUT_MAX]).strip().upper()
    return "" if "\x00" in value else value


def normalize_last4(value: str | None) -> str | None:
    """The 4 ASCII digits typed (full-width digits accepted), or None if it is not that."""
    value = unicodedata.normalize("NFKC", (value or "")[:INPUT_MAX]).strip()
    return value if _LAST4_RE.fullmatch(value) else None


def last4_of_phone(phone: str | None) -> str:
    """The last 4 digits of a stored phone; a landline's extension is not part of it."""
    value = unicodedata.normalize("NFKC", phone or "").strip()
    if match := _LANDLINE_RE.fullmatch(value):
        value = match[1]
    digits = _NOT_DIGIT_RE.sub("", value)
    return digits[-4:] if len(digits) >= 4 else _NO_MATCH


def _phone_matches(phones: list[str], last4: str) -> bool:
    """Does any phone end in `last4`? Every candidate is compared, in constant time."""
    matched = False
    for candidate in [last4_of_phone(phone) for phone in phones] or [_NO_MATCH]:
        matched |= hmac.compare_digest(candidate, last4)
    return matched


def track_case(*, ticket: str, phone_last4: str) -> TrackResult | None:
    """The case with this ticket if one of its complainants' phones ends in these 4 digits.

    None for a malformed or unknown ticket and for a wrong last 4, indistinguishably.
    Input that is not 4 digits also gives None (the views reject it with a 400 first).
    """
    last4 = normalize_last4(phone_last4)
    if last4 is None:
        return None
    rows = list(
        Complainant.objects.filter(case__ticket=normalize_ticket(ticket)).values_list(
            "case_id", "phone"
        )
    )
    # No early return before this comparison: an unknown ticket costs the same.
    if not _phone_matches([phone for _case_id, phone in rows], last4) or not rows:
        return None
    return _result(rows[0][0])


def _result(case_id: int) -> TrackResult:
    case = (
        Case.objects.select_related("responsible_office")
        .prefetch_related("referrals__desk", "referrals__deadlines__policy")
        .get(pk=case_id)
    )
    open_referrals = [referral for referral in case.referrals.all() if referral.is_open]
    running = [
        deadline
        for referral in open_referrals
        for deadline in referral.deadlines.all()
        if deadline.is_open and deadline.paused_on is None
    ]
    next_deadline = min(running, key=lambda deadline: deadline.due, default=None)
    office = case.responsible_office
    return TrackResult(
        ticket=case.ticket,
        status=case.status,
        status_label=str(case.get_status_display()),
        step=current_step(case.status, [referral.desk.kind for referral in open_referrals]),
        office=office.name,
        office_phone=office.phone or settings.BUREAU_HOTLINE,
        next_due=next_deadline.due if next_deadline else None,
        next_due_step=next_deadline.policy.name if next_deadline else "",
        registered_on=timezone.localdate(case.registered_at),
    )


def current_step(status: str, open_desks: list[str]) -> str:
    """One plain-language sentence for where the case stands, in the active language."""
    simple = {
        Status.REGISTERED: "waiting_acceptance",
        Status.NOT_ACCEPTED: "not_accepted",
        Status.RESOLVED: "resolved",
        Status.CLOSED: "closed",
        Status.WITHDRAWN: "withdrawn",
        Status.MERGED: "merged",
    }
    if status in simple:
        return str(STEP_TEXTS[simple[status]])
    kinds = list(dict.fromkeys(kind for kind in open_desks if kind in DeskKind.values))
    if not kinds:
        return str(STEP_TEXTS["office"])
    if len(kinds) == 1:
        return str(DESK_STEP_TEXTS[kinds[0]])
    separator = "、" if (get_language() or "").startswith("zh") else ", "
    desks = separator.join(str(DeskKind(kind).label) for kind in kinds)
    return str(STEP_TEXTS["desks"]) % {"desks": desks}
