"""The procedure's acts made of several rows (`procedure_steps.StepWriter` writes the
single steps): the order to correct with its lines, service and payment; the handling
decision; the transfer to the police with the head's approval and the police's answer;
the penalty from its advance notice to the served decision; the closing and the
cancellation of the filing approved by the head."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from bench.seeding.dates import local_day
from bench.seeding.procedure_steps import APPROVAL, OPINION, Chain, StepWriter
from bench.seeding.rows import OrderInspectorRow, OrderLineRow, OrderRow

CENT = Decimal("0.01")
FINDINGS = "经查，用人单位拖欠投诉人工资属实，违反《保障农民工工资支付条例》的规定。"
POLICE = {
    "xiling": "宜昌市公安局西陵区分局",
    "wujiagang": "宜昌市公安局伍家岗区分局",
    "yiling": "宜昌市公安局夷陵区分局",
}


@dataclass
class Order:
    id: int
    number: str
    amount: Decimal
    lines: list  # (complainant id, name, amount)


class ActWriter(StepWriter):
    def order(self, issued: datetime, served: datetime, pay_by, complied) -> Order:
        """Issued with its document (the number both carry), its service chased until it
        is served; its pay-by clock from service, met when paid."""
        lines = [
            (person.id, person.name, Decimal(person.owed or self.rng.randint(20, 80) * 100))
            for person in self.case.people
        ]
        amount = sum((line[2] for line in lines), Decimal(0)).quantize(CENT)
        table = {
            "columns": ["劳动者", "应支付工资（元）"],
            "footer": ["合计", f"{amount:,.2f}"],
            "rows": [[name, f"{value:,.2f}"] for _id, name, value in lines],
        }
        sections = [("", [FINDINGS, f"责令你单位于{pay_by}前支付下列劳动者工资："], table)]
        document_id = self.issue("rectification", issued, self.inspector, sections)
        number = self.last_number
        self.clock("inspection.serve", issued, closed_at=served)
        rectify = self.clock("inspection.rectify", served, due=pay_by, closed_at=complied)
        order_id = self.out.new_id(OrderRow)
        self.out.add(
            OrderRow(
                id=order_id,
                number=number,
                findings=FINDINGS,
                amount_found=amount,
                workers_concerned=len(lines),
                amount_ordered=amount,
                pay_by=pay_by,
                issued_at=issued,
                complied_at=complied,
                case_id=self.case.id,
                complied_by_id=self.inspector.pk if complied else None,
                deadline_id=rectify.id,
                issued_by_id=self.inspector.pk,
                referral_id=self.referral_id,
            )
        )
        self.order_rows(order_id, lines)
        payload = {"number": number, "amount": f"{amount:.2f}", "pay_by": str(pay_by)}
        self.event(issued, "rectification_ordered", self.inspector, payload, FINDINGS)
        self.serve(document_id, "rectification", number, served)
        if complied is not None:
            self.event(complied, "rectification_complied", self.inspector, {"number": number})
        self.out.summary.orders += 1
        return Order(order_id, number, amount, lines)

    def order_rows(self, order_id: int, lines: list) -> None:
        """The order's two inspectors and its line per worker."""
        for user in (self.inspector, self.second):
            self.out.add(
                OrderInspectorRow(
                    id=self.out.new_id(OrderInspectorRow),
                    rectificationorder_id=order_id,
                    user_id=user.pk,
                )
            )
        for complainant_id, _name, value in lines:
            self.out.add(
                OrderLineRow(
                    id=self.out.new_id(OrderLineRow),
                    amount=value.quantize(CENT),
                    complainant_id=complainant_id,
                    order_id=order_id,
                )
            )

    def handling_decision(self, at: datetime, served: datetime, order: Order) -> None:
        rate = self.rng.choice([50, 60, 80, 100])
        compensation = (order.amount * rate / 100).quantize(CENT)
        details = {
            "pay_within_days": 15,
            "facts": f"{order.number}限期改正指令书送达后逾期未支付。",
            "evidence": "询问笔录、工资表、送达回证",
            "lines": [
                {
                    "complainant": pk,
                    "name": name,
                    "wages": f"{value:.2f}",
                    "compensation": f"{(value * rate / 100).quantize(CENT):.2f}",
                }
                for pk, name, value in order.lines
            ],
        }
        sections = [
            ("违法事实", [details["facts"]]),
            ("证据", [details["evidence"]]),
            ("处理决定", [f"支付工资{order.amount:,.2f}元，加付赔偿金{compensation:,.2f}元。"]),
        ]
        self.step(
            "handling_decision",
            at,
            document=("handling_decision", sections),
            order_id=order.id,
            amount=order.amount,
            rate=rate,
            compensation=compensation,
            details=details,
        )
        self.serve_last("handling_decision", served)

    def transfer(self, chain: Chain, order: Order) -> None:
        """The report proposed and approved by the head within its 3 days, the case
        transferred within 24 hours, the police's answer."""
        proposed, approved = chain.next("report"), chain.next("approved")
        transferred, answered = chain.next("transfer"), chain.next("answer")
        reasons = "用人单位以逃匿方式拒不支付劳动报酬，经责令支付仍不支付，涉嫌拒不支付劳动报酬罪。"
        report = self.step(
            "transfer_report",
            proposed,
            document=("transfer_report", [("移送理由", [reasons])]),
            status="approved",
            order_id=order.id,
            amount=order.amount,
            details={"reasons": reasons},
            decided_at=approved,
            decided_by_id=self.head.pk,
        )
        self.event(approved, "step_approved", self.head, self.names["transfer_report"])
        self.clock("criminal.approve", proposed, closed_at=approved)
        self.clock("criminal.transfer", approved, hours=24, closed_at=transferred)
        police = POLICE.get(self.case.office.code, "宜昌市公安局")
        transfer = self.step(
            "transfer",
            transferred,
            follows_id=report,
            order_id=order.id,
            amount=order.amount,
            details={"police_body": police, "note": ""},
            document=("transfer_letter", [("", [f"现将本案移送{police}。"])]),
        )
        self.clock("criminal.answer", transferred, closed_at=answered)
        outcome = self.rng.choice(["filed", "filed", "not_filed", "returned"])
        details = {"answered_on": local_day(answered).isoformat(), "reference": "", "note": ""}
        self.step(
            "police_answer",
            answered,
            two=False,
            follows_id=transfer,
            outcome=outcome,
            details=details,
        )

    def penalty(self, chain: Chain, provision: tuple, amount: Decimal) -> None:
        """The advance notice served, the party heard (or its time passed), the decision
        (never heavier) issued and served within its 7 working days."""
        code, _floor, _ceiling, threshold = provision
        hearing_right = amount >= threshold
        facts = "用人单位未按规定建立农民工工资支付台账。"
        details = {
            "provision": code,
            "hearing_right": hearing_right,
            "facts": facts,
            "evidence": "现场检查笔录、询问笔录",
        }
        notice_at = chain.next("penalty_notice")
        notice = self.step(
            "penalty_notice",
            notice_at,
            amount=amount,
            details=details,
            document=("penalty_notice", [("违法事实", [facts])]),
        )
        served = chain.next("penalty_served")
        self.serve_last("penalty_notice", served)
        heard = self.rng.random() < 0.4
        if heard:
            held = chain.next("hearing")
            kind = "hearing" if hearing_right else "statement"
            self.step(
                "hearing",
                held,
                follows_id=notice,
                details={
                    "kind": kind,
                    "held_on": local_day(held).isoformat(),
                    "summary": "当事人对违法事实无异议，请求从轻处罚。",
                },
            )
        decided = chain.next("penalty_decision")
        days = 5 if hearing_right else 3
        if not heard:  # the party's days after service have passed first
            chain.skip_to(local_day(served) + timedelta(days=days + 1))
            decided = max(decided, chain.at)
        self.step(
            "penalty_decision",
            decided,
            follows_id=notice,
            amount=amount,
            details={"provision": code, "pay_within_days": 15},
            document=("penalty_decision", [("处罚决定", [f"罚款{amount:,.2f}元。"])]),
        )
        delivered = chain.next("decision_served")
        self.clock("penalty.serve", decided, closed_at=delivered)
        self.serve_last("penalty_decision", delivered)

    def approved_step(self, kind: str, proposed, approved, details: dict, approval: str):
        """A step the head approves: proposed (`approved` None: still awaiting the head),
        then its form numbered and issued at the approval."""
        document_id = None
        if approved is not None:
            sections = [
                (OPINION, [details.get("reasons") or details.get("summary", "")]),
                (APPROVAL, [f"{approval}{self.head.display_name} {local_day(approved)}"]),
            ]
            document_id = self.issue(kind, approved, self.head, sections, two=False)
        self.step(
            kind,
            proposed,
            two=False,
            status="approved" if approved else "proposed",
            details=details,
            document_id=document_id,
            decided_at=approved,
            decided_by_id=self.head.pk if approved else None,
        )
        if approved is not None:
            self.event(approved, "step_approved", self.head, self.names[kind])

    def closing(self, proposed: datetime, approved: datetime | None, outcome: str) -> None:
        summary = "经责令改正，用人单位已支付拖欠工资。"
        details = {"outcome": outcome, "summary": summary}
        self.approved_step("closing", proposed, approved, details, "同意结案。")

    def cancellation(self, proposed: datetime, approved: datetime) -> None:
        details = {"reasons": "违法行为轻微并已改正，撤销立案。"}
        self.approved_step("cancellation", proposed, approved, details, "同意撤销立案。")
