"""My cases' "overdue" filter lists what the rows mark overdue, a limit in hours included:
the 24 hours to transfer to the police (国务院令310 Art. 5) are overdue from their moment on
the due day itself, not from the next day (dispatch/selectors/workspace.py `_filtered`).

The case of `accepted` (conftest.py) is filed on 2026-03-04; the transfer is approved on
03-05 at 10:30, so it is due on 03-06 at 10:30.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from dispatch.services.deadlines import deadline_open

SHANGHAI = ZoneInfo("Asia/Shanghai")
MY_CASES = reverse("dispatch:my_cases")


def travel(day: int, hour: int, minute: int = 0):
    return time_machine.travel(datetime(2026, 3, day, hour, minute, tzinfo=SHANGHAI), tick=False)


def overdue_tickets(client, day: int, hour: int, minute: int = 0) -> tuple[bool, bool]:
    """(the row is marked overdue, the overdue filter lists it) at that moment."""
    with travel(day, hour, minute):
        every = client.get(MY_CASES).content.decode()
        overdue = client.get(MY_CASES, {"overdue": "on"}).content.decode()
    return "mark-overdue" in every, "mark-overdue" in overdue


def test_a_limit_in_hours_is_listed_as_overdue_once_its_moment_has_passed(
    client, accepted, officer
):
    with travel(5, 10, 30):
        deadline_open(referral=accepted, policy_code="criminal.transfer")
    client.force_login(officer)
    ticket = accepted.case.ticket
    with travel(6, 10):
        assert ticket not in client.get(MY_CASES, {"overdue": "on"}).content.decode()
    assert overdue_tickets(client, 6, 10) == (False, False)  # due at 10:30 today
    assert overdue_tickets(client, 6, 10, 45) == (True, True)
    with travel(6, 10, 45):
        assert ticket in client.get(MY_CASES, {"overdue": "on"}).content.decode()
    assert overdue_tickets(client, 9, 9) == (True, True)  # and on the days after


def test_a_limit_in_days_due_today_is_not_overdue_at_any_hour(client, accepted, officer):
    # The filed case's next limit is the investigation's, in days (no due moment).
    client.force_login(officer)
    due = accepted.next_due
    with time_machine.travel(datetime.combine(due, datetime.min.time(), SHANGHAI), tick=False):
        html = client.get(MY_CASES, {"overdue": "on"}).content.decode()
    assert accepted.case.ticket not in html
    with time_machine.travel(
        datetime(due.year, due.month, due.day, 23, 59, tzinfo=SHANGHAI), tick=False
    ):
        assert accepted.case.ticket not in client.get(MY_CASES, {"overdue": "on"}).content.decode()
