"""The filing (立案) and its approval form (立案审批表).

The head's decision to accept a complaint is the filing, the same day (关于实施《劳动保障
监察条例》若干规定 Art. 18): when it is taken, the approval form is issued at once with the
proposer's reasons and the head's approval, and the filing step is recorded as approved.
This runs inside the acceptance decision's transaction (complaints/hooks.py).
"""

from django.utils.translation import gettext_lazy as _

from complaints.documents.content import Section, document_language
from complaints.models import (
    AcceptanceDecision,
    DeskKind,
    DocumentKind,
    Ground,
    IssuedDocument,
)
from complaints.services.documents import document_issue
from dispatch.models import OPEN_REFERRAL_STATUSES, Referral
from inspection.documents import base_content
from inspection.models import Step, StepKind, StepStatus


def _filing_content(decision: AcceptanceDecision):
    case = decision.case
    proposer = decision.proposed_by
    head = decision.decided_by
    return base_content(
        case=case,
        office=decision.office,
        title=_("Filing approval form"),
        sections=[
            Section(heading=_("Summary of the complaint"), paragraphs=[case.description]),
            Section(
                heading=_("Opinion of the officer in charge"),
                paragraphs=[
                    decision.reason or _("The complaint meets the conditions for filing."),
                    _("Proposed by %(name)s on %(date)s.")
                    % {"name": proposer.display_name, "date": f"{decision.proposed_at:%Y-%m-%d}"},
                ],
            ),
            Section(
                heading=_("Approval of the head of the inspection body"),
                paragraphs=[
                    _("Approved: file the case. %(name)s, %(date)s.")
                    % {"name": head.display_name, "date": f"{decision.decided_at:%Y-%m-%d}"}
                ],
            ),
        ],
    )


def on_acceptance_decided(*, decision: AcceptanceDecision) -> None:
    """Record the filing and issue its approval form when the decision is to accept."""
    if decision.ground != Ground.ACCEPT:
        return
    if Step.objects.filter(case=decision.case, kind=StepKind.FILING).exists():
        return  # an earlier filing stands (a case accepted again after reopening)
    referral = (
        Referral.objects.filter(
            case=decision.case, desk__kind=DeskKind.INSPECTION, status__in=OPEN_REFERRAL_STATUSES
        )
        .order_by("id")
        .first()
    )
    with document_language():  # its sentences are filled in now, in the document's language
        content = _filing_content(decision)
    document: IssuedDocument = document_issue(
        case=decision.case,
        office=decision.office,
        kind=DocumentKind.FILING,
        content=content,
        actor=decision.decided_by,
        record_event=False,  # the acceptance's own event says the case was filed
    )
    step = Step(
        case=decision.case,
        referral=referral,
        kind=StepKind.FILING,
        status=StepStatus.APPROVED,
        document=document,
        created_by=decision.proposed_by,
        created_at=decision.proposed_at,
        decided_by=decision.decided_by,
        decided_at=decision.decided_at,
    )
    step.full_clean()
    step.save(force_insert=True)
    step.inspectors.set([decision.proposed_by])
