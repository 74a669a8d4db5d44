"""Pages of the penalty path: the advance notice, the party's defence or hearing, the
decision. Thin, as the investigation's pages (inspection/views/investigation.py `act_page`):
the form on GET, the service on POST, back to the case page with a message; a refusal is
shown on the form."""

from django.contrib.auth.decorators import login_required

from inspection.forms.penalty import HearingForm, PenaltyDecisionForm, PenaltyNoticeForm
from inspection.models import StepKind
from inspection.services import penalty
from inspection.views.investigation import act_page

TEMPLATE = "inspection/penalty_form.html"


@login_required
def penalty_notice(request, ticket):
    return act_page(
        request,
        ticket,
        kind=StepKind.PENALTY_NOTICE,
        form_class=PenaltyNoticeForm,
        service=penalty.penalty_notice_issue,
        template=TEMPLATE,
    )


@login_required
def hearing(request, ticket):
    return act_page(
        request,
        ticket,
        kind=StepKind.HEARING,
        form_class=HearingForm,
        service=penalty.hearing_record,
        template=TEMPLATE,
    )


@login_required
def penalty_decision(request, ticket):
    return act_page(
        request,
        ticket,
        kind=StepKind.PENALTY_DECISION,
        form_class=PenaltyDecisionForm,
        service=penalty.penalty_decision_issue,
        template=TEMPLATE,
    )
