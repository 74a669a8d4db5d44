"""`python bench/seed.py N`: N realistic cases straight into PostgreSQL with COPY.

    python bench/seed.py 100000 [--seed 2026] [--today 2026-11-27] [--database-url URL]

Replaces the bench database's case data (the demo offices, desks and accounts are kept
or created, password shouwen-demo-2026), then writes cases, complainants, employers,
timelines, referrals, deadlines, payments, missing materials and consultations, sets
the ticket counters and sequences, and runs VACUUM ANALYZE. Deterministic for a given
seed and `--today`. It refuses a database whose name has neither "bench" nor "test".

What the data looks like (bench/README.md "The seed"): 3 years of weekday office-hours
registrations; group cases of 1-40 workers; every status, half of the cases still open,
so open deadlines come to about N (the issue's sweep scenario) of which 1% are due within
two working days of `--today`, some already overdue; timelines of 3-30 events; wage
payments on closed cases; three "showcase" cases with 25 workers and 100 events each.
"""

import argparse
import functools
import json
import queue
import random
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/seed.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import djangoenv  # noqa: E402

BATCH = 5000  # cases per round of COPY statements
SHOWCASE_WORKERS, SHOWCASE_EVENTS, SHOWCASE_COUNT = 25, 100, 3
DUE_SHARE = 0.01  # of N: open deadlines due within two working days of today
OPEN_DEADLINES_PER_CASE = 1.0  # target open deadlines / cases (the sweep scenario)
HISTORY_DAYS = 3 * 365
LOCAL = timedelta(hours=8)  # Asia/Shanghai, no daylight saving
NULL = "\\N"

# Final status weights: half the cases still open (a bureau with a backlog).
OPEN_WEIGHTS = {"registered": 5, "accepted": 12, "in_progress": 28, "resolved": 7}
ENDED_WEIGHTS = {"closed": 36, "not_accepted": 4, "withdrawn": 5, "merged": 3}
OPEN = tuple(OPEN_WEIGHTS)
CASE_TABLES = [
    "complaints_case",
    "complaints_employer",
    "complaints_consultation",
    "complaints_ticketcounter",
    "complaints_idempotencyrecord",
    "dispatch_notification",
]


@dataclass
class SeedSummary:
    cases: int = 0
    complainants: int = 0
    employers: int = 0
    events: int = 0
    referrals: int = 0
    deadlines: int = 0
    open_deadlines: int = 0
    due_deadlines: int = 0
    payments: int = 0
    materials: int = 0
    consultations: int = 0
    showcase_tickets: list = field(default_factory=list)
    today: str = ""
    seed: int = 0
    seconds: dict = field(default_factory=dict)


@functools.cache
def id_number_digest(id_number: str) -> str:
    """The search digest of complaints/pii.py (the pools repeat numbers: computed once each)."""
    from complaints.pii import id_number_digest as digest

    return digest(id_number)


def ts(moment: datetime) -> str:
    return moment.isoformat(" ")


def line(*values) -> str:
    return "\t".join(NULL if value is None else str(value) for value in values) + "\n"


def ensure_city_supervisor(city, users):
    """A supervisor at the city bureau: the one who reads the city-wide dashboard."""
    from django.contrib.auth.models import Group

    from accounts.models import User
    from accounts.roles import Role

    account, _created = User.objects.get_or_create(username="citysupervisor")
    account.office, account.last_name, account.first_name = city, "吴", "国平"
    account.password, account.is_active = users["supervisor"].password, True
    account.save()
    account.groups.set([Group.objects.get(name=Role.SUPERVISOR)])
    return account


class Context:
    """What the seed reads from the database once: offices, accounts, desks, policies."""

    def __init__(self):
        from accounts.models import Office
        from complaints.models import Outcome
        from dispatch.management.commands import _demo_data as demo
        from dispatch.management.commands import seed_demo
        from dispatch.models import DeadlinePolicy, Desk, RoutingRule

        offices = seed_demo.ensure_offices()
        self.users = seed_demo.ensure_users(offices, seed_demo.DEFAULT_PASSWORD)
        seed_demo.ensure_desks(offices, self.users)
        self.users["citysupervisor"] = ensure_city_supervisor(offices["city"], self.users)
        self.offices = offices
        self.districts = [offices[code] for code, *_rest in demo.DISTRICTS]
        self.inspector_of = {offices[c].pk: self.users[u] for c, u in demo.INSPECTOR_OF.items()}
        self.desks = {(desk.office_id, desk.kind): desk.pk for desk in Desk.objects.all()}
        self.policies = {p.code: p for p in DeadlinePolicy.objects.all()}
        self.outcomes = {o.code: o for o in Outcome.objects.filter(is_active=True)}
        rules = list(RoutingRule.objects.filter(is_active=True).order_by("priority", "id"))
        self.rule_for_category = {r.category: r for r in rules if r.category and not r.is_default}
        self.default_rule = next((r for r in rules if r.is_default), None)
        self.registrars = [(self.users[name], weight) for name, weight in demo.REGISTRARS.items()]
        self.office_by_id = {office.pk: office for office in Office.objects.all()}


