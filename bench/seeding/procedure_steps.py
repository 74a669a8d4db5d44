"""The rows of the procedure's steps on one case (`procedure.ProcedureWriter` decides which):
the step with its inspectors and document, the service of a served document with its
proof, the order to correct with its lines, and the time limits each opens and meets.
`procedure_acts.ActWriter` adds the acts made of several steps (the handling decision,
the transfer, the penalty, the closing and the cancellation)."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from bench.seeding.dates import local_day, utc_midnight
from bench.seeding.rows import DeadlineRow, ServiceRow, StepInspectorRow, StepRow, copy_json
from bench.seeding.timeline import Event

# (code, floor, ceiling, hearing threshold) of the provisions inspection's migration seeds.
PROVISIONS = [
    ("obstruction", Decimal("2000"), Decimal("20000"), Decimal("10000")),
    ("wage_ledger", Decimal("20000"), Decimal("50000"), Decimal("10000")),
    ("wage_account", Decimal("50000"), Decimal("100000"), Decimal("10000")),
]
# Each part's nominal span in days (the chain is compressed when the case's is shorter).
SPANS = {
    "notice": 2,
    "notice_served": 1,
    "record": 4,
    "site": 3,
    "order": 5,
    "order_served": 2,
    "complied": 8,
    "handling": 2,
    "handling_served": 2,
    "report": 2,
    "approved": 1,
    "transfer": 0.5,
    "answer": 2,
    "penalty_notice": 3,
    "penalty_served": 1.5,
    "hearing": 2,
    "penalty_decision": 2,
    "decision_served": 2,
    "closing_proposed": 2,
}
PART_SPANS = {"notice": 3, "record": 4, "site": 3, "order": 15, "penalty": 11}
WORKING = 7 / 5  # calendar days per working day, as the referral writer counts them


@dataclass
class Plan:
    case: object
    status: str
    showcase: bool = False
    parts: list = field(default_factory=list)
    order_fate: str = ""  # paid, waiting, unpaid
    handling: bool = False
    transfer: bool = False
    cancel: bool = False

    def delays(self) -> float:
        extra = 4 * self.handling + 6 * self.transfer
        return sum(PART_SPANS.get(part, 2) for part in self.parts) + extra


class Chain:
    """The moments of a case's procedure, in order, from `begin` to before `end`; each
    part's span (SPANS) varies and is compressed to fit."""

    def __init__(self, begin: datetime, end: datetime, total_days: float, rng=None):
        self.at, self.end, self.rng = begin, end, rng
        room = (end - begin).total_seconds() / 86400
        self.scale = min(1.0, 0.9 * room / total_days) if total_days else 1.0

    def next(self, name: str) -> datetime:
        days = SPANS[name] * self.scale * (self.rng.uniform(0.6, 1.4) if self.rng else 1)
        moment = self.at + timedelta(days=days, seconds=1)
        if moment >= self.end:  # close in on the end without reaching it
            moment = self.at + (self.end - self.at) / 4
        self.at = moment
        return moment

    def skip_to(self, day) -> None:
        """On from 10:00 on `day` (a pay-by date that must have passed first)."""
        moment = utc_midnight(day) + timedelta(hours=2)
        if self.at < moment < self.end:
            self.at = moment


@dataclass
class Clock:
    """A time limit the procedure opened on the referral; closed_at None while it runs."""

    id: int
    policy: str
    start: object
    due: object
    created_at: datetime
    closed_at: datetime | None = None
    due_at: datetime | None = None


