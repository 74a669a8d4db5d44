"""What complaints asks dispatch to do, by task name, after the case is committed.

Complaints never imports dispatch: it names dispatch's tasks. The case row itself
(routing_state = pending) is the record that routing is owed, and the timeline event the
record that an announcement is owed; the message is only the fast path, sent through the
broker seam (config/broker.py), and dispatch's sweeps send again whatever it missed.
"""

from config.broker import on_commit_unless_suspended, send_or_leave_to_sweep

ROUTE_CASE_TASK = "dispatch.route_case"
ANNOUNCE_EVENT_TASK = "dispatch.announce_event"


def send_route_request(case_id: int) -> bool:
    return send_or_leave_to_sweep(
        ROUTE_CASE_TASK, [case_id], what=f"routing request for case id {case_id}"
    )


def request_routing_after_commit(case_id: int) -> None:
    on_commit_unless_suspended(lambda: send_route_request(case_id))


def send_announce_request(event_id: int) -> None:
    """Let dispatch tell the people concerned about a timeline event (after commit)."""
    send_or_leave_to_sweep(
        ANNOUNCE_EVENT_TASK, [event_id], what=f"announcement of event id {event_id}"
    )


def announce_after_commit(event_id: int) -> None:
    on_commit_unless_suspended(lambda: send_announce_request(event_id))
