"""Pages of the investigation's acts: the inquiry notice, the inquiry record, the on-site
inspection record.

Thin: each finds the case through `visible_case_or_404` (404 for a case the user may not
see), shows its form (GET) or hands the form's data to one service (POST), and goes back to
the case page with a message; a refusal is shown on the form. The page says what the step
still needs (inspection.selectors.missing_for), the service refuses it all the same.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from complaints.views.common import run_service, visible_case_or_404
from dispatch.services.rectification import inspection_referral
from inspection.forms.investigation import (
    ExchangeFormSet,
    InquiryNoticeForm,
    InquiryRecordForm,
    SiteRecordForm,
)
from inspection.models import StepKind
from inspection.selectors import missing_for, procedure_state
from inspection.services import investigation

TEMPLATE = "inspection/investigation_form.html"


def act_office(case, user):
    """The office whose inspectors sign: the inspection desk's, else the user's."""
    referral = inspection_referral(case)
    return referral.desk.office if referral else user.office


def act_context(case, kind: str, **context) -> dict:
    return {
        "case": case,
        "kind": StepKind(kind),
        "missing": missing_for(procedure_state(case), kind),
        **context,
    }


def act_done(request, case, step):
    document = step.document
    if document is not None and document.number:
        message = _("%(title)s %(number)s issued.") % {
            "title": document.title,
            "number": document.number,
        }
    else:
        message = _("%(title)s recorded.") % {"title": StepKind(step.kind).label}
    messages.success(request, message)
    return redirect("complaints:case_detail", ticket=case.ticket)


def act_page(request, ticket, *, kind: str, form_class, service, template=TEMPLATE, **extra):
    """The form of one act: shown on GET; on POST the service is called with its data."""
    case = visible_case_or_404(request, ticket)
    office = act_office(case, request.user)
    form = form_class(request.POST or None, case=case, office=office, actor=request.user, **extra)
    if request.method == "POST":
        done = []
        if form.is_valid() and run_service(
            form,
            lambda: done.append(service(case=case, actor=request.user, **form.service_arguments())),
        ):
            return act_done(request, case, done[0])
        return render(request, template, act_context(case, kind, form=form), status=400)
    return render(request, template, act_context(case, kind, form=form))


@login_required
def inquiry_notice(request, ticket):
    return act_page(
        request,
        ticket,
        kind=StepKind.INQUIRY_NOTICE,
        form_class=InquiryNoticeForm,
        service=investigation.inquiry_notice_issue,
    )


@login_required
def site_record(request, ticket):
    return act_page(
        request,
        ticket,
        kind=StepKind.SITE_RECORD,
        form_class=SiteRecordForm,
        service=investigation.site_record_enter,
    )


RECORD_TEMPLATE = "inspection/investigation_record.html"


def _typed(request, prefix: str = "form") -> tuple[dict, list[dict]]:
    """The record's fields and the question rows typed so far, unchecked (to show them
    again with one more row: "Add a question" works without JavaScript)."""
    data = request.POST
    try:
        total = max(0, min(int(data.get(f"{prefix}-TOTAL_FORMS", "0")), 199))
    except ValueError:
        total = 0
    fields = {name: data.get(name) for name in InquiryRecordForm.base_fields}
    rows = [
        {key: data.get(f"{prefix}-{index}-{key}", "") for key in ("question", "answer")}
        for index in range(total)
    ]
    return fields, rows


@login_required
def inquiry_record(request, ticket):
    case = visible_case_or_404(request, ticket)
    office = act_office(case, request.user)
    kind = StepKind.INQUIRY_RECORD
    if request.method != "POST" or "add_question" in request.POST:
        fields, rows = _typed(request) if request.method == "POST" else ({}, [])
        form = InquiryRecordForm(initial=fields, case=case, office=office, actor=request.user)
        formset = ExchangeFormSet(initial=rows)
        formset.extra = 1 if rows else ExchangeFormSet.extra
        return render(request, RECORD_TEMPLATE, act_context(case, kind, form=form, formset=formset))
    form = InquiryRecordForm(request.POST, case=case, office=office, actor=request.user)
    formset = ExchangeFormSet(request.POST)
    done = []
    if all([form.is_valid(), formset.is_valid()]) and run_service(
        form,
        lambda: done.append(
            investigation.inquiry_record_enter(
                case=case,
                actor=request.user,
                exchanges=formset.exchanges(),
                **form.service_arguments(),
            )
        ),
    ):
        return act_done(request, case, done[0])
    context = act_context(case, kind, form=form, formset=formset)
    return render(request, RECORD_TEMPLATE, context, status=400)