class CaseWriter:
    """Generates one case at a time into per-table COPY buffers."""

    def __init__(self, ctx: Context, rng: random.Random, pools, now: datetime, n: int):
        from dispatch.management.commands import _demo_data as demo
        from dispatch.services.assignment import ACCEPT_POLICY, CONCLUDE_POLICY, EXTENSION_POLICY

        self.ctx, self.rng, self.pools, self.now, self.n, self.demo = ctx, rng, pools, now, n, demo
        self.accept_policy, self.conclude_policy = ACCEPT_POLICY, CONCLUDE_POLICY
        self.second_policy = {  # a second clock an open referral may have running
            kind: EXTENSION_POLICY.get(code) for kind, code in CONCLUDE_POLICY.items()
        }
        self.second_policy.update(work_injury="injury.decide_simple", legal_aid="penalty.serve")
        self.ids = dict.fromkeys(
            ["case", "complainant", "event", "referral", "deadline", "payment", "material"], 0
        )
        self.buffers: dict[str, list[str]] = {}
        self.payload_cache: dict[str, str] = {}
        self.summary = SeedSummary()
        self.open_cases: list[tuple[int, str]] = []
        self.counters: dict[int, int] = {}
        self.due_probability = 0.0
        self.extra_probability = 0.6
        self.threshold: date | None = None
        self.today: date | None = None
        self.channels = list(demo.CHANNELS), list(demo.CHANNELS.values())
        self.categories = list(demo.CATEGORIES), list(demo.CATEGORIES.values())

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

    def new_id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def emit(self, table: str, *values) -> None:
        self.buffers.setdefault(table, []).append(line(*values))

    # --- one case -----------------------------------------------------------------------

    def pick(self, pair):
        return self.rng.choices(pair[0], weights=pair[1])[0]

    def status_for(self, moment: datetime, showcase: bool) -> str:
        if showcase:
            return "in_progress"
        age = (self.now - moment).days
        rng = self.rng
        weights = OPEN_WEIGHTS if rng.random() < 0.52 else ENDED_WEIGHTS
        status = rng.choices(list(weights), weights=list(weights.values()))[0]
        if status == "registered" and age > 10:
            status = "accepted"
        if status == "merged" and not self.open_cases:
            status = "withdrawn"
        return status

    def size_for(self, showcase: bool) -> int:
        if showcase:
            return SHOWCASE_WORKERS
        roll = self.rng.random()
        if roll < 0.80:
            return 1
        if roll < 0.92:
            return self.rng.randint(2, 4)
        if roll < 0.985:
            return self.rng.randint(5, 25)
        return self.rng.randint(26, 40)

    def write_case(self, moment: datetime, showcase: bool = False) -> None:
        rng, ctx, demo = self.rng, self.ctx, self.demo
        case_id = self.new_id("case")
        channel, category = self.pick(self.channels), self.pick(self.categories)
        registrar = rng.choices(*zip(*ctx.registrars, strict=True))[0]
        size, status = self.size_for(showcase), self.status_for(moment, showcase)
        employer_id, employer = None, None
        if rng.random() < 0.95:
            index = int(len(self.pools.employers) * rng.random() ** 2)  # a few big offenders
            employer_id, employer = index + 1, self.pools.employers[index]
        kind = employer["kind"] if employer else rng.choice(list(demo.KINDS))
        district = employer["district"] if employer else None
        office = ctx.offices[district] if district else None
        if showcase:
            office = ctx.offices["xiling"]
        if office is None:
            office = registrar.office if registrar.office.level == "district" else None
            office = office or rng.choice(ctx.districts)
        site, normalized_site = (
            rng.choice(self.pools.sites[kind]) if rng.random() < 0.7 else ("", "")
        )
        contractor = (
            rng.choice(demo.CONTRACTORS) if kind == "construction" and rng.random() < 0.5 else ""
        )
        description = rng.choice(self.pools.descriptions[(category, size > 1)])
        local_day = (moment + LOCAL).date()
        year = local_day.year
        self.counters[year] = self.counters.get(year, 0) + 1
        ticket = f"YC-{year}-{self.counters[year]:06d}"
        prefix = demo.EXTERNAL_REF_PREFIX.get(channel)
        external_ref = f"{prefix}{local_day:%Y%m%d}{case_id:07d}" if prefix else ""

        people = self.write_complainants(case_id, size, category, moment)
        owed = [amount for _pid, amount, _name in people if amount is not None]
        amount_claimed = sum(owed) if owed else None
        arrears_from = arrears_to = None
        if category == "wage_arrears" and rng.random() < 0.8:
            end = local_day - timedelta(days=rng.randint(0, 45))
            arrears_from, arrears_to = end - timedelta(days=rng.randint(28, 300)), end
        self.write_materials(case_id, moment)

        desks = self.desks_for(category)
        steps = self.step_times(moment, status, showcase)
        case_fields = self.case_outcome(case_id, status, steps, amount_claimed, people, registrar)
        events = self.timeline(
            case_id,
            status,
            steps,
            registrar,
            office,
            desks,
            channel,
            len(people),
            case_fields,
            showcase,
        )
        self.write_referrals(case_id, status, steps, office, desks, moment)
        updated = max(moment for moment, *_rest in events)
        rows, event_id = self.buffers.setdefault("complaints_caseevent", []), self.ids["event"]
        for event_moment, kind_, actor, payload, message in sorted(events, key=lambda e: e[0]):
            event_id += 1
            actor_id = actor.pk if actor else NULL
            rows.append(
                f"{event_id}\t{kind_}\t{event_moment.isoformat(' ')}\t"
                f"{self.payload_text(payload)}\t{message}\t{actor_id}\t{case_id}\n"
            )
        self.ids["event"] = event_id
        self.summary.events += len(events)
        self.emit(
            "complaints_case",
            case_id,
            ticket,
            channel,
            external_ref,
            category,
            description,
            site,
            normalized_site,
            contractor,
            size if size > 1 else None,
            amount_claimed,
            arrears_from,
            arrears_to,
            status,
            "routed",
            ts(moment),
            json.dumps(case_fields["requested_desks"]),
            "f",
            case_fields["not_accepted_reason"],
            case_fields["not_accepted_notice"],
            case_fields["outcome_amount"],
            case_fields["followup_at"],
            case_fields["followup_method"],
            case_fields["followup_result"],
            case_fields["satisfaction"],
            ts(moment),
            ts(updated),
            ts(steps["accept"]) if "accept" in steps else None,
            ts(steps["end"])
            if status in ("closed", "not_accepted", "withdrawn", "merged")
            else None,
            registrar.pk,
            case_fields["merged_into"],
            registrar.office_id,
            office.pk,
            employer_id,
            case_fields["outcome_id"],
        )
        if status in OPEN:
            self.open_cases.append((case_id, ticket))
        if showcase:
            self.summary.showcase_tickets.append(ticket)
        self.summary.cases += 1

    def write_complainants(self, case_id, size, category, moment) -> list:
        rng, pools, people = self.rng, self.pools, []
        for index in range(size):
            sex = "M" if rng.random() < 0.7 else "F"
            person_id = self.new_id("complainant")
            phone = ""
            if index == 0 or rng.random() < 0.8:
                phone = f"1{rng.choice('35789')}{rng.randrange(10**9):09d}"
            id_number = rng.choice(pools.id_numbers[sex]) if rng.random() < 0.4 else ""
            owed = rng.randrange(15, 500) * 100 if category == "wage_arrears" else None
            name = rng.choice(pools.names[sex])
            address = rng.choice(self.demo.ADDRESSES) if rng.random() < 0.5 else ""
            people.append([person_id, owed, name, phone, id_number, sex, address, size, index])
        self.pending_people = people
        self.people_moment = moment
        return [(p[0], p[1], p[2]) for p in people]

    def flush_people(self, recovered: dict) -> None:
        for (
            person_id,
            owed,
            name,
            phone,
            id_number,
            sex,
            address,
            size,
            index,
        ) in self.pending_people:
            self.emit(
                "complaints_complainant",
                person_id,
                name,
                phone,
                id_number,
                sex if id_number or self.rng.random() < 0.7 else "",
                address,
                owed,
                f"{recovered.get(person_id, 0):.2f}",
                "t" if size > 1 and index == 0 else "f",
                ts(self.people_moment),
                self.ids["case"],
                id_number_digest(id_number),
            )
        self.summary.complainants += len(self.pending_people)

    def write_materials(self, case_id, moment) -> None:
        rng = self.rng
        for kind in rng.sample(self.demo.MATERIALS, k=rng.choice([0, 0, 1, 2, 3])):
            collected = rng.random() < 0.3
            inspector = self.ctx.users["inspector"]
            self.emit(
                "complaints_missingmaterial",
                self.new_id("material"),
                kind,
                "",
                ts(moment + timedelta(days=2)) if collected else None,
                case_id,
                inspector.pk if collected else None,
            )
            self.summary.materials += 1

    def desks_for(self, category) -> list[tuple[str, object]]:
        rule = self.ctx.rule_for_category.get(category) or self.ctx.default_rule
        desks = [(kind, rule) for kind in (rule.desks if rule else ["inspection"])]
        if self.rng.random() < 0.06:
            extra = self.rng.choice(["arbitration", "legal_aid"])
            if extra not in [kind for kind, _rule in desks]:
                desks.append((extra, None))
        return desks

    def step_times(self, moment, status, showcase) -> dict:
        """When each step happened, compressed so the last one is before `now`."""
        rng = self.rng
        path = {
            "registered": [],
            "accepted": ["accept"],
            "in_progress": ["accept", "start"],
            "resolved": ["accept", "start", "resolve"],
            "closed": ["accept", "start", "resolve", "end"],
            "not_accepted": ["end"],
            "withdrawn": ["accept", "end"],
            "merged": ["end"],
        }[status]
        spans = {"accept": (0.2, 5), "start": (0.5, 6), "resolve": (3, 40), "end": (1, 10)}
        delays = [rng.uniform(*spans[step]) for step in path]
        room = (self.now - moment).total_seconds() * 0.9 / 86400
        scale = min(1.0, room / sum(delays)) if delays else 1.0
        steps, at = {"registered": moment}, moment
        for step, delay in zip(path, delays, strict=True):
            at = at + timedelta(days=delay * scale, seconds=1)
            steps[step] = at
        steps["last"] = at if not showcase else max(at, self.now - timedelta(hours=2))
        return steps

    def case_outcome(self, case_id, status, steps, amount_claimed, people, registrar) -> dict:
        rng, ctx, demo = self.rng, self.ctx, self.demo
        fields = {
            "requested_desks": [],
            "not_accepted_reason": "",
            "not_accepted_notice": "",
            "outcome_amount": None,
            "followup_at": None,
            "followup_method": "",
            "followup_result": "",
            "satisfaction": "",
            "merged_into": None,
            "outcome_id": None,
            "payments": [],
        }
        recovered = {}
        if status == "not_accepted":
            fields["not_accepted_reason"] = rng.choice(demo.NOT_ACCEPT_REASONS)
            fields["not_accepted_notice"] = f"宜劳监不受字〔{steps['end'].year}〕第{case_id}号"
        elif status == "merged":
            fields["merged_into"] = rng.choice(self.open_cases[-200:])
        elif status == "closed":
            claimed = Decimal(amount_claimed) if amount_claimed else None
            closing = demo.closing(rng, claimed, ctx.outcomes)
            outcome = closing["outcome"]
            fields.update(
                outcome_id=outcome.pk,
                outcome_amount=closing["outcome_amount"],
                followup_method=closing["followup_method"],
                followup_result=closing["followup_result"],
                satisfaction=closing["satisfaction"],
                followup_at=ts(steps["end"] - timedelta(hours=rng.randint(1, 20))),
                outcome=outcome,
            )
            if closing["outcome_amount"] and amount_claimed:
                ratio = closing["outcome_amount"] / amount_claimed
                paid_on = (steps["resolve"] + LOCAL).date()
                inspector = ctx.users["inspector"]
                for person_id, owed, name in people:
                    share = round(float(owed or 0) * float(ratio), 2)
                    if share > 0:
                        recovered[person_id] = share
                        self.emit(
                            "complaints_wagepayment",
                            self.new_id("payment"),
                            f"{share:.2f}",
                            paid_on,
                            "",
                            ts(steps["resolve"]),
                            person_id,
                            inspector.pk,
                        )
                        fields["payments"].append((name, share, paid_on))
                        self.summary.payments += 1
        if fields["merged_into"]:
            fields["merged_into"], fields["merged_ticket"] = fields["merged_into"]
        self.flush_people(recovered)
        return fields

    def timeline(
        self, case_id, status, steps, registrar, office, desks, channel, people, fields, showcase
    ) -> list:
        rng, ctx, demo = self.rng, self.ctx, self.demo
        inspector = ctx.inspector_of[office.pk]
        t0 = steps["registered"]
        events = [
            (t0, "registered", registrar, {"channel": channel, "complainants": people}, ""),
            (
                t0 + timedelta(seconds=2),
                "routed",
                None,
                {
                    "desks": [k for k, _r in desks],
                    "reasons": [f"rule:{r.name}" if r else "intake" for _k, r in desks],
                    "office": office.name,
                },
                "",
            ),
        ]
        desk_payloads = [{"desk": kind, "office": office.name} for kind, _rule in desks]
        if "accept" in steps:
            events.append((steps["accept"], "accept", inspector, {}, rng.choice(demo.ACCEPT_NOTES)))
            events += [
                (steps["accept"], "referral_accepted", inspector, p, "") for p in desk_payloads
            ]
        if "start" in steps:
            events.append((steps["start"], "start", inspector, {}, ""))
            events += [
                (steps["start"], "referral_started", inspector, p, "") for p in desk_payloads
            ]
        if "resolve" in steps:
            events += [(steps["resolve"], "referral_done", inspector, p, "") for p in desk_payloads]
            events.append((steps["resolve"], "resolve_by_referrals", None, {}, ""))
        for name, share, paid_on in fields["payments"]:
            payload = {"name": name, "amount": f"{share:.2f}", "paid_on": paid_on.isoformat()}
            events.append((steps["resolve"], "payment_recorded", inspector, payload, ""))
        end = steps.get("end")
        if status == "closed":
            outcome = fields["outcome"]
            payload = {
                "outcome_code": outcome.code,
                "outcome_en": outcome.name_en,
                "outcome_zh": outcome.name_zh,
            }
            events.append((end, "close", inspector, payload, fields["followup_result"]))
        elif status == "not_accepted":
            events.append(
                (
                    end,
                    "not_accept",
                    ctx.users["supervisor"],
                    {"notice": fields["not_accepted_notice"]},
                    fields["not_accepted_reason"],
                )
            )
        elif status == "withdrawn":
            events.append((end, "withdraw", registrar, {}, rng.choice(demo.WITHDRAW_REASONS)))
        elif status == "merged":
            events.append((end, "merge", inspector, {"target": fields["merged_ticket"]}, ""))
        if end is not None and status != "closed":
            events.append((end, "case_ended_work_closed", None, {"referrals": len(desks)}, ""))
        target = SHOWCASE_EVENTS if showcase else 3 + int(27 * rng.random() ** 4)
        first = steps.get("start") or steps.get("accept") or t0
        last = steps["last"]
        span = max((last - first).total_seconds(), 60)
        for _ in range(target - len(events)):
            moment = first + timedelta(seconds=rng.uniform(0, span))
            events.append(
                (
                    moment,
                    "note",
                    rng.choice([inspector, registrar]),
                    {},
                    rng.choice(self.pools_notes),
                )
            )
        return events

    def write_referrals(self, case_id, status, steps, office, desks, moment) -> None:
        rng, ctx = self.rng, self.ctx
        for kind, rule in desks:
            referral_id = self.new_id("referral")
            officer = ctx.inspector_of[office.pk]
            if office.code == "xiling" and kind != "inspection" and rng.random() < 0.4:
                officer = ctx.users["deskofficer"]
            referral_status, closed_at = {
                "registered": ("pending", None),
                "accepted": ("accepted", None),
                "in_progress": ("in_progress", None),
                "resolved": ("done", steps.get("resolve")),
                "closed": ("done", steps.get("resolve")),
            }.get(status, ("done", steps.get("end")))
            reason = f"rule:{rule.name}" if rule else "intake"
            # Its deadlines first: the referral row stores its next open one (next_due.py).
            next_due, next_deadline = self.write_deadlines(referral_id, kind, status, steps, moment)
            self.emit(
                "dispatch_referral",
                referral_id,
                referral_status,
                reason[:300],
                "",
                ts(moment + timedelta(seconds=2)),
                ts(closed_at) if closed_at else None,
                case_id,
                ctx.desks[(office.pk, kind)],
                officer.pk,
                rule.pk if rule else None,
                next_due,
                next_deadline,
            )
            self.summary.referrals += 1

    def write_deadlines(self, referral_id, kind, status, steps, moment) -> tuple:
        """Write the referral's deadlines; its next open one as (due, id), or (None, None)."""
        rng = self.rng
        running = []
        accept = self.ctx.policies[self.accept_policy[kind]]
        conclude = self.ctx.policies[self.conclude_policy[kind]]
        start = (moment + LOCAL).date()
        accepted = "accept" in steps
        late = rng.random() < 0.12  # closed late: overdue was marked before it was met
        ended_at = steps.get("end") or steps.get("resolve")
        accept_end = steps["accept"] if accepted else ended_at
        if accept_end is not None:
            reason = "met" if accepted else "case_ended"
            self.closed_deadline(referral_id, accept, start, accept_end, reason, late, moment)
        else:
            running.append(self.open_deadline(referral_id, accept, start, moment))
        if not accepted:
            return min(running, default=(None, None))
        begin = (steps["accept"] + LOCAL).date()
        if status in OPEN and status != "resolved":
            running.append(self.open_deadline(referral_id, conclude, begin, steps["accept"]))
            second = self.ctx.policies.get(self.second_policy.get(kind) or "")
            if second is not None and rng.random() < self.extra_probability:
                running.append(self.open_deadline(referral_id, second, begin, steps["accept"]))
        else:
            end = steps.get("resolve") or steps.get("end")
            reason = "met" if status in ("resolved", "closed") else "case_ended"
            self.closed_deadline(referral_id, conclude, begin, end, reason, late, steps["accept"])
        return min(running, default=(None, None))

    def closed_deadline(self, referral_id, policy, start, closed, reason, late, created) -> None:
        due = start + timedelta(days=policy.limit if policy.unit == "d" else policy.limit * 7 // 5)
        overdue = (
            ts(datetime.combine(due + timedelta(days=1), datetime.min.time(), UTC))
            if late
            else None
        )
        self.emit(
            "dispatch_deadline",
            self.new_id("deadline"),
            start,
            due,
            "f",
            ts(created),
            None,
            "",
            None,
            "",
            overdue,
            ts(closed),
            reason,
            None,
            policy.pk,
            referral_id,
        )
        self.summary.deadlines += 1

    def open_deadline(self, referral_id, policy, start, created) -> tuple:
        """An open clock: 1% of N due within two working days of today, the rest later.

        Returns (due, id), what the referral's stored next deadline is chosen by.
        """
        rng = self.rng
        overdue_at, paused = None, None
        if rng.random() < self.due_probability:
            due = self.today + timedelta(days=rng.randint(-6, 0))
            due = max(due, start)
            if due > self.threshold:
                due = self.threshold
            if due < self.today - timedelta(days=1) and rng.random() < 0.5:
                overdue_at = ts(datetime.combine(due + timedelta(days=1), datetime.min.time(), UTC))
            self.summary.due_deadlines += 1
        else:
            due = max(self.threshold + timedelta(days=rng.randint(1, 90)), start)
            if rng.random() < 0.02:
                paused = self.today - timedelta(days=rng.randint(1, 30))
        deadline_id = self.new_id("deadline")
        self.emit(
            "dispatch_deadline",
            deadline_id,
            min(start, due),
            due,
            "f",
            ts(created),
            paused,
            "等待工伤认定结论" if paused else "",
            None,
            "",
            overdue_at,
            None,
            "",
            None,
            policy.pk,
            referral_id,
        )
        self.summary.deadlines += 1
        self.summary.open_deadlines += 1
        return due, deadline_id


# --- the run -----------------------------------------------------------------------------


def registration_moments(rng: random.Random, n: int, now: datetime) -> list[datetime]:
    """N weekday office-hours moments over three years, growing busier, in time order."""
    moments = []
    first_day = (now + LOCAL).date() - timedelta(days=HISTORY_DAYS)
    while len(moments) < n:
        day = first_day + timedelta(days=int(HISTORY_DAYS * rng.random() ** 0.8))
        if day.weekday() >= 5:
            continue
        minute = rng.randint(8 * 60 + 30, 17 * 60 + 30)
        local = datetime(
            day.year, day.month, day.day, minute // 60, minute % 60, rng.randrange(60), tzinfo=UTC
        )
        moment = local - LOCAL
        if moment < now - timedelta(minutes=30):
            moments.append(moment)
    moments.sort()
    return moments


class BackgroundCopier:
    """COPY in a second thread while the main thread generates the next batch.

    psycopg releases the GIL while PostgreSQL works, so generation (one core) and the
    server's COPY (the other core) overlap. Only this thread touches the cursor meanwhile.
    """

    def __init__(self, cursor):
        self.cursor = cursor
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while (batch := self.queue.get()) is not None:
            if self.error is None:
                try:
                    for table in ORDER:
                        copy_rows(self.cursor, table, batch.get(table, []), COLUMNS[table])
                except BaseException as error:  # noqa: BLE001 - re-raised in the main thread
                    self.error = error

    def put(self, batch: dict) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(batch)

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error


def drop_secondary_indexes(cursor) -> list[str]:
    """Drop the loaded tables' plain indexes (built again after the load: far faster)."""
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
        [ORDER],
    )
    rows = cursor.fetchall()
    for name, _definition in rows:
        cursor.execute(f"DROP INDEX {name}")
    return [definition for _name, definition in rows]


