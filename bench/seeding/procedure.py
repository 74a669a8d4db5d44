"""The inspection procedure on a share of the filed wage cases' inspection referrals, in
lawful order (docs/inspection-procedure.md), as the services in inspection/services/ and
dispatch/services/rectification.py write it: the filing approved at acceptance; an inquiry
notice served, an inquiry record, an on-site record; an order to correct with its lines
per worker, served, then paid, waiting to be paid or unpaid past its pay-by date (then a
handling decision, a transfer to the police with its answer); a few penalties; and the
end: the closing approved when the referral was done, the filing cancelled on a withdrawn
case, now and then a closing awaiting the head. Each step with its document, its two
inspectors where the procedure needs them, its timeline events and its time limits.

`ProcedureWriter.write` is called by the referral writer for the case's inspection
referral, before the referral row (its next open deadline counts the procedure's clocks)
and before the timeline (which writes the events it leaves on the case).
"""

from datetime import datetime, timedelta
from decimal import Decimal

from bench.seeding.dates import local_day
from bench.seeding.procedure_acts import ActWriter
from bench.seeding.procedure_steps import PROVISIONS, Chain, Plan

SHARE = 0.22  # of the filed wage cases' inspection referrals
FILED_STATUSES = ("accepted", "in_progress", "resolved", "closed", "withdrawn")


