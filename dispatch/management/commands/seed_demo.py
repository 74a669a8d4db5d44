"""Demo offices (with a specimen seal, 样章), desks, one account per role and ~14 months of
back-dated cases.

It lives in dispatch, the top of the dependency chain, because it drives both apps'
services: each case is registered, routed to its desks, and worked, as users would.

`python manage.py seed_demo [--password PW] [--cases N] [--seed S]` is idempotent: offices
and accounts are matched by code and username (passwords and roles are reset), and only
the shortfall of demo cases (first responder is a demo account) and consultations is
created. Every service call runs inside `clock.frozen_at(moment)`, so tickets, timelines
and closing times look lived-in; no moment is ever in the future.

The history is seeded with publishing suspended (nobody is told of old steps), so the
work beat's sweeps would find owed at their first tick is done before the command ends:
see `catch_up_with_beat`.
"""

import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as day_time
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import Office, User
from accounts.roles import Role
from complaints import services
from complaints.models import Case, Category, Channel, Consultation, DeskKind, Outcome, Status
from config import clock
from config.broker import publishing_suspended
from config.celery import app as celery_app
from config.celery import beat_schedule
from dispatch import demo_data as data
from dispatch import demo_roster
from dispatch import services as dispatch
from dispatch.demo_decisions import DecisionSteps
from dispatch.demo_lead import ensure_lead_case, lead_case_exists
from dispatch.models import OPEN_REFERRAL_STATUSES, Desk, ReferralStatus
from dispatch.services import case_end
from dispatch.services.applications import desk_checklist
from dispatch.services.referrals import awaits_application, needs_closing_approval

DEFAULT_PASSWORD = "shouwen-demo-2026"
DEFAULT_CASES = 300
CONSULTATION_COUNT = 50
BATCH_SIZE = 100
HISTORY_DAYS = 425  # about 14 months
OFFICE_OPENS, OFFICE_CLOSES = 8 * 60 + 30, 17 * 60 + 30  # minutes after midnight, local
MERGE_WINDOW = timedelta(days=60)  # a duplicate arrives within weeks of the first case
WORKING = (Status.REGISTERED, Status.ACCEPTED, Status.IN_PROGRESS)
# The beat entries (config/celery.py) whose work seeded history leaves owed, in the order
# that work depends on: cases routed, the desks' work of ended cases closed (done as each
# case ends; the sweep finds what a seed by an older version left), due deadlines marked
# overdue and escalated, then the dashboard's summary and tallies counted from all that.
# Without them the demo contradicts itself until beat's first ticks: the lists compute
# overdue from due dates, the dashboard counts the chase sweep's overdue marks.
CATCH_UP_ENTRIES = (
    "route-unrouted-cases",
    "close-work-of-ended-cases",
    "chase-deadlines",
    "rebuild-stats",
    "compact-tallies",
)


def ensure_offices() -> dict[str, Office]:
    offices, parent = {}, None
    for code, name, phone, address in [data.CITY, *data.DISTRICTS]:
        level = Office.Level.DISTRICT if parent else Office.Level.CITY
        defaults = {"name": name, "level": level, "parent": parent, "phone": phone,
                    "address": address}  # fmt: skip
        offices[code], _ = Office.objects.get_or_create(code=code, defaults=defaults)
        parent = parent or offices[code]
        ensure_legal_identity(offices[code])
        ensure_specimen_seal(offices[code])
    return offices


def ensure_legal_identity(office: Office) -> None:
    """Fill the office's legal identity where it is blank; an administrator's entry stays."""
    fields = ("acting_body", "review_body", "court", "document_prefix")
    blank = {
        field: value
        for field, value in zip(fields, data.LEGAL_IDENTITY[office.code], strict=True)
        if not getattr(office, field)
    }
    for field, value in blank.items():
        setattr(office, field, value)
    if blank:
        office.save(update_fields=list(blank))


def ensure_specimen_seal(office: Office) -> None:
    """A specimen seal (样章) for an office without a seal; an uploaded one stays."""
    if office.seal and office.seal.storage.exists(office.seal.name):
        return
    svg = data.specimen_seal_svg(office.acting_body_name)
    office.seal.save(f"specimen-{office.code}.svg", ContentFile(svg), save=False)
    office.save(update_fields=["seal"])