def default_unwritten_columns(cursor) -> list[tuple[str, str]]:
    """Columns the seed does not write (added since) get their model default for the load.

    Django keeps defaults in Python, not in the table; a NOT NULL column the seed does not
    know would fail the COPY. It is given its field's default for this transaction only.
    """
    from django.apps import apps
    from psycopg import sql

    models = {model._meta.db_table: model for model in apps.get_models()}
    changed = []
    for table in ORDER:
        for model_field in models[table]._meta.concrete_fields:
            if model_field.column in COLUMNS[table] or model_field.null:
                continue
            default = model_field.get_default()
            if isinstance(default, list | dict):
                default = json.dumps(default)
            cursor.execute(
                sql.SQL("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {}").format(
                    sql.Identifier(table), sql.Identifier(model_field.column), sql.Literal(default)
                )
            )
            changed.append((table, model_field.column))
    return changed


def drop_defaults(cursor, changed: list[tuple[str, str]]) -> None:
    from psycopg import sql

    for table, column in changed:
        cursor.execute(
            sql.SQL("ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT").format(
                sql.Identifier(table), sql.Identifier(column)
            )
        )


def check_foreign_keys(cursor) -> None:
    """The load ran without FK triggers: check every reference once, set-based."""
    cursor.execute(
        "SELECT conrelid::regclass::text, confrelid::regclass::text, a.attname "
        "FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid "
        "AND a.attnum = c.conkey[1] WHERE c.contype = 'f' AND c.conrelid = ANY(%s::regclass[])",
        [ORDER],
    )
    for table, target, column in cursor.fetchall():
        cursor.execute(
            f"SELECT count(*) FROM {table} t WHERE t.{column} IS NOT NULL AND NOT EXISTS "
            f"(SELECT 1 FROM {target} r WHERE r.id = t.{column})"
        )
        missing = cursor.fetchone()[0]
        if missing:
            raise RuntimeError(f"seed bug: {missing} rows of {table}.{column} point nowhere")


