"""The worker's liveness probe: `check_dispatch` fails while a case has waited to be routed
longer than the limit, and passes once it is routed (dispatch/liveness.py)."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from complaints.models import Case
from config import clock
from dispatch.services import case_route


def waiting_since(case, seconds_ago: int) -> None:
    Case.objects.filter(pk=case.pk).update(
        routing_requested_at=clock.now() - timedelta(seconds=seconds_ago)
    )


def probe(capsys, **options) -> str:
    call_command("check_dispatch", **options)
    return capsys.readouterr().out


def test_a_case_waiting_past_the_limit_fails_the_probe_until_it_is_routed(
    register_case, capsys, settings
):
    settings.ROUTING_STALL_SECONDS = 300
    stuck = register_case()
    waiting_since(stuck, 301)

    with pytest.raises(CommandError) as failure:
        call_command("check_dispatch")
    assert failure.value.returncode == 1
    assert "1 case(s) waiting longer than 300 s" in str(failure.value)
    assert stuck.ticket not in str(failure.value)  # counts and times only

    case_route(case_id=stuck.pk)
    assert "routing ok" in probe(capsys)


def test_a_case_waiting_less_than_the_limit_is_not_a_stall(register_case, capsys):
    recent = register_case()
    waiting_since(recent, 100)

    assert "routing ok" in probe(capsys, limit_seconds=300)
    with pytest.raises(CommandError):
        call_command("check_dispatch", limit_seconds=60)
