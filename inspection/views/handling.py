"""The page of the administrative handling decision (行政处理决定书): the served orders of
the case to choose from, the rate of 加付赔偿金, the period to comply. The service decides
whether the decision may be taken (inspection/services/handling.py)."""

from django.contrib.auth.decorators import login_required

from inspection.forms.handling import HandlingDecisionForm
from inspection.models import StepKind
from inspection.services.handling import handling_decision_issue
from inspection.views.investigation import act_page


@login_required
def handling_decision(request, ticket):
    return act_page(
        request,
        ticket,
        kind=StepKind.HANDLING_DECISION,
        form_class=HandlingDecisionForm,
        service=handling_decision_issue,
        template="inspection/handling_decision.html",
    )