def copy_rows(cursor, table: str, rows: list[str], columns: list[str]) -> None:
    if not rows:
        return
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for start in range(0, len(rows), 20000):
            copy.write("".join(rows[start : start + 20000]))


COLUMNS = {
    "complaints_case": [
        "id",
        "ticket",
        "channel",
        "external_ref",
        "category",
        "description",
        "site",
        "normalized_site",
        "contractor",
        "workers_affected",
        "amount_claimed",
        "arrears_from",
        "arrears_to",
        "status",
        "routing_state",
        "routing_requested_at",
        "requested_desks",
        "office_fixed",
        "not_accepted_reason",
        "not_accepted_notice",
        "outcome_amount",
        "followup_at",
        "followup_method",
        "followup_result",
        "followup_satisfaction",
        "registered_at",
        "updated_at",
        "accepted_at",
        "closed_at",
        "first_responder_id",
        "merged_into_id",
        "registering_office_id",
        "responsible_office_id",
        "employer_id",
        "outcome_id",
    ],
    "complaints_complainant": [
        "id",
        "name",
        "phone",
        "id_number",
        "sex",
        "address",
        "owed_amount",
        "recovered_amount",
        "is_representative",
        "added_at",
        "case_id",
        "id_number_digest",
    ],
    "complaints_missingmaterial": [
        "id",
        "kind",
        "note",
        "collected_at",
        "case_id",
        "collected_by_id",
    ],
    "complaints_caseevent": [
        "id",
        "kind",
        "created_at",
        "payload",
        "message",
        "actor_id",
        "case_id",
    ],
    "dispatch_referral": [
        "id",
        "status",
        "reason",
        "return_reason",
        "created_at",
        "closed_at",
        "case_id",
        "desk_id",
        "officer_id",
        "rule_id",
        "next_due",
        "next_deadline_id",
    ],
    "dispatch_deadline": [
        "id",
        "start",
        "due",
        "provisional",
        "created_at",
        "paused_on",
        "pause_reason",
        "original_due",
        "extension_reason",
        "overdue_at",
        "closed_at",
        "closed_reason",
        "extended_by_id",
        "policy_id",
        "referral_id",
    ],
    "complaints_wagepayment": [
        "id",
        "amount",
        "paid_on",
        "note",
        "recorded_at",
        "complainant_id",
        "recorded_by_id",
    ],
}
ORDER = [
    "complaints_case",
    "complaints_complainant",
    "complaints_missingmaterial",
    "complaints_caseevent",
    "dispatch_referral",
    "dispatch_deadline",
    "complaints_wagepayment",
]


