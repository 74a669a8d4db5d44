"""One case: its facts, complainants, missing materials, the steps of its path, how it
ended and the workers' payments; then its timeline and referrals (their own modules).

Every draw comes from the one random generator in a fixed order: the seed is the same
for the same --seed and --today only while that order is kept.
"""

import functools
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings

from bench.seeding.dates import local_day
from bench.seeding.facts import (
    ENDED,
    ENDED_WEIGHTS,
    OPEN,
    OPEN_WEIGHTS,
    SHOWCASE_WORKERS,
    CaseFacts,
    Ending,
    Person,
)
from bench.seeding.rows import CaseRow, ComplainantRow, MaterialRow, PaymentRow
from complaints.models import TicketCounter
from dispatch import demo_data as demo

# The steps of each final status's path, and each step's delay after the one before (days).
PATHS = {
    "registered": [],
    "accepted": ["accept"],
    "in_progress": ["accept", "start"],
    "resolved": ["accept", "start", "resolve"],
    "closed": ["accept", "start", "resolve", "end"],
    "not_accepted": ["end"],
    "withdrawn": ["accept", "end"],
    "merged": ["end"],
}
SPANS = {"accept": (0.2, 5), "start": (0.5, 6), "resolve": (3, 40), "end": (1, 10)}


@functools.cache
def id_number_digest(id_number: str) -> str:
    """The search digest of complaints/pii.py (the pools repeat numbers: computed once each)."""
    from complaints.pii import id_number_digest as digest

    return digest(id_number)


