"""A case's timeline: the events of its path's steps, its ending, and notes in between.

Events are sorted by time (ties keep the order they are composed in) and numbered in
that order. Written straight into COPY lines (`rows.EVENT_COLUMNS`): ten or more per
case, the most rows of the seed.
"""

import json
from datetime import datetime, timedelta
from operator import attrgetter
from typing import NamedTuple

from bench.seeding.facts import SHOWCASE_EVENTS, CaseFacts, Ending
from bench.seeding.rows import EVENT_TABLE, NULL
from dispatch import demo_data as demo

MOMENT = attrgetter("moment")


class Event(NamedTuple):
    moment: datetime
    kind: str
    actor: object  # a User, or None for the system
    payload: dict
    message: str


class TimelineWriter:
    def __init__(self, ctx, rng, out, notes: list[str]):
        self.ctx, self.rng, self.out, self.notes = ctx, rng, out, notes
        self.payload_cache: dict[str, str] = {}

    def write(self, case: CaseFacts, ending: Ending) -> datetime:
        """Compose and write the case's events; returns the last one's time."""
        events = self.compose(case, ending)
        lines = self.out.lines(EVENT_TABLE)
        event_id = self.out.new_ids(EVENT_TABLE, len(events))
        for event in sorted(events, key=MOMENT):
            actor_id = event.actor.pk if event.actor else NULL
            lines.append(
                f"{event_id}\t{event.kind}\t{event.moment.isoformat(' ')}\t"
                f"{self.payload_text(event.payload)}\t{event.message}\t{actor_id}\t{case.id}\n"
            )
            event_id += 1
        self.out.summary.events += len(events)
        return max(event.moment for event in events)

    def payload_text(self, payload: dict) -> str:
        """JSON of a payload; the many repeated ones (desks, offices, outcomes) cached."""
        if not payload:
            return "{}"
        key = repr(payload)
        text = self.payload_cache.get(key)
        if text is None:
            text = json.dumps(payload, ensure_ascii=False)
            if len(self.payload_cache) < 50000:
                self.payload_cache[key] = text
        return text

    def compose(self, case: CaseFacts, ending: Ending) -> list[Event]:
        inspector = self.ctx.inspector_of[case.office.pk]
        events = registration(case)
        events += self.steps(case, ending, inspector)
        events += case.procedure_events
        events += self.ending(case, ending, inspector)
        target = SHOWCASE_EVENTS if case.showcase else 3 + int(27 * self.rng.random() ** 4)
        events += self.notes_between(case, inspector, target - len(events))
        return events

    def steps(self, case: CaseFacts, ending: Ending, inspector) -> list[Event]:
        """Accepted, started, resolved: the case's and each desk's; then the payments."""
        steps, events = case.steps, []
        desk_payloads = [{"desk": kind, "office": case.office.name} for kind, _rule in case.desks]
        if "accept" in steps:
            note = self.rng.choice(demo.ACCEPT_NOTES)
            events.append(Event(steps["accept"], "accept", inspector, {}, note))
            events += [
                Event(steps["accept"], "referral_accepted", inspector, p, "") for p in desk_payloads
            ]
        if "start" in steps:
            events.append(Event(steps["start"], "start", inspector, {}, ""))
            events += [
                Event(steps["start"], "referral_started", inspector, p, "") for p in desk_payloads
            ]
        if "resolve" in steps:
            events += [
                Event(steps["resolve"], "referral_done", inspector, p, "") for p in desk_payloads
            ]
            events.append(Event(steps["resolve"], "resolve_by_referrals", None, {}, ""))
        for name, share, paid_on in ending.payments:
            payload = {"name": name, "amount": f"{share:.2f}", "paid_on": paid_on.isoformat()}
            events.append(Event(steps["resolve"], "payment_recorded", inspector, payload, ""))
        return events

    def ending(self, case: CaseFacts, ending: Ending, inspector) -> list[Event]:
        """Closed, not accepted, withdrawn or merged; the desks' work closed with it."""
        end, status, events = case.steps.get("end"), case.status, []
        if status == "closed":
            payload = outcome_payload(ending)
            events.append(Event(end, "close", inspector, payload, ending.followup_result))
        elif status == "not_accepted":
            supervisor = self.ctx.users["supervisor"]
            payload = {"notice": ending.not_accepted_notice}
            events.append(Event(end, "not_accept", supervisor, payload, ending.not_accepted_reason))
        elif status == "withdrawn" and case.filing_cancelled:  # on the head's approval
            events.append(Event(end, "filing_cancelled", None, outcome_payload(ending), ""))
        elif status == "withdrawn":
            reason = self.rng.choice(demo.WITHDRAW_REASONS)
            events.append(Event(end, "withdraw", case.registrar, {}, reason))
        elif status == "merged":
            events.append(Event(end, "merge", inspector, {"target": ending.merged_ticket}, ""))
        if end is not None and status != "closed":
            payload = {"referrals": len(case.desks)}
            events.append(Event(end, "case_ended_work_closed", None, payload, ""))
        return events

    def notes_between(self, case: CaseFacts, inspector, count: int) -> list[Event]:
        """`count` notes by the inspector or the registrar, from the work's start on."""
        rng, steps = self.rng, case.steps
        first = steps.get("start") or steps.get("accept") or steps["registered"]
        span = max((steps["last"] - first).total_seconds(), 60)
        events = []
        for _ in range(count):
            moment = first + timedelta(seconds=rng.uniform(0, span))
            author = rng.choice([inspector, case.registrar])
            events.append(Event(moment, "note", author, {}, rng.choice(self.notes)))
        return events


def registration(case: CaseFacts) -> list[Event]:
    """Registered, then routed by the rules two seconds later."""
    registered = {"channel": case.channel, "complainants": len(case.people)}
    routed = {
        "desks": [kind for kind, _rule in case.desks],
        "reasons": [f"rule:{rule.name}" if rule else "intake" for _kind, rule in case.desks],
        "office": case.office.name,
    }
    return [
        Event(case.moment, "registered", case.registrar, registered, ""),
        Event(case.moment + timedelta(seconds=2), "routed", None, routed, ""),
    ]


def outcome_payload(ending: Ending) -> dict:
    outcome = ending.outcome
    return {
        "outcome_code": outcome.code,
        "outcome_en": outcome.name_en,
        "outcome_zh": outcome.name_zh,
    }
