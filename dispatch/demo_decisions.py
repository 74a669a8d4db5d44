"""The demo's acceptance decisions (受理), every ground shown: proposed by the inspector of
the case's office and approved by its head of inspection (立案审批), or sent back first;
not accepted out of time or as not a matter for inspection; asked to complete
(告知补正), some completed and then accepted; another office's territory (a transfer).

A mixin of the demo seeder (management/commands/seed_demo.py): each `do_<step>` runs
inside `clock.frozen_at(its moment)` like the seeder's other steps.
"""

from complaints import services as complaints
from complaints.models import Ground, Status
from complaints.services import acceptance
from complaints.services.acceptance import Proposal
from config import clock
from dispatch import demo_data as data
from dispatch import services as dispatch

# What a registered case of the demo is left at, in turn, so every state shows.
REGISTERED_ENDINGS = (["propose"], ["ask_to_complete"], ["send_back"], [])


class DecisionSteps:
    """Needs the seeder's `rng`, `users`, `inspector(case)`, `districts`, `outcomes`."""

    def decision_steps(self, plan, steps: list[str]) -> list[str]:
        if plan.status == Status.REGISTERED:
            self.registered_seen = getattr(self, "registered_seen", 0) + 1
            return steps + REGISTERED_ENDINGS[self.registered_seen % len(REGISTERED_ENDINGS)]
        if "accept" in steps and self.rng.random() < 0.1:
            at = steps.index("accept")
            steps[at:at] = ["ask_to_complete", "completed"]
        return steps

    def head(self, case):
        return self.users[data.HEAD_OF[case.responsible_office.code]]

    def decide(self, case, proposal: Proposal):
        """The inspector proposes, the head approves: two acts, one moment."""
        proposed = acceptance.decision_propose(
            case=case, actor=self.inspector(case), proposal=proposal
        )
        return acceptance.decision_approve(decision=proposed, actor=self.head(case)).case

    def do_accept(self, case, previous, target):
        case = self.decide(
            case, Proposal(ground=Ground.ACCEPT, reason=self.rng.choice(data.ACCEPT_NOTES))
        )
        self.accept_referrals(case)
        return case

    def do_not_accept(self, case, previous, target):
        self.not_accepted_seen = getattr(self, "not_accepted_seen", 0) + 1
        decisions = data.NOT_ACCEPT_DECISIONS
        ground, reason, route = decisions[self.not_accepted_seen % len(decisions)]
        return self.decide(case, Proposal(ground=ground, reason=reason, route=route))

    def do_propose(self, case, previous, target):
        proposal = Proposal(ground=Ground.ACCEPT, reason=self.rng.choice(data.ACCEPT_NOTES))
        acceptance.decision_propose(case=case, actor=self.inspector(case), proposal=proposal)
        return case

    def do_send_back(self, case, previous, target):
        proposal = Proposal(ground=Ground.OUT_OF_TIME, reason=data.OUT_OF_TIME_PROPOSAL)
        proposed = acceptance.decision_propose(
            case=case, actor=self.inspector(case), proposal=proposal
        )
        acceptance.decision_send_back(
            decision=proposed, actor=self.head(case), reason=data.SENT_BACK_REASON
        )
        return case

    def do_ask_to_complete(self, case, previous, target):
        missing = self.rng.choice(data.COMPLETION_REQUESTS)
        return self.decide(case, Proposal(ground=Ground.COMPLETE, missing=missing))

    def do_completed(self, case, previous, target):
        acceptance.complaint_completed(
            case=case, actor=case.first_responder, received_on=clock.today()
        )
        return case

    def do_transfer(self, case, previous, target):
        """Another office's territory: before the decision on acceptance the deciding
        office says so in writing and transfers it; after it, a plain transfer."""
        office = self.rng.choice([o for o in self.districts if o.pk != case.responsible_office_id])
        reason = data.TRANSFER_REASON.format(office=office.name)
        if case.status == Status.REGISTERED:
            proposal = Proposal(ground=Ground.OTHER_OFFICE, reason=reason, to_office=office)
            case = self.decide(case, proposal)
        else:
            case = complaints.case_transfer(
                case=case, actor=self.inspector(case), to_office=office, reason=reason
            )
        dispatch.case_route(case_id=case.pk)
        return case
