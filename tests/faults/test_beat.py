"""Issue #7.6-7.7: two beats at once, and a beat that was down while deadlines fell due.

Deadlines are created a month before "now" (a fixed working-day morning, FAULTS_NOW), so
every one is overdue: the sweep marks it and escalates it to the office's supervisors
once for the day. Beat triggers the sweep every second (tests/faults/beat_app.py).
"""

import ast
import re
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from faults_harness import wait_until

from complaints.services import ComplainantData, case_register
from config import clock
from config.broker import publishing_suspended
from dispatch.models import Deadline, Escalation, Notification, Reminder
from dispatch.services import case_route

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHANGHAI = ZoneInfo("Asia/Shanghai")
REGISTERED = datetime(2026, 10, 12, 10, 0, tzinfo=SHANGHAI)  # a Monday
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)  # a Wednesday, in office hours
CASES = 20
APP = "tests.faults.beat_app"


def overdue_deadlines(window) -> list[int]:
    """Cases registered and routed a month before NOW: their first deadlines are past."""
    with publishing_suspended(), clock.frozen_at(REGISTERED):
        for number in range(CASES):
            case = case_register(
                actor=window,
                description=f"beat {number}: 工地拖欠工资",
                complainants=[ComplainantData(name="张三", phone="13800138000")],
            ).case
            case_route(case_id=case.pk)
    return list(Deadline.objects.filter(closed_at__isnull=True).values_list("pk", flat=True))


def sweep_results(log: str) -> list[dict]:
    pattern = r"Task dispatch\.chase_deadlines\[[^]]+\] succeeded in [\d.]+s: (\{[^}]*\})"
    return [ast.literal_eval(found) for found in re.findall(pattern, log)]


def sent_twice() -> list:
    keys = Counter(Notification.objects.values_list("key", "recipient_id", "channel"))
    return [key for key, count in keys.items() if count > 1]


def test_two_beats_send_no_reminder_or_escalation_twice(processes, system_env, window, supervisor):
    deadlines = overdue_deadlines(window)
    assert deadlines
    worker = processes.worker(app=APP, FAULTS_NOW=NOW.isoformat())
    beats = [processes.beat("beat-1", app=APP), processes.beat("beat-2", app=APP)]
    assert wait_until(lambda: len(sweep_results(worker.log())) >= 12, 50, 0.5), processes.tails()
    for beat in beats:  # both were triggering the sweep
        assert "Sending due task chase-deadlines" in beat.log(), beat.tail()

    assert Escalation.objects.count() == len(deadlines)  # once per deadline for the day
    assert set(Escalation.objects.values_list("deadline_id", flat=True)) == set(deadlines)
    reminders = Counter(Reminder.objects.values_list("deadline_id", "kind", "due"))
    assert all(count == 1 for count in reminders.values())
    escalations_told = Notification.objects.filter(
        recipient=supervisor, key__startswith="escalation:"
    )
    assert escalations_told.count() == len(deadlines)
    assert sent_twice() == []
    results = sweep_results(worker.log())
    assert sum(result["escalated"] for result in results) == len(deadlines)


def test_the_first_sweep_after_beat_was_down_handles_every_deadline_due(
    processes, system_env, window, supervisor
):
    deadlines = overdue_deadlines(window)  # fell due while no beat was running
    worker = processes.worker(app=APP, FAULTS_NOW=NOW.isoformat())
    processes.beat(app=APP)
    assert wait_until(lambda: len(sweep_results(worker.log())) >= 3, 40, 0.5), processes.tails()

    first, *later = sweep_results(worker.log())
    assert first["marked_overdue"] == len(deadlines)
    assert first["escalated"] == len(deadlines)
    assert all(result["escalated"] == result["marked_overdue"] == 0 for result in later)
    assert Deadline.objects.filter(pk__in=deadlines, overdue_at__isnull=True).count() == 0
    assert sent_twice() == []