def ensure_desks(offices: dict[str, Office], users: dict[str, User]) -> None:
    """Five desks per district; its inspector works every desk, the desk officer helps in 西陵.

    Each district's area keywords route a case by the employer's address.
    """
    for code, name, *_rest in data.DISTRICTS:
        office = offices[code]
        short = name.split("区")[0]
        office.area_keywords = f"{short}区,{short}"
        office.save(update_fields=["area_keywords"])
        for kind in DeskKind.values:
            desk, _ = Desk.objects.get_or_create(office=office, kind=kind)
            members = [users[data.INSPECTOR_OF[code]]]
            if code == users["deskofficer"].office.code and kind != DeskKind.INSPECTION:
                members.append(users["deskofficer"])
            desk.members.set(members)


def ensure_users(offices: dict[str, Office], password: str) -> dict[str, User]:
    """One account per demo username; re-running resets names, office, roles, password."""
    # One hash for all: the demo accounts share a printed password, and hashing eight
    # times would cost seconds.
    encoded, users = make_password(password), {}
    for number, (username, role, office_code, last_name, first_name) in enumerate(data.USERS):
        user = User.objects.filter(username=username).first() or User(username=username)
        user.first_name, user.last_name = first_name, last_name
        # An invented inspection card number (监察证号) for who signs orders to correct.
        signs = role in (Role.INSPECTOR, Role.SUPERVISOR, Role.INSPECTION_HEAD)
        user.inspection_card_number = f"4205JC{number + 1:04d}" if signs else None
        user.office, user.password, user.is_active = offices[office_code], encoded, True
        user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        users[username] = User.objects.select_related("office").get(pk=user.pk)
    return users


@dataclass
class Plan:
    moment: datetime
    channel: str
    category: str
    registrar: User
    office: Office
    size: int
    status: str = Status.REGISTERED
    transfer: bool = False