class CaseWriter:
    """Generates one case at a time into `out`, the rows of the batch being generated."""

    def __init__(self, ctx, rng, pools, now: datetime, out, timeline, referrals, dimensions):
        self.ctx, self.rng, self.pools, self.now, self.out = ctx, rng, pools, now, out
        self.timeline, self.referrals, self.dimensions = timeline, referrals, dimensions
        self.open_cases: list[tuple[int, str]] = []  # (id, ticket): what a merge points to
        self.counters: dict[int, int] = {}  # year -> its last ticket number
        self.channels = list(demo.CHANNELS), list(demo.CHANNELS.values())
        self.categories = list(demo.CATEGORIES), list(demo.CATEGORIES.values())

    def write_case(self, moment: datetime, showcase: bool = False) -> None:
        case = self.describe(moment, showcase)
        self.draw_complainants(case)
        self.draw_claim(case)
        self.dimensions.draw(case)
        self.write_materials(case)
        case.desks = self.referrals.desks_for(case.category)
        case.steps = self.step_times(moment, case.status, showcase)
        ending = self.ending(case)
        self.write_complainants(case, ending.recovered)
        self.referrals.write(case, ending)  # first: the procedure adds to the timeline
        updated = self.timeline.write(case, ending)
        self.dimensions.write(case)
        self.out.add(case_row(case, ending, updated))
        if case.status in OPEN:
            self.open_cases.append((case.id, case.ticket))
        if showcase:
            self.out.summary.showcase_tickets.append(case.ticket)
        self.out.summary.cases += 1

    # --- the case's facts -------------------------------------------------------------

    def describe(self, moment: datetime, showcase: bool) -> CaseFacts:
        rng, pools = self.rng, self.pools
        case_id = self.out.new_id(CaseRow)
        channel, category = self.pick(self.channels), self.pick(self.categories)
        if showcase:
            category = "wage_arrears"  # filed at the inspection desk: the procedure's panel
        registrar = rng.choices(*zip(*self.ctx.registrars, strict=True))[0]
        size, status = self.size_for(showcase), self.status_for(moment, showcase)
        employer_id, employer = None, None
        if rng.random() < 0.95:
            index = int(len(pools.employers) * rng.random() ** 2)  # a few big offenders
            employer_id, employer = index + 1, pools.employers[index]
        kind = employer["kind"] if employer else rng.choice(list(demo.KINDS))
        office = self.office_for(employer, registrar, showcase)
        site, normalized_site = rng.choice(pools.sites[kind]) if rng.random() < 0.7 else ("", "")
        contractor = (
            rng.choice(demo.CONTRACTORS) if kind == "construction" and rng.random() < 0.5 else ""
        )
        description = rng.choice(pools.descriptions[(category, size > 1)])
        day = local_day(moment)
        prefix = demo.EXTERNAL_REF_PREFIX.get(channel)
        return CaseFacts(
            id=case_id,
            moment=moment,
            showcase=showcase,
            ticket=self.next_ticket(day.year),
            channel=channel,
            category=category,
            registrar=registrar,
            size=size,
            status=status,
            employer_id=employer_id,
            kind=kind,
            office=office,
            site=site,
            normalized_site=normalized_site,
            contractor=contractor,
            description=description,
            external_ref=f"{prefix}{day:%Y%m%d}{case_id:07d}" if prefix else "",
        )

    def pick(self, pair):
        return self.rng.choices(pair[0], weights=pair[1])[0]

    def next_ticket(self, year: int) -> str:
        """The year's next number, as intake issues them (the counters are set after)."""
        self.counters[year] = self.counters.get(year, 0) + 1
        return TicketCounter.format_ticket(settings.TICKET_PREFIX, year, self.counters[year])

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

    def office_for(self, employer: dict | None, registrar, showcase: bool):
        """The employer's district; else the registrar's district office, else any."""
        ctx = self.ctx
        district = employer["district"] if employer else None
        office = ctx.offices[district] if district else None
        if showcase:
            office = ctx.offices["xiling"]
        if office is None:
            office = registrar.office if registrar.office.level == "district" else None
            office = office or self.rng.choice(ctx.districts)
        return office

    def step_times(self, moment: datetime, status: str, showcase: bool) -> dict:
        """When each step happened, compressed so the last one is before `now`."""
        path = PATHS[status]
        delays = [self.rng.uniform(*SPANS[step]) for step in path]
        room = (self.now - moment).total_seconds() * 0.9 / 86400
        scale = min(1.0, room / sum(delays)) if delays else 1.0
        steps, at = {"registered": moment}, moment
        for step, delay in zip(path, delays, strict=True):
            at = at + timedelta(days=delay * scale, seconds=1)
            steps[step] = at
        steps["last"] = at if not showcase else max(at, self.now - timedelta(hours=2))
        return steps

    # --- the workers and what they claim ----------------------------------------------

    def draw_complainants(self, case: CaseFacts) -> None:
        rng, pools = self.rng, self.pools
        for index in range(case.size):
            sex = "M" if rng.random() < 0.7 else "F"
            person_id = self.out.new_id(ComplainantRow)
            phone = ""
            if index == 0 or rng.random() < 0.8:
                phone = f"1{rng.choice('35789')}{rng.randrange(10**9):09d}"
            id_number = rng.choice(pools.id_numbers[sex]) if rng.random() < 0.4 else ""
            owed = rng.randrange(15, 500) * 100 if case.category == "wage_arrears" else None
            name = rng.choice(pools.names[sex])
            address = rng.choice(demo.ADDRESSES) if rng.random() < 0.5 else ""
            case.people.append(Person(person_id, owed, name, phone, id_number, sex, address))

    def draw_claim(self, case: CaseFacts) -> None:
        owed = [person.owed for person in case.people if person.owed is not None]
        case.amount_claimed = sum(owed) if owed else None
        if case.category == "wage_arrears" and self.rng.random() < 0.8:
            end = local_day(case.moment) - timedelta(days=self.rng.randint(0, 45))
            case.arrears_from, case.arrears_to = (
                end - timedelta(days=self.rng.randint(28, 300)),
                end,
            )

    def write_complainants(self, case: CaseFacts, recovered: dict) -> None:
        for index, person in enumerate(case.people):
            sex = person.sex if person.id_number or self.rng.random() < 0.7 else ""
            row = ComplainantRow(
                id=person.id,
                name=person.name,
                phone=person.phone,
                id_number=person.id_number,
                sex=sex,
                address=person.address,
                owed_amount=person.owed,
                recovered_amount=f"{recovered.get(person.id, 0):.2f}",
                is_representative=case.size > 1 and index == 0,
                is_migrant_worker=person.id in case.migrants,
                added_at=case.moment,
                case_id=case.id,
                id_number_digest=id_number_digest(person.id_number),
            )
            self.out.add(row)
        self.out.summary.complainants += len(case.people)

    def write_materials(self, case: CaseFacts) -> None:
        rng, inspector = self.rng, self.ctx.users["inspector"]
        for kind in rng.sample(demo.MATERIALS, k=rng.choice([0, 0, 1, 2, 3])):
            collected = rng.random() < 0.3
            row = MaterialRow(
                id=self.out.new_id(MaterialRow),
                kind=kind,
                collected_at=case.moment + timedelta(days=2) if collected else None,
                case_id=case.id,
                collected_by_id=inspector.pk if collected else None,
            )
            self.out.add(row)
            self.out.summary.materials += 1

    # --- how it ended -----------------------------------------------------------------

    def ending(self, case: CaseFacts) -> Ending:
        ending = Ending()
        if case.status == "not_accepted":
            _ground, ending.not_accepted_reason, _route = self.rng.choice(demo.NOT_ACCEPT_DECISIONS)
            ending.not_accepted_notice = f"宜劳监不受字〔{case.steps['end'].year}〕第{case.id}号"
        elif case.status == "merged":
            ending.merged_into, ending.merged_ticket = self.rng.choice(self.open_cases[-200:])
        elif case.status == "closed":
            self.close(case, ending)
        return ending

    def close(self, case: CaseFacts, ending: Ending) -> None:
        claimed = Decimal(case.amount_claimed) if case.amount_claimed else None
        closing = demo.closing(self.rng, claimed, self.ctx.outcomes)
        ending.outcome = closing["outcome"]
        ending.outcome_amount = closing["outcome_amount"]
        ending.followup_method = closing["followup_method"]
        ending.followup_result = closing["followup_result"]
        ending.satisfaction = closing["satisfaction"]
        ending.followup_at = case.steps["end"] - timedelta(hours=self.rng.randint(1, 20))
        if closing["outcome_amount"] and case.amount_claimed:
            self.write_payments(case, ending, closing["outcome_amount"] / case.amount_claimed)

    def write_payments(self, case: CaseFacts, ending: Ending, ratio: Decimal) -> None:
        """Each worker paid the same share of what they were owed, on the resolving day."""
        resolved = case.steps["resolve"]
        paid_on, inspector = local_day(resolved), self.ctx.users["inspector"]
        for person in case.people:
            share = round(float(person.owed or 0) * float(ratio), 2)
            if share <= 0:
                continue
            ending.recovered[person.id] = share
            row = PaymentRow(
                id=self.out.new_id(PaymentRow),
                amount=f"{share:.2f}",
                paid_on=paid_on,
                recorded_at=resolved,
                complainant_id=person.id,
                recorded_by_id=inspector.pk,
            )
            self.out.add(row)
            ending.payments.append((person.name, share, paid_on))
            self.out.summary.payments += 1