def reset_case_data(cursor) -> None:
    cursor.execute(f"TRUNCATE {', '.join(CASE_TABLES)} RESTART IDENTITY CASCADE")


def write_employers(cursor, pools, now) -> int:
    rows = [
        line(
            index,
            e["name"],
            e["normalized"],
            e["credit_code"],
            e["address"],
            e["legal"],
            e["phone"],
            ts(now - timedelta(days=HISTORY_DAYS + 1)),
        )
        for index, e in enumerate(pools.employers, start=1)
    ]
    columns = [
        "id",
        "name",
        "normalized_name",
        "credit_code",
        "address",
        "legal_representative",
        "phone",
        "created_at",
    ]
    copy_rows(cursor, "complaints_employer", rows, columns)
    return len(rows)


def write_consultations(cursor, ctx, rng, n, now) -> int:
    from dispatch.management.commands import _demo_data as demo

    staff = [ctx.users[name] for name in ("window", "window", "window2", "inspector2")]
    rows = []
    for index, moment in enumerate(registration_moments(rng, n, now), start=1):
        fields = demo.consultation_fields(rng)
        user = rng.choice(staff)
        rows.append(
            line(
                index,
                fields["topic"],
                fields["category"],
                fields["channel"],
                fields["answer"],
                fields["contact_name"],
                fields["contact_phone"],
                ts(moment),
                user.pk,
                user.office_id,
            )
        )
    columns = [
        "id",
        "topic",
        "category",
        "channel",
        "answer",
        "contact_name",
        "contact_phone",
        "created_at",
        "answered_by_id",
        "office_id",
    ]
    copy_rows(cursor, "complaints_consultation", rows, columns)
    return len(rows)