class ProcedureWriter:
    def __init__(self, ctx, rng, out, documents, *, today, now, threshold):
        self.ctx, self.rng, self.out, self.documents = ctx, rng, out, documents
        self.today, self.now, self.threshold = today, now, threshold
        self.rows = ActWriter(ctx, rng, out, documents)

    def applies(self, case) -> bool:
        if case.status not in FILED_STATUSES or "accept" not in case.steps:
            return False
        if case.showcase:
            return True
        return case.category == "wage_arrears" and self.rng.random() < SHARE

    def window(self, case) -> tuple[datetime, datetime]:
        """From the work's start to its end: the referral's closing for a done referral,
        the case's end when withdrawn, else now (at most 90 days after the filing)."""
        found = case.steps
        begin = found.get("start") or found["accept"]
        if case.status in ("resolved", "closed"):
            end = found["resolve"]
        elif case.status == "withdrawn":
            end = found["end"]
        else:
            end = min(self.now - timedelta(hours=3), begin + timedelta(days=90))
            if case.showcase:
                end = self.now - timedelta(hours=3)
        return begin, max(end, begin + timedelta(minutes=10))

    def write(self, case, ending, referral_id: int, inspector) -> list[tuple]:
        """The procedure of `case` on its inspection referral; returns its open clocks as
        (due, deadline id), and leaves its events in `case.procedure_events`."""
        begin, end = self.window(case)
        plan = self.plan(case, (end - begin).total_seconds() / 86400)
        chain = Chain(begin, end, plan.delays(), self.rng)
        self.rows.start(case, referral_id, inspector)
        self.rows.filing(case.steps["accept"])
        for part in plan.parts:
            getattr(self, f"_{part}")(chain, plan)
        open_clocks = self.rows.finish(plan, chain, self.open_until(case))
        if plan.cancel:
            case.filing_cancelled = True
            ending.outcome = self.ctx.outcomes.get("filing_cancelled_by_bureau")
        self.out.summary.procedure_cases += 1
        return open_clocks

    def open_until(self, case):
        """When the referral's clocks closed: None while it is open."""
        if case.status in ("resolved", "closed"):
            return case.steps["resolve"], "met"
        if case.status == "withdrawn":
            return case.steps["end"], "case_ended"
        return None

    def plan(self, case, room_days: float) -> Plan:
        """What happens on this case, drawn once."""
        rng, status = self.rng, case.status
        plan = Plan(case=case, status=status, showcase=case.showcase)
        if status == "accepted":
            plan.parts = ["notice"] if rng.random() < 0.5 else []
            return plan
        if case.showcase:
            plan.parts = ["notice", "record", "site", "order", "penalty", "closing_proposed"]
            plan.order_fate, plan.handling, plan.transfer = "unpaid", True, True
            return plan
        long_enough = room_days >= 40
        parts = [
            p
            for p, share in (("notice", 0.7), ("record", 0.8), ("site", 0.3))
            if rng.random() < share
        ]
        if rng.random() < (0.2 if status == "withdrawn" else 0.75):
            parts.append("order")
            plan.order_fate = self.order_fate(status, long_enough)
            plan.handling = plan.order_fate == "unpaid" and rng.random() < 0.6
            plan.transfer = plan.order_fate == "unpaid" and rng.random() < 0.3
        if long_enough and rng.random() < 0.05:
            parts.append("penalty")
        if status in ("resolved", "closed"):
            parts.append("closing")
        elif status == "withdrawn":
            parts.append("cancellation")
            plan.cancel = True
        elif rng.random() < 0.03:
            parts.append("closing_proposed")
        plan.parts = parts
        return plan

    def order_fate(self, status: str, long_enough: bool) -> str:
        """Paid as ordered, waiting to be paid (an open case's recent order) or unpaid past
        its pay-by date (the basis of a handling decision and of a transfer)."""
        roll = self.rng.random()
        if status == "in_progress" and roll < 0.3:
            return "waiting"
        unpaid_share = 0.06 if status == "in_progress" else 0.15
        return "unpaid" if long_enough and roll > 1 - unpaid_share else "paid"

    # --- the parts, each in its place on the chain ------------------------------------

    def _notice(self, chain: Chain, plan: Plan) -> None:
        issued = chain.next("notice")
        self.rows.inquiry_notice(issued, chain.next("notice_served"))

    def _record(self, chain: Chain, plan: Plan) -> None:
        self.rows.inquiry_record(chain.next("record"))

    def _site(self, chain: Chain, plan: Plan) -> None:
        self.rows.site_record(chain.next("site"))

    def _order(self, chain: Chain, plan: Plan) -> None:
        issued, served = chain.next("order"), chain.next("order_served")
        served_on = local_day(served)
        if plan.order_fate == "waiting" and (self.threshold - served_on).days > 25:
            plan.order_fate = "paid"  # served too long ago to be still waiting: it was paid
        if plan.order_fate == "waiting":
            pay_by = self.threshold + timedelta(days=self.rng.randint(1, 15))
        else:
            pay_by = served_on + timedelta(days=self.rng.randint(10, 15))
        complied = chain.next("complied") if plan.order_fate == "paid" else None
        if complied is not None:
            pay_by = max(pay_by, local_day(complied))
        if plan.order_fate == "unpaid":
            chain.skip_to(pay_by + timedelta(days=2))
        order = self.rows.order(issued, served, pay_by, complied)
        if plan.handling:
            self.rows.handling_decision(
                chain.next("handling"), chain.next("handling_served"), order
            )
        if plan.transfer:
            self.rows.transfer(chain, order)

    def _penalty(self, chain: Chain, plan: Plan) -> None:
        provision = self.rng.choice(PROVISIONS)
        floor, ceiling = provision[1], provision[2]
        amount = Decimal(self.rng.randrange(int(floor), int(ceiling) + 1, 1000))
        self.rows.penalty(chain, provision, max(amount, floor))

    def _closing(self, chain: Chain, plan: Plan) -> None:
        end = chain.end
        proposed = max(chain.at, end - timedelta(days=self.rng.uniform(0.5, 3)))
        outcome = "paid_in_full" if plan.order_fate != "unpaid" else "ordered_by_decision"
        self.rows.closing(proposed, end, outcome)

    def _closing_proposed(self, chain: Chain, plan: Plan) -> None:
        self.rows.closing(chain.next("closing_proposed"), None, "paid_in_full")

    def _cancellation(self, chain: Chain, plan: Plan) -> None:
        end = chain.end
        proposed = max(chain.at, end - timedelta(days=self.rng.uniform(0.5, 3)))
        self.rows.cancellation(proposed, end)
