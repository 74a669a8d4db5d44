"""Due dates from the statutory time limits, read from `DeadlinePolicy`.

The limits and their legal bases: docs/statutory-time-limits.md.
"""

from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone

from dispatch.calendar import DueDate, add_calendar_days, add_working_days
from dispatch.models import DeadlinePolicy, DeadlineUnit


class UnknownPolicy(ValueError):
    """No deadline policy has this code; the message lists the codes that exist."""

    def __init__(self, code: str, valid_codes: list[str]):
        self.code = code
        self.valid_codes = valid_codes
        super().__init__(
            f"Unknown deadline policy {code!r}. Valid codes: {', '.join(valid_codes) or '(none)'}"
        )


def policy_event_fields(policy: DeadlinePolicy) -> dict:
    """How a timeline event names a policy: its code and its step in both languages, so
    the timeline (complaints/events.py) reads in its reader's language, not in codes."""
    return {"policy": policy.code, "policy_en": policy.name_en, "policy_zh": policy.name_zh}


def policy_get(code: str) -> DeadlinePolicy:
    try:
        return DeadlinePolicy.objects.get(code=code)
    except DeadlinePolicy.DoesNotExist:
        valid = list(DeadlinePolicy.objects.order_by("code").values_list("code", flat=True))
        raise UnknownPolicy(code, valid) from None


# Dates a time limit can sensibly start on; outside them the answer means nothing (and
# year 9999 would overflow the date type).
EARLIEST_START = date(1990, 1, 1)
LATEST_START = date(2199, 12, 31)


def compute_due(policy: DeadlinePolicy, start: date) -> DueDate:
    """The due date of `policy` counted from `start` (the day `counted_from` happened).

    `start` is not counted. Working days count only working days; calendar days count
    every day and move a last day that is a rest day to the next working day.

    A limit in hours counts from a moment (`compute_due_at`); from a day alone its due date
    is the latest it can be: `limit` hours after the last minute of `start`, never moved
    over rest days (24 hours from any moment of Monday end on Tuesday).
    """
    if not EARLIEST_START <= start <= LATEST_START:
        raise ValueError(f"start date {start} is outside {EARLIEST_START}..{LATEST_START}")
    if policy.unit == DeadlineUnit.WORKING_DAYS:
        return add_working_days(start, policy.limit)
    if policy.unit == DeadlineUnit.CALENDAR_DAYS:
        return add_calendar_days(start, policy.limit)
    if policy.unit == DeadlineUnit.HOURS:
        latest = datetime.combine(start, time.max) + timedelta(hours=policy.limit)
        return DueDate(latest.date(), False)
    raise ValueError(f"deadline policy {policy.code!r} has an unknown unit {policy.unit!r}")


def compute_due_at(policy: DeadlinePolicy, start_at: datetime) -> datetime:
    """The moment a limit in hours is due: `limit` calendar hours after `start_at`.

    Hours run through nights, rest days and holidays (国务院令310 Art. 5: 24小时), so no
    calendar is read; the answer is never provisional. `start_at` must be aware.
    """
    if policy.unit != DeadlineUnit.HOURS:
        raise ValueError(
            f"deadline policy {policy.code!r} is counted in {policy.get_unit_display()}, "
            "not in hours: use compute_due with a start date"
        )
    if timezone.is_naive(start_at):
        raise ValueError(f"start moment {start_at} has no time zone")
    local = timezone.localtime(start_at, timezone.get_default_timezone())
    if not EARLIEST_START <= local.date() <= LATEST_START:
        raise ValueError(f"start moment {start_at} is outside {EARLIEST_START}..{LATEST_START}")
    # In UTC: Python adds to an aware datetime's wall clock, not to elapsed time.
    return start_at.astimezone(UTC) + timedelta(hours=policy.limit)