def finish_counters_and_sequences(cursor, counters: dict) -> None:
    for year, last in counters.items():
        cursor.execute(
            "INSERT INTO complaints_ticketcounter (prefix, year, last_number) VALUES (%s, %s, %s)",
            ["YC", year, last],
        )
    for table in [*ORDER, "complaints_employer", "complaints_consultation"]:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
        )


def write_meta(cursor, summary: SeedSummary) -> None:
    """The seed's facts for run.py (size, today, showcase tickets): a bench-only table."""
    cursor.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value jsonb)")
    cursor.execute(
        "INSERT INTO bench_meta VALUES ('seed', %s) ON CONFLICT (key) DO UPDATE "
        "SET value = EXCLUDED.value",
        [json.dumps(summary.__dict__, default=str)],
    )


def read_meta(cursor) -> dict | None:
    cursor.execute("SELECT to_regclass('bench_meta') IS NOT NULL")
    if not cursor.fetchone()[0]:
        return None
    cursor.execute("SELECT value FROM bench_meta WHERE key = 'seed'")
    row = cursor.fetchone()
    if not row:
        return None
    return row[0] if isinstance(row[0], dict) else json.loads(row[0])


def sweep_moment(today: date) -> datetime:
    """10:00 Asia/Shanghai on `today`: inside office hours, when the sweep sends."""
    return datetime(today.year, today.month, today.day, 10, tzinfo=UTC) - LOCAL