class StepWriter:
    """Writes one case's procedure rows; `start` sets the case."""

    def __init__(self, ctx, rng, out, documents):
        from inspection.models import ServiceMethod
        from inspection.services.steps import step_names

        self.ctx, self.rng, self.out, self.documents = ctx, rng, out, documents
        from inspection.models import StepKind

        self.names = {kind: step_names(kind) for kind in StepKind.values}
        self.methods = {m: method_labels(ServiceMethod(m)) for m in ("in_person", "post")}
        self.policies = ctx.policies

    def start(self, case, referral_id: int, inspector) -> None:
        self.case, self.referral_id, self.inspector = case, referral_id, inspector
        office = case.office
        self.head = self.ctx.users[head_of(office.code)]
        self.second = self.ctx.users["supervisor"] if office.code == "xiling" else self.head
        self.clocks: list[Clock] = []
        self.events: list = []
        case.procedure_events = self.events

    # --- the building blocks -------------------------------------------------------

    def step(self, kind: str, at: datetime, *, two=True, document=None, **fields) -> int:
        """One step (recorded unless `status` says otherwise) with its inspectors; its
        document (kind, sections) issued with it and its events."""
        step_id = self.out.new_id(StepRow)
        document_id = fields.pop("document_id", None)
        status = fields.pop("status", "recorded")
        if document is not None:
            document_id = self.issue(document[0], at, self.inspector, document[1], two)
        self.last_document = document_id
        details = fields.pop("details", {})
        self.out.add(
            StepRow(
                id=step_id,
                kind=kind,
                status=status,
                details=copy_json(details),
                created_at=at,
                case_id=self.case.id,
                created_by_id=self.inspector.pk,
                document_id=document_id,
                referral_id=self.referral_id,
                **fields,
            )
        )
        for user in (self.inspector, self.second) if two else (self.inspector,):
            self.out.add(
                StepInspectorRow(
                    id=self.out.new_id(StepInspectorRow), step_id=step_id, user_id=user.pk
                )
            )
        if kind != "filing":
            event = (
                "step_proposed"
                if status in ("proposed", "approved", "refused")
                else ("step_recorded")
            )
            self.event(at, event, self.inspector, self.names[kind])
        self.out.summary.steps += 1
        return step_id

    def issue(self, kind: str, at: datetime, actor, sections, two=True, event=True) -> int:
        signers = (self.inspector, self.second) if two else ()
        document_id, number = self.documents.issue(
            self.case, kind=kind, at=at, actor=actor, signers=signers, sections=sections
        )
        if event:
            payload = {"document": document_id, "kind": kind, "number": number}
            payload["title"] = self.documents_title(kind)
            self.event(at, "document_issued", actor, payload)
        self.last_number = number
        return document_id

    def documents_title(self, kind: str) -> str:
        from bench.seeding.documents import TITLES

        return TITLES[kind]

    def event(self, at, kind: str, actor, payload: dict, message: str = "") -> None:
        self.events.append(Event(at, kind, actor, payload, message))

    def serve(self, document_id: int, kind: str, number: str, at: datetime) -> None:
        """The document served on the party at `at`, in person or by post, with its proof."""
        in_person = self.rng.random() < 0.75
        method = "in_person" if in_person else "post"
        recipient = f"法定代表人 {self.legal()}" if in_person else "单位收发室 签收"
        place = self.documents.addressee(self.case) + ("办公室" if in_person else "")
        served_on = local_day(at)
        proof = self.issue(
            "service_proof",
            at,
            self.inspector,
            [
                (
                    "",
                    [
                        f"送达文书：{number or self.documents_title(kind)}",
                        f"送达方式：{self.methods[method]['method_zh']}",
                        f"受送达人：{recipient}",
                        f"送达日期：{served_on}",
                    ],
                )
            ],
            two=False,
        )
        self.out.add(
            ServiceRow(
                id=self.out.new_id(ServiceRow),
                method=method,
                served_on=served_on,
                recipient=recipient,
                place=place,
                recorded_at=at,
                document_id=document_id,
                proof_document_id=proof,
                recorded_by_id=self.inspector.pk,
            )
        )
        payload = {
            "document": document_id,
            "title": self.documents_title(kind),
            "number": number,
            "served_on": served_on.isoformat(),
            **self.methods[method],
        }
        self.event(at, "document_served", self.inspector, payload)
        self.out.summary.services += 1

    def legal(self) -> str:
        if self.case.employer_id:
            return self.documents.pools.employers[self.case.employer_id - 1]["legal"]
        return "负责人"

    def clock(self, policy: str, start_at: datetime, *, due=None, closed_at=None, hours=None):
        """A time limit opened at `start_at` (its due day by the policy unless given)."""
        start = local_day(start_at)
        policy_row = self.policies[policy]
        due_at = start_at + timedelta(hours=hours) if hours else None
        if due is None:
            days = policy_row.limit * (WORKING if policy_row.unit == "WD" else 1)
            due = local_day(due_at) if due_at else start + timedelta(days=round(days))
        clock = Clock(self.out.new_id(DeadlineRow), policy, start, due, start_at, closed_at, due_at)
        self.clocks.append(clock)
        return clock

    def finish(self, plan: Plan, chain: Chain, until) -> list[tuple]:
        """Write the clocks: those still running close with the referral (`until`: its
        closing moment and reason) or stay open; returns the open ones as (due, id)."""
        running = []
        for clock in self.clocks:
            closed_at, reason = clock.closed_at, "met"
            if closed_at is None and until is not None:
                closed_at, reason = until
            overdue = None
            if closed_at is None and clock.due < local_day(chain.end):
                overdue = utc_midnight(clock.due + timedelta(days=1))
            self.out.add(
                DeadlineRow(
                    id=clock.id,
                    start=min(clock.start, clock.due),
                    due=clock.due,
                    created_at=clock.created_at,
                    overdue_at=overdue,
                    closed_at=closed_at,
                    closed_reason=reason if closed_at else "",
                    policy_id=self.policies[clock.policy].pk,
                    referral_id=self.referral_id,
                    due_at=clock.due_at,
                )
            )
            self.out.summary.deadlines += 1
            if closed_at is None:
                self.out.summary.open_deadlines += 1
                running.append((clock.due, clock.id))
        return running

    # --- the investigation ---------------------------------------------------------

    def filing(self, accepted: datetime) -> None:
        """Approved by the head at acceptance; the form issued then (no event of its own)."""
        case = self.case
        proposed = max(case.moment + timedelta(minutes=5), accepted - timedelta(hours=3))
        sections = [
            ("投诉摘要", [case.description]),
            (
                OPINION,
                ["该投诉符合立案条件。", f"{self.inspector.display_name} {local_day(proposed)}"],
            ),
            (APPROVAL, [f"同意立案。{self.head.display_name} {local_day(accepted)}"]),
        ]
        document = self.documents.issue(
            case, kind="filing", at=accepted, actor=self.head, sections=sections
        )[0]
        self.step(
            "filing",
            proposed,
            two=False,
            status="approved",
            decided_at=accepted,
            decided_by_id=self.head.pk,
            document_id=document,
        )

    def inquiry_notice(self, issued: datetime, served: datetime) -> None:
        appear = utc_midnight(local_day(served) + timedelta(days=3)) + timedelta(hours=1)
        place = self.case.office.name + "询问室"
        bring = ["营业执照副本", "工资支付记录", "劳动合同"]
        details = {
            "addressee": self.documents.addressee(self.case),
            "place": place,
            "appear_at": appear.isoformat(),
            "bring": bring,
            "note": "",
        }
        sections = [
            ("", [f"请于{local_day(appear)}到{place}接受询问。", "请携带：" + "、".join(bring)])
        ]
        self.step("inquiry_notice", issued, document=("inquiry_notice", sections), details=details)
        self.serve_last("inquiry_notice", served)

    def serve_last(self, kind: str, at: datetime) -> None:
        """Serve the document of the step just written."""
        self.serve(self.last_document, kind, self.last_number, at)

    def inquiry_record(self, at: datetime) -> None:
        exchanges = [
            ["你单位是否拖欠投诉人工资？", "确有拖欠，因工程款未结清。"],
            ["拖欠金额及期间？", "与投诉人所述基本一致。"],
            ["何时能够支付？", "争取一个月内支付。"],
        ]
        details = {
            "person_name": self.legal(),
            "person_role": "法定代表人",
            "started_at": at.isoformat(),
            "ended_at": (at + timedelta(hours=1)).isoformat(),
            "place": self.case.office.name + "询问室",
            "exchanges": exchanges,
        }
        sections = [("", [f"问：{q}" + f" 答：{a}" for q, a in exchanges])]
        self.step("inquiry_record", at, document=("inquiry_record", sections), details=details)

    def site_record(self, at: datetime) -> None:
        place = self.case.site or self.documents.addressee(self.case)
        details = {
            "place": place,
            "inspected_at": at.isoformat(),
            "present": self.legal(),
            "findings": "现场查看考勤记录及工资发放表，未见投诉人工资发放记录。",
        }
        sections = [("检查情况", [details["findings"]])]
        self.step("site_record", at, document=("site_record", sections), details=details)


def method_labels(method) -> dict:
    from django.utils import translation

    names = {}
    for code, language in (("en", "en"), ("zh", "zh-hans")):
        with translation.override(language):
            names[f"method_{code}"] = str(method.label)
    return names


def head_of(office_code: str) -> str:
    from dispatch import demo_data as demo

    return demo.HEAD_OF[office_code]


OPINION = "承办人意见"
APPROVAL = "监察机构负责人审批意见"
