"""Which outcomes may end a case at the stage it has reached.

Before filing (立案) a complaint ends only on the acceptance decision's grounds (not
accepted: out of time, not a labor matter, ...); after filing only as an investigated case
ends (paid in full, ordered by decision, penalty, transferred to the police, ...). A filed
case cannot close as "not accepted: out of time". The stage is data on each `Outcome`
(docs/statutory-time-limits.md "Outcomes"); the close form, the API and `case_close` read
it here, and the acceptance decision takes its grounds from here too.
"""

from django.db.models import QuerySet

from complaints.models import Outcome, OutcomeStage

# Recorded by their own action, never chosen from a list: a withdrawal before filing
# (`case_withdraw`), a merger (`case_merge`), the head's decision to cancel the filing
# (`case_cancel_filing`, 劳动保障监察条例 Art. 18 (3)), and the bureau's own cancellation
# (`case_cancel_filing_by_bureau`, approved by the head on the cancellation form).
WITHDRAWN = "withdrawn"
MERGED = "merged"
FILING_CANCELLED = "filing_cancelled"
FILING_CANCELLED_BY_BUREAU = "filing_cancelled_by_bureau"
RECORDED_BY_OWN_ACTION = frozenset(
    {WITHDRAWN, MERGED, FILING_CANCELLED, FILING_CANCELLED_BY_BUREAU}
)


def outcomes_for_stage(stage: str) -> QuerySet[Outcome]:
    """The active outcomes a person may choose to end a case at `stage` (an
    `OutcomeStage`): those of that stage or of either stage, in the list's order."""
    return (
        Outcome.objects.filter(is_active=True, stage__in=[stage, OutcomeStage.ANY])
        .exclude(code__in=RECORDED_BY_OWN_ACTION)
        .order_by("ordering", "code")
    )


def outcome_fits_stage(outcome: Outcome, stage: str) -> bool:
    """Whether a person may end a case at `stage` with `outcome` (what
    `outcomes_for_stage` lists, checked on one row)."""
    return (
        outcome.is_active
        and outcome.stage in (stage, OutcomeStage.ANY)
        and outcome.code not in RECORDED_BY_OWN_ACTION
    )