def seed_now(today: date) -> datetime:
    """17:00 Asia/Shanghai on `today`: the seed's "now", every row of it timed before."""
    return sweep_moment(today) + timedelta(hours=7)


def last_working_day(day: date) -> date:
    from dispatch.calendar import is_working_day

    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def seed_database(n: int, *, seed: int = 2026, today: date | None = None, log=print) -> SeedSummary:
    """Replace the case data of Django's default database with `n` generated cases."""
    from django.db import connection, transaction

    from bench.words import NOTE_TEXTS, Pools, check_copy_safe
    from dispatch.calendar import add_working_days

    started = time.monotonic()
    clock_today = today or datetime.now(UTC).astimezone().date()
    today = last_working_day(clock_today)  # the sweep runs on a working day
    now = seed_now(today)  # registrations end before
    rng = random.Random(seed)
    with transaction.atomic():
        ctx = Context()
        with connection.cursor() as wrapper:
            cursor = wrapper.cursor  # psycopg's own cursor: COPY
            reset_case_data(cursor)
            # A bulk load: no per-row FK triggers (checked set-based below) and the plain
            # indexes built once at the end.
            superuser = cursor.execute(
                "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
            ).fetchone()[0]
            if superuser:  # otherwise the deferred FK checks run at commit: slower, same
                cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            indexes = drop_secondary_indexes(cursor)
            defaulted = default_unwritten_columns(cursor)
            pools = Pools(rng, employer_count=max(200, n // 8))
            check_copy_safe(*NOTE_TEXTS, *(e["name"] for e in pools.employers))
            writer = CaseWriter(ctx, rng, pools, now, n)
            writer.pools_notes = NOTE_TEXTS
            writer.today, writer.threshold = today, add_working_days(today, 2).due
            open_referrals_per_case = 0.52 * (45 / 52) * 1.12
            expected_open = n * OPEN_DEADLINES_PER_CASE
            writer.extra_probability = min(1.0, max(0.0, 1 / open_referrals_per_case - 1.0))
            writer.due_probability = DUE_SHARE * n / expected_open
            summary = writer.summary
            summary.employers = write_employers(cursor, pools, now)
            summary.seconds["setup"] = round(time.monotonic() - started, 1)
            moments = registration_moments(rng, n, now)
            showcase = set(range(max(0, n - 60), n, 20)[:SHOWCASE_COUNT])
            copier = BackgroundCopier(cursor)
            try:
                for start in range(0, n, BATCH):
                    for index in range(start, min(n, start + BATCH)):
                        writer.write_case(moments[index], showcase=index in showcase)
                    copier.put(writer.buffers)
                    writer.buffers = {}
                    if (start // BATCH) % 20 == 19:
                        log(f"  {start + BATCH:>9,} cases  {time.monotonic() - started:6.1f} s")
            finally:
                copier.close()
            summary.seconds["rows"] = round(time.monotonic() - started, 1)
            for definition in indexes:
                cursor.execute(definition)
            summary.seconds["indexes"] = round(time.monotonic() - started, 1)
            drop_defaults(cursor, defaulted)
            check_foreign_keys(cursor)
            if superuser:
                cursor.execute("SET LOCAL session_replication_role = origin")
            summary.consultations = write_consultations(cursor, ctx, rng, max(50, n // 5), now)
            finish_counters_and_sequences(cursor, writer.counters)
            summary.today, summary.seed = today.isoformat(), seed
            summary.seconds["copy"] = round(time.monotonic() - started, 1)
            write_meta(cursor, summary)
    return summary


def vacuum_analyze() -> float:
    from django.db import connection

    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    return round(time.monotonic() - started, 1)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of cases")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        help="the seed's today (default: today); deadlines are due around it",
    )
    parser.add_argument(
        "--database-url",
        default=None,
        help=f"default: $DATABASE_URL or {djangoenv.DEFAULT_DATABASE_URL}",
    )
    return parser.parse_args(argv)


def main(argv=None) -> SeedSummary:
    args = parse_args(argv)
    djangoenv.setup(args.database_url)
    from django.db import connection

    name = connection.settings_dict["NAME"]
    if "bench" not in name and "test" not in name:
        raise SystemExit(f"bench/seed.py replaces case data; refusing database {name!r}")
    started = time.monotonic()
    print(f"Seeding {args.n:,} cases into {name} (seed {args.seed}) ...", flush=True)
    summary = seed_database(args.n, seed=args.seed, today=args.today)
    from reports.tallies import tallies_recount

    tallies_recount()  # COPY ran with the triggers off (session_replication_role)
    summary.seconds["vacuum_analyze"] = vacuum_analyze()
    summary.seconds["total"] = round(time.monotonic() - started, 1)
    with connection.cursor() as cursor:
        write_meta(cursor.cursor, summary)
    for key, value in summary.__dict__.items():
        print(f"  {key:<16} {value:,}" if isinstance(value, int) else f"  {key:<16} {value}")
    return summary


if __name__ == "__main__":
    main()
