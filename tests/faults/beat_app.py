"""The Celery app with a fast beat and a fixed "now", for the beat tests (issue #7.6-7.7).

Beat triggers the deadline sweep every second instead of every 300 s, and every process
sees the same moment (FAULTS_NOW, ISO 8601) so office hours and working days do not
depend on when CI runs. Everything else is the real application.
"""

import os
from datetime import datetime

from celery.signals import worker_init, worker_process_init

from config.celery import app

__all__ = ["app"]

app.conf.beat_schedule = {
    "chase-deadlines": {"task": "dispatch.chase_deadlines", "schedule": 1.0},
}


def _fix_now(**_kwargs) -> None:
    from config import clock

    moment = datetime.fromisoformat(os.environ["FAULTS_NOW"])
    clock.now = lambda: moment


if os.environ.get("FAULTS_NOW"):
    worker_init.connect(_fix_now, weak=False)
    worker_process_init.connect(_fix_now, weak=False)
