"""Referral and deadline actions on a case, referring it to a desk, and the desks panel's poll."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from complaints.selectors.visibility import case_visible_to
from complaints.views.common import form_errors_as_messages, run_service, visible_case_or_404
from dispatch import services
from dispatch.forms.referrals import (
    ApplicationReceivedForm,
    NoteForm,
    ReasonForm,
    ReassignForm,
    ReferForm,
)
from dispatch.models import Deadline, Referral
from dispatch.panels import desks_panel_context


def visible_referral_or_404(request, referral_id) -> Referral:
    """A referral of a case the user may see, or assigned to them; else 404."""
    referral = get_object_or_404(
        Referral.objects.select_related("case", "desk", "desk__office"), pk=referral_id
    )
    if not (
        case_visible_to(user=request.user, case=referral.case)
        or referral.officer_id == request.user.pk
    ):
        raise Http404
    return referral


REFERRAL_ACTIONS = {
    "accept": (None, lambda r, user, data: services.referral_accept(referral=r, actor=user)),
    "start": (None, lambda r, user, data: services.referral_start(referral=r, actor=user)),
    "take": (None, lambda r, user, data: services.referral_take(referral=r, actor=user)),
    "finish": (
        NoteForm,
        lambda r, user, data: services.referral_finish(referral=r, actor=user, note=data["note"]),
    ),
    "return": (
        ReasonForm,
        lambda r, user, data: services.referral_return(
            referral=r, actor=user, reason=data["reason"]
        ),
    ),
    "reassign": (
        ReassignForm,
        lambda r, user, data: services.referral_reassign(
            referral=r, officer=data["officer"], actor=user
        ),
    ),
    "receive_application": (
        ApplicationReceivedForm,
        lambda r, user, data: services.referral_application_received(
            referral=r, actor=user, received_on=data["received_on"], materials=data["materials"]
        ),
    ),
}
# Forms whose choices are the desk's own (its officers, its checklist).
DESK_FORMS = (ReassignForm, ApplicationReceivedForm)


DEADLINE_ACTIONS = {
    "pause": (
        ReasonForm,
        lambda d, user, data: services.deadline_pause(
            deadline=d, actor=user, reason=data["reason"]
        ),
    ),
    "resume": (None, lambda d, user, data: services.deadline_resume(deadline=d, actor=user)),
    "extend": (
        ReasonForm,
        lambda d, user, data: services.deadline_extend(
            deadline=d, approver=user, reason=data["reason"]
        ),
    ),
}


DONE_MESSAGES = {
    "accept": _lazy("Referral accepted."),
    "start": _lazy("Work started."),
    "take": _lazy("The referral is yours now."),
    "finish": _lazy("The desk's part is done."),
    "return": _lazy("Referral returned."),
    "reassign": _lazy("Referral reassigned."),
    "receive_application": _lazy("Application recorded: the desk's time limit is running."),
    "pause": _lazy("Clock paused."),
    "resume": _lazy("Clock resumed."),
    "extend": _lazy("Extension approved."),
}


def _perform(request, ticket, target, action_table, action):
    if action not in action_table:
        raise Http404
    form_class, call = action_table[action]
    kwargs = {"desk": target.desk} if form_class in DESK_FORMS else {}
    form = (form_class or forms.Form)(request.POST, **kwargs)
    if form.is_valid() and run_service(form, lambda: call(target, request.user, form.cleaned_data)):
        messages.success(request, DONE_MESSAGES.get(action, _("Saved.")))
    else:
        form_errors_as_messages(request, form)
    return redirect("complaints:case_detail", ticket=ticket)


@login_required
@require_POST
def referral_action(request, referral_id, action):
    referral = visible_referral_or_404(request, referral_id)
    return _perform(request, referral.case.ticket, referral, REFERRAL_ACTIONS, action)


@login_required
@require_POST
def deadline_action(request, deadline_id, action):
    deadline = get_object_or_404(Deadline.objects.select_related("referral"), pk=deadline_id)
    referral = visible_referral_or_404(request, deadline.referral_id)
    return _perform(request, referral.case.ticket, deadline, DEADLINE_ACTIONS, action)


@login_required
@require_POST
def case_refer(request, ticket):
    case = visible_case_or_404(request, ticket)
    form = ReferForm(request.POST)
    if form.is_valid() and run_service(
        form,
        lambda: services.case_refer(
            case=case,
            desk_kind=form.cleaned_data["desk"],
            actor=request.user,
            reason=form.cleaned_data["reason"],
        ),
    ):
        messages.success(request, _("Referred."))
    else:
        form_errors_as_messages(request, form)
    return redirect("complaints:case_detail", ticket=ticket)


# The panel's answer while routing is pending ("routing"), then "routed" or "failed".
POLL_STATES = {"pending": "routing"}


@login_required
@require_GET
@never_cache
def case_desks(request, ticket):
    """The desks panel of a case page as JSON, for the page's poll while it is routed.

    Same visibility as the page (`case_get_for`), same context as its template tags.
    """
    case = visible_case_or_404(request, ticket)
    context = desks_panel_context(case=case, user=request.user)
    return JsonResponse(
        {
            "state": POLL_STATES.get(case.routing_state, case.routing_state),
            "panel": render_to_string("dispatch/case_referrals.html", context, request=request),
            "summary": render_to_string(
                "dispatch/_referral_summary.html", context, request=request
            ),
        }
    )