def case_row(case: CaseFacts, ending: Ending, updated: datetime) -> CaseRow:
    return CaseRow(
        id=case.id,
        ticket=case.ticket,
        channel=case.channel,
        external_ref=case.external_ref,
        category=case.category,
        description=case.description,
        site=case.site,
        normalized_site=case.normalized_site,
        contractor=case.contractor,
        is_construction=case.is_construction,
        mass_incident_risk=case.mass_incident_risk,
        workers_affected=case.size if case.size > 1 else None,
        amount_claimed=case.amount_claimed,
        arrears_from=case.arrears_from,
        arrears_to=case.arrears_to,
        status=case.status,
        routing_requested_at=case.moment,
        not_accepted_reason=ending.not_accepted_reason,
        not_accepted_notice=ending.not_accepted_notice,
        outcome_amount=ending.outcome_amount,
        followup_at=ending.followup_at,
        followup_method=ending.followup_method,
        followup_result=ending.followup_result,
        followup_satisfaction=ending.satisfaction,
        registered_at=case.moment,
        updated_at=updated,
        accepted_at=case.steps.get("accept"),
        closed_at=case.steps["end"] if case.status in ENDED else None,
        first_responder_id=case.registrar.pk,
        merged_into_id=ending.merged_into,
        registering_office_id=case.registrar.office_id,
        responsible_office_id=case.office.pk,
        employer_id=case.employer_id,
        outcome_id=ending.outcome.pk if ending.outcome else None,
        project_id=case.project_id,
    )
