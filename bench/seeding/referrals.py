"""A case's referrals, one per desk with its officer, and each one's deadlines (clocks).

Open deadlines come to about one per case (the sweep scenario); 1% of N are due within
two working days of the seed's today, some already overdue; 2% of the others paused.
"""

from datetime import date, datetime, timedelta

from bench.seeding.dates import local_day, utc_midnight
from bench.seeding.facts import OPEN, CaseFacts
from bench.seeding.rows import DeadlineRow, ReferralRow

# A referral's status and the step that closed it, by its case's final status.
REFERRAL_STATE = {
    "registered": ("pending", None),
    "accepted": ("accepted", None),
    "in_progress": ("in_progress", None),
    "resolved": ("done", "resolve"),
    "closed": ("done", "resolve"),
}
ENDED_REFERRAL = ("done", "end")


class ReferralWriter:
    """`due_probability`: an open deadline's chance to be due within two working days of
    `today` (`threshold`, the last such day); `extra_probability`: an open referral's
    chance to have a second clock running."""

    def __init__(
        self, ctx, rng, out, *, today, threshold, due_probability, extra_probability, procedure
    ):
        from dispatch.services.deadlines import ACCEPT_POLICY, CONCLUDE_POLICY, EXTENSION_POLICY

        self.ctx, self.rng, self.out, self.procedure = ctx, rng, out, procedure
        self.today, self.threshold = today, threshold
        self.due_probability, self.extra_probability = due_probability, extra_probability
        self.accept_policy, self.conclude_policy = ACCEPT_POLICY, CONCLUDE_POLICY
        self.second_policy = {  # a second clock an open referral may have running
            kind: EXTENSION_POLICY.get(code) for kind, code in CONCLUDE_POLICY.items()
        }
        self.second_policy.update(work_injury="injury.decide_simple", legal_aid="penalty.serve")

    def desks_for(self, category: str) -> list[tuple[str, object]]:
        """(desk kind, rule) by the routing rules; 6% with an extra desk (no rule)."""
        rule = self.ctx.rule_for_category.get(category) or self.ctx.default_rule
        desks = [(kind, rule) for kind in (rule.desks if rule else ["inspection"])]
        if self.rng.random() < 0.06:
            extra = self.rng.choice(["arbitration", "legal_aid"])
            if extra not in [kind for kind, _rule in desks]:
                desks.append((extra, None))
        return desks

    def write(self, case: CaseFacts, ending) -> None:
        """The case's referrals; the first inspection referral of a filed case may carry
        the inspection procedure (`procedure.ProcedureWriter`), its clocks among its own."""
        ctx, office = self.ctx, case.office
        worked = False
        for kind, rule in case.desks:
            referral_id = self.out.new_id(ReferralRow)
            officer = ctx.inspector_of[office.pk]
            if office.code == "xiling" and kind != "inspection" and self.rng.random() < 0.4:
                officer = ctx.users["deskofficer"]
            status, closing_step = REFERRAL_STATE.get(case.status, ENDED_REFERRAL)
            reason = f"rule:{rule.name}" if rule else "intake"
            # Its deadlines first: the referral row stores its next open one (next_due.py).
            next_due, next_deadline = self.write_deadlines(referral_id, kind, case)
            if kind == "inspection" and not worked and self.procedure.applies(case):
                worked = True
                running = self.procedure.write(case, ending, referral_id, officer)
                next_due, next_deadline = min(
                    [*running, (next_due, next_deadline)] if next_due else running,
                    default=(None, None),
                )
            row = ReferralRow(
                id=referral_id,
                status=status,
                reason=reason[:300],
                created_at=case.moment + timedelta(seconds=2),
                closed_at=case.steps.get(closing_step) if closing_step else None,
                case_id=case.id,
                desk_id=ctx.desks[(office.pk, kind)],
                officer_id=officer.pk,
                rule_id=rule.pk if rule else None,
                next_due=next_due,
                next_deadline_id=next_deadline,
            )
            self.out.add(row)
            self.out.summary.referrals += 1

    def write_deadlines(self, referral_id: int, kind: str, case: CaseFacts) -> tuple:
        """Write the referral's deadlines; its next open one as (due, id), or (None, None)."""
        status, steps, running = case.status, case.steps, []
        accept = self.ctx.policies[self.accept_policy[kind]]
        conclude = self.ctx.policies[self.conclude_policy[kind]]
        start = local_day(case.moment)
        accepted = "accept" in steps
        late = self.rng.random() < 0.12  # closed late: overdue was marked before it was met
        ended_at = steps.get("end") or steps.get("resolve")
        accept_end = steps["accept"] if accepted else ended_at
        if accept_end is not None:
            reason = "met" if accepted else "case_ended"
            self.closed_deadline(referral_id, accept, start, accept_end, reason, late, case.moment)
        else:
            running.append(self.open_deadline(referral_id, accept, start, case.moment))
        if not accepted:
            return min(running, default=(None, None))
        begin = local_day(steps["accept"])
        if status in OPEN and status != "resolved":
            running.append(self.open_deadline(referral_id, conclude, begin, steps["accept"]))
            second = self.ctx.policies.get(self.second_policy.get(kind) or "")
            if second is not None and self.rng.random() < self.extra_probability:
                running.append(self.open_deadline(referral_id, second, begin, steps["accept"]))
        else:
            end = steps.get("resolve") or steps.get("end")
            reason = "met" if status in ("resolved", "closed") else "case_ended"
            self.closed_deadline(referral_id, conclude, begin, end, reason, late, steps["accept"])
        return min(running, default=(None, None))

    def closed_deadline(self, referral_id, policy, start, closed, reason, late, created) -> None:
        due = start + timedelta(days=policy.limit if policy.unit == "d" else policy.limit * 7 // 5)
        row = DeadlineRow(
            id=self.out.new_id(DeadlineRow),
            start=start,
            due=due,
            created_at=created,
            overdue_at=utc_midnight(due + timedelta(days=1)) if late else None,
            closed_at=closed,
            closed_reason=reason,
            policy_id=policy.pk,
            referral_id=referral_id,
        )
        self.out.add(row)
        self.out.summary.deadlines += 1

    def open_deadline(self, referral_id, policy, start: date, created: datetime) -> tuple:
        """An open clock: 1% of N due within two working days of today, the rest later.

        Returns (due, id), what the referral's stored next deadline is chosen by.
        """
        rng, today = self.rng, self.today
        overdue_at, paused = None, None
        if rng.random() < self.due_probability:
            due = today + timedelta(days=rng.randint(-6, 0))
            due = max(due, start)
            if due > self.threshold:
                due = self.threshold
            if due < today - timedelta(days=1) and rng.random() < 0.5:
                overdue_at = utc_midnight(due + timedelta(days=1))
            self.out.summary.due_deadlines += 1
        else:
            due = max(self.threshold + timedelta(days=rng.randint(1, 90)), start)
            if rng.random() < 0.02:
                paused = today - timedelta(days=rng.randint(1, 30))
        row = DeadlineRow(
            id=self.out.new_id(DeadlineRow),
            start=min(start, due),
            due=due,
            created_at=created,
            paused_on=paused,
            pause_reason="等待工伤认定结论" if paused else "",
            overdue_at=overdue_at,
            policy_id=policy.pk,
            referral_id=referral_id,
        )
        self.out.add(row)
        self.out.summary.deadlines += 1
        self.out.summary.open_deadlines += 1
        return due, row.id