class DemoSeeder(DecisionSteps):
    def __init__(self, *, offices, users, seed: int, offset: int):
        # Seeded by the demo cases already there, so a top-up run differs from the first.
        self.rng = random.Random(f"{seed}:{offset}")
        self.offset = offset  # keeps platform references unique across runs
        self.now = timezone.now()
        self.users = users
        self.users_by_id = {user.pk: user for user in users.values()}
        self.districts = [offices[code] for code, *_rest in data.DISTRICTS]
        self.inspectors = {offices[c].pk: users[name] for c, name in data.INSPECTOR_OF.items()}
        self.outcomes = {
            outcome.code: outcome for outcome in Outcome.objects.filter(is_active=True)
        }
        self.open_cases: list[Case] = []

    def moment(self) -> datetime:
        """A weekday office-hours moment in the past ~14 months, weighted to recent weeks."""
        roll = self.rng.random()
        low, high = (0, 7) if roll < 0.12 else (7, 60) if roll < 0.35 else (60, HISTORY_DAYS)
        day = timezone.localdate(self.now) - timedelta(days=self.rng.randint(low, high))
        while True:
            minute = self.rng.randint(OFFICE_OPENS, OFFICE_CLOSES)
            local = day_time(minute // 60, minute % 60, self.rng.randrange(60))
            moment = datetime.combine(day, local, timezone.get_default_timezone())
            if day.weekday() < 5 and moment < self.now - timedelta(minutes=10):
                return moment
            day -= timedelta(days=1)

    def schedule(self, steps: list[str], start: datetime) -> list[datetime]:
        """One moment per step, in order, squeezed into 90% of the time since `start`."""
        delays = [self.rng.uniform(*data.STEP_DAYS[step]) for step in steps]
        ceiling = start + (self.now - start) * 0.9
        scale = min(1.0, (ceiling - start) / timedelta(days=sum(delays))) if delays else 1.0
        moments, at = [], start
        for delay in delays:
            raw = max(min(at + timedelta(days=delay * scale), ceiling), at + timedelta(seconds=1))
            at = self.office_hours(raw, at, ceiling)
            moments.append(at)
        return moments

    def office_hours(self, moment: datetime, floor: datetime, ceiling: datetime) -> datetime:
        """`moment`, or if it is outside office hours, a time that day or the next."""
        local = timezone.localtime(moment)
        if OFFICE_OPENS <= local.hour * 60 + local.minute <= OFFICE_CLOSES:
            return moment
        minute = self.rng.randint(OFFICE_OPENS, OFFICE_CLOSES)
        same_day = local.replace(hour=minute // 60, minute=minute % 60)
        for candidate in (same_day, same_day + timedelta(days=1)):
            if floor < candidate <= ceiling:
                return candidate
        return moment

    def plans(self, count: int) -> list[Plan]:
        """Registration plans in time order; the first ones cover every channel/category."""
        channels, categories, plans, rng = list(Channel), list(Category), [], self.rng
        for index in range(count):
            registrar = self.users[data.weighted(rng, data.REGISTRARS)]
            office = registrar.office
            if office.level != Office.Level.DISTRICT or rng.random() < 0.25:
                office = rng.choice(self.districts)
            roll = rng.random()
            size = rng.randint(5, 25) if roll < 0.1 else rng.randint(2, 4) if roll < 0.2 else 1
            channel = (
                channels[index] if index < len(channels) else data.weighted(rng, data.CHANNELS)
            )
            category = categories[index] if index < len(categories) else None
            category = category or data.weighted(rng, data.CATEGORIES)
            plans.append(Plan(self.moment(), channel, category, registrar, office, size))
        plans.sort(key=lambda plan: plan.moment)
        for rank, plan in enumerate(plans):
            plan.status = self.final_status(plan, rank, len(plans))
            if plan.status == Status.NOT_ACCEPTED:  # decided at 西陵
                plan.office = self.users["supervisor"].office
            transferable = plan.status not in (Status.NOT_ACCEPTED, Status.MERGED)
            plan.transfer = transferable and rng.random() < 0.07
        return plans

    def final_status(self, plan: Plan, rank: int, total: int) -> str:
        """By age; the newest and oldest few are pinned so small runs show every stage."""
        newest = [Status.REGISTERED, Status.ACCEPTED, Status.IN_PROGRESS]
        oldest = [Status.CLOSED, Status.NOT_ACCEPTED, Status.WITHDRAWN]
        if total - 1 - rank < len(newest):
            return newest[total - 1 - rank]
        if rank < len(oldest):
            return oldest[rank]
        age = (self.now - plan.moment).days
        return data.weighted(self.rng, next(w for limit, w in data.STATUS_BY_AGE if age < limit))

    def steps(self, plan: Plan) -> list[str]:
        rng = self.rng
        if plan.status == Status.WITHDRAWN:
            filed = ["accept", "start"][: rng.choice([0, 0, 1, 2])]
            # After filing the complainant only asks; the head cancels the filing (撤销立案).
            steps = filed + (["request_withdrawal", "cancel_filing"] if filed else ["withdraw"])
        elif plan.status == Status.MERGED:
            steps = ["accept"][: rng.randint(0, 1)] + ["merge"]
        else:
            steps = list(data.PATHS[plan.status])
        if "start" in steps:
            at = steps.index("start") + 1
            steps[at:at] = ["note"] * rng.choice([0, 1, 1, 2])
            if plan.status != Status.WITHDRAWN and rng.random() < 0.1:  # the head goes on
                steps[at:at] = ["request_withdrawal", "continue_ex_officio"]
            elif plan.status == Status.IN_PROGRESS and rng.random() < 0.1:
                steps.append("request_withdrawal")  # waiting for the head's decision
        if plan.transfer:
            steps.insert(0, "transfer")
        if plan.size >= 5 and rng.random() < 0.3:
            steps.insert(0, "add")  # more workers of the group turn up later
        return self.decision_steps(plan, steps)

    def seed_cases(self, count: int) -> int:
        plans = self.plans(count)
        for start in range(0, len(plans), BATCH_SIZE):
            with transaction.atomic():
                for index, plan in enumerate(plans[start : start + BATCH_SIZE], start=start):
                    self.seed_case(plan, index)
        return len(plans)

    def seed_case(self, plan: Plan, index: int) -> None:
        target = None
        if plan.status == Status.MERGED:  # a duplicate of a case still worked on
            recent = [c for c in self.open_cases if plan.moment - c.registered_at < MERGE_WINDOW]
            target = self.rng.choice(recent) if recent else None
            plan.office = target.responsible_office if target else plan.office
            plan.status = Status.MERGED if target else Status.WITHDRAWN
        with clock.frozen_at(plan.moment):
            fields = data.case_fields(self.rng, plan, self.offset + index, target)
            case = services.case_register(actor=plan.registrar, **fields).case
            dispatch.case_route(case_id=case.pk)
        steps, previous = self.steps(plan), plan.moment
        for step, moment in zip(steps, self.schedule(steps, plan.moment), strict=True):
            with clock.frozen_at(moment):
                case = getattr(self, f"do_{step}")(case, previous, target)
                if not case.is_open:
                    # What the worker does on announcing an ending step (the announcement
                    # itself is suspended): the desks' work stops when the case ends.
                    case_end.case_end_close_work(case_id=case.pk)
            previous = moment
        if case.status in WORKING:
            self.open_cases.append(case)

    # Workflow steps, each called inside clock.frozen_at(its moment).

    def inspector(self, case: Case) -> User:
        return self.inspectors[case.responsible_office_id]

    def worker(self, case: Case) -> User:
        desk = self.users["deskofficer"]
        if case.responsible_office_id == desk.office_id and self.rng.random() < 0.4:
            return desk
        return self.inspector(case)

    def do_add(self, case, previous, target):
        people = data.complainants(self.rng, self.rng.randint(2, 5), case.category)
        people[0].is_representative = False
        actor = self.users_by_id[case.first_responder_id]
        return services.case_add_complainants(case=case, actor=actor, complainants=people).case

    def accept_referrals(self, case):
        for referral in case.referrals.filter(status=ReferralStatus.PENDING):
            self.accept_referral(referral, self.desk_member(referral))

    def do_start(self, case, previous, target):
        case = services.case_start(case=case, actor=self.worker(case))
        # Legal aid's part is short (a lawyer within 3 days of the grant): it is done by
        # the time the investigation starts, while the other desks work on.
        working = case.referrals.filter(status__in=OPEN_REFERRAL_STATUSES)
        aid = working.filter(desk__kind=DeskKind.LEGAL_AID).first()
        if aid is not None and working.exclude(pk=aid.pk).exists():
            actor = self.desk_member(aid)
            dispatch.referral_finish(referral=aid, actor=actor, note=data.LEGAL_AID_NOTE)
        return case

    def do_note(self, case, previous, target):
        services.case_add_note(case=case, actor=self.worker(case), text=self.rng.choice(data.NOTES))
        return case

    def do_resolve(self, case, previous, target):
        """Every desk finishes its part; the last one resolves the case."""
        note = self.rng.choice(data.RESOLVE_NOTES)
        for referral in case.referrals.filter(status__in=OPEN_REFERRAL_STATUSES):
            actor = self.desk_member(referral)
            if referral.status == ReferralStatus.PENDING:
                self.accept_referral(referral, actor)
                referral.refresh_from_db()
            if needs_closing_approval(referral):  # a filed case: the head approves the closing
                dispatch.referral_close_filed(
                    referral=referral,
                    proposer=referral.officer or actor,
                    head=self.head(case),
                    summary=note,
                )
                continue
            dispatch.referral_finish(referral=referral, actor=actor, note=note)
        case.refresh_from_db()
        if case.status != Status.RESOLVED:  # no desk had it
            case = services.case_resolve(case=case, actor=self.worker(case), note=note)
        return case

    def accept_referral(self, referral, actor: User) -> None:
        """The desk accepts; one that counts from its own application (arbitration, work
        injury, legal aid) receives it first, that day, with its whole checklist. A case
        still registered keeps its referrals there waiting for the application."""
        if awaits_application(referral):
            dispatch.referral_application_received(
                referral=referral,
                actor=actor,
                received_on=clock.today(),
                materials=desk_checklist(referral.desk.kind),
            )
        dispatch.referral_accept(referral=referral, actor=actor)

    def desk_member(self, referral) -> User:
        return referral.officer or referral.desk.members.first()

    def do_close(self, case, previous, target):
        fields = data.closing(self.rng, case.amount_claimed, self.outcomes)
        if fields["outcome_amount"]:
            self.pay_workers(case, fields["outcome_amount"], previous)
        followup_at = previous + (clock.now() - previous) * self.rng.uniform(0.3, 0.95)
        return services.case_close(
            case=case, actor=self.inspector(case), followup_at=followup_at, **fields
        )

    def pay_workers(self, case, total, previous):
        """Record the recovered wages in the ledger, shared as the workers were owed."""
        people = list(case.complainants.order_by("id"))
        owed = [person.owed_amount or Decimal("0") for person in people]
        weights = owed if sum(owed) > 0 else [Decimal("1")] * len(people)
        paid_on = timezone.localdate(previous)
        for person, weight in zip(people, weights, strict=True):
            share = (total * weight / sum(weights)).quantize(Decimal("0.01"))
            if share > 0:
                services.payment_record(
                    complainant=person, actor=self.inspector(case), amount=share, paid_on=paid_on
                )

    def do_withdraw(self, case, previous, target):
        actor = self.users_by_id[case.first_responder_id]
        reason = self.rng.choice(data.WITHDRAW_REASONS)
        return services.case_withdraw(case=case, actor=actor, reason=reason)

    def do_request_withdrawal(self, case, previous, target):
        actor = self.users_by_id[case.first_responder_id]
        reason = self.rng.choice(data.WITHDRAW_REASONS)
        return services.case_request_withdrawal(case=case, actor=actor, reason=reason)

    def do_cancel_filing(self, case, previous, target):
        reason = self.rng.choice(data.CANCEL_FILING_REASONS)
        return services.case_cancel_filing(case=case, actor=self.head(case), reason=reason)

    def do_continue_ex_officio(self, case, previous, target):
        reason = self.rng.choice(data.EX_OFFICIO_REASONS)
        return services.case_continue_ex_officio(case=case, actor=self.head(case), reason=reason)

    def do_merge(self, case, previous, target):
        reason = data.MERGE_REASON.format(ticket=target.ticket)
        actor = self.inspector(case)
        return services.case_merge(case=case, actor=actor, target=target, reason=reason)

    def seed_consultations(self, count: int) -> int:
        staff = [self.users[name] for name in ("window", "window", "window2", "inspector2")]
        with transaction.atomic():
            for _ in range(count):
                fields = data.consultation_fields(self.rng)
                with clock.frozen_at(self.moment()):
                    services.consultation_log(actor=self.rng.choice(staff), **fields)
        return count


def catch_up_with_beat() -> dict[str, object]:
    """Run, once and now, the tasks of CATCH_UP_ENTRIES, as beat would; their results.

    Looked up by name in the Celery registry as a worker does, so the tasks of apps above
    dispatch (reports) run without dispatch importing them. The close-work sweep takes
    at most a batch of cases per run and is repeated until it finds nothing.
    """
    celery_app.loader.import_default_modules()  # what a worker does at start: tasks.py
    schedule, results = beat_schedule(), {}
    for entry in CATCH_UP_ENTRIES:
        task = celery_app.tasks[schedule[entry]["task"]]
        results[entry] = result = task()
        while entry == "close-work-of-ended-cases" and result:
            result = task()
    return results


class Command(BaseCommand):
    help = "Create demo offices, one account per role and back-dated cases (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="demo accounts' password")
        parser.add_argument("--cases", type=int, default=DEFAULT_CASES, help="demo cases wanted")
        parser.add_argument("--seed", type=int, default=2026, help="random seed")

    def handle(self, *args, password, cases, seed, **options):
        started = time.monotonic()
        offices = ensure_offices()
        users = ensure_users(offices, password)
        ensure_desks(offices, users)
        data.ensure_winter_campaign(clock.today())
        # The city's busy seasons and the districts' duty roster (the 24-hour hotline).
        demo_roster.ensure_peak_periods(offices["city"], clock.today())
        demo_roster.ensure_duty_roster(offices, users, clock.today())
        demo_cases = Case.objects.filter(first_responder__in=list(users.values()))
        existing = demo_cases.count()
        seeder = DemoSeeder(offices=offices, users=users, seed=seed, offset=existing)
        with publishing_suspended():  # history is routed here; nobody is told of it again
            # The lead case, a construction case along its chain of responsibility
            # (dispatch/demo_lead.py), is one of the cases wanted.
            lead = int(cases > existing and not lead_case_exists())
            created = seeder.seed_cases(max(0, cases - existing - lead))
            if lead and ensure_lead_case(users) is not None:
                created += 1
        answered = Consultation.objects.filter(answered_by__in=list(users.values())).count()
        logged = seeder.seed_consultations(max(0, CONSULTATION_COUNT - answered))
        # Nothing the sweeps record is news to send by task (their inbox rows are written
        # directly), and the worker may not be running yet.
        with publishing_suspended():
            caught_up = catch_up_with_beat()
        write = self.stdout.write
        write(f"Offices: {', '.join(office.name for office in offices.values())}")
        write(f"Demo accounts (password: {password}):")
        for username, user in users.items():
            write(f"  {username:<12} {', '.join(sorted(user.role_names)):<14} {user.office}")
        statuses = demo_cases.order_by().values_list("status").annotate(count=Count("id"))
        summary = ", ".join(f"{status} {count}" for status, count in sorted(statuses))
        write(f"Cases: {created} created, {existing + created} in all ({summary})")
        write(f"Consultations: {logged} logged")
        chased = caught_up["chase-deadlines"]
        write(
            f"Sweeps run as beat would: {chased['marked_overdue']} deadlines marked overdue, "
            f"{chased['escalated']} escalated, {chased['reminded']} reminded"
        )
        write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f} s."))
