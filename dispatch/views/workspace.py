"""The officers' workspace pages: "My cases", the desk queue, and their POST actions.

Thin views: the selectors choose and scope the rows, the services write. Every action is
a plain POST form that redirects back (to a `next` on this site, else the list), so the
pages work without JavaScript.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints.pagination import CappedPaginator
from complaints.views.common import form_errors_as_messages, role_required, run_service
from config import clock
from dispatch import services
from dispatch.forms.workspace import (
    NOT_FILTERS,
    BulkForm,
    BulkReassignForm,
    ReturnForm,
    SavedFilterForm,
    WorkspaceFilterForm,
)
from dispatch.models import FilterPage
from dispatch.selectors import workspace as selectors
from dispatch.services.workspace import (
    referrals_reassign,
    referrals_take,
    saved_filter_delete,
    saved_filter_save,
)
from dispatch.views.referrals import visible_referral_or_404

PAGE_SIZE = 25

LIST_URLS = {
    FilterPage.MY_CASES: "dispatch:my_cases",
    FilterPage.DESK_QUEUE: "dispatch:desk_queue",
    FilterPage.CASE_LIST: "complaints:case_list",
}


def _list_url(page: str) -> str:
    return reverse(LIST_URLS.get(page, "dispatch:my_cases"))


def _may_use_queue(user) -> bool:
    return user.has_role(*selectors.OFFICER_ROLES) or user.desks.exists()


def _back(request, fallback: str):
    """Redirect to the form's `next` when it is a path on this site, else to `fallback`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def _list_page(request, *, page_name: str, rows, form, template: str, waiting=False, **extra):
    today = clock.today()
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_clocks(page.object_list, today=today)
    if waiting:
        page.object_list = selectors.with_waiting(page.object_list)
    query = request.GET.copy()
    for key in NOT_FILTERS:
        query.pop(key, None)
    is_supervisor = selectors.is_supervisor(request.user)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "list_page": page_name,
        "saved_filters": selectors.saved_filters_for(user=request.user, page=page_name),
        "save_form": SavedFilterForm(initial={"page": page_name, "query": query.urlencode()}),
        "is_supervisor": is_supervisor,
        "officers": selectors.reassign_officers_for(user=request.user) if is_supervisor else [],
        "here": request.get_full_path(),
        **extra,
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, context, status=status)


@role_required(*selectors.OFFICER_ROLES)
def my_cases(request):
    form = WorkspaceFilterForm(request.GET or None, user=request.user, page=FilterPage.MY_CASES)
    rows = selectors.my_cases_for(user=request.user, filters=form.filters(), today=clock.today())
    return _list_page(
        request,
        page_name=FilterPage.MY_CASES,
        rows=rows,
        form=form,
        template="dispatch/workspace/my_cases.html",
        waiting=True,
    )


@login_required
def desk_queue(request):
    if not _may_use_queue(request.user):
        raise PermissionDenied
    form = WorkspaceFilterForm(request.GET or None, user=request.user, page=FilterPage.DESK_QUEUE)
    rows = selectors.desk_queue_for(user=request.user, filters=form.filters(), today=clock.today())
    return _list_page(
        request,
        page_name=FilterPage.DESK_QUEUE,
        rows=rows,
        form=form,
        template="dispatch/workspace/desk_queue.html",
    )


@login_required
@require_POST
def queue_accept(request, referral_id: int):
    referral = visible_referral_or_404(request, referral_id)
    form = forms.Form({})
    form.is_valid()  # an empty form, to carry the service's refusal back as an error
    if run_service(form, lambda: services.referral_accept(referral=referral, actor=request.user)):
        messages.success(request, _("%(ticket)s accepted.") % {"ticket": referral.case.ticket})
    else:
        form_errors_as_messages(request, form)
    return _back(request, "dispatch:desk_queue")


@login_required
@require_POST
def queue_return(request, referral_id: int):
    referral = visible_referral_or_404(request, referral_id)
    form = ReturnForm(request.POST)
    if form.is_valid() and run_service(
        form,
        lambda: services.referral_return(
            referral=referral, actor=request.user, reason=form.cleaned_data["reason"]
        ),
    ):
        messages.success(request, _("%(ticket)s returned.") % {"ticket": referral.case.ticket})
    else:
        form_errors_as_messages(request, form)
    return _back(request, "dispatch:desk_queue")


def _report_bulk(request, outcome) -> None:
    if outcome.done:
        messages.success(request, _("%(count)s referral(s) done.") % {"count": len(outcome.done)})
    for failure in outcome.failures:
        messages.error(
            request,
            _("Not done: %(referral)s: %(reason)s")
            % {"referral": failure.label, "reason": failure.reason},
        )


@login_required
@require_POST
def bulk_take(request):
    form = BulkForm(request.POST)
    if form.is_valid():
        _report_bulk(
            request,
            referrals_take(referral_ids=form.cleaned_data["referral"], actor=request.user),
        )
    else:
        form_errors_as_messages(request, form)
    return _back(request, "dispatch:desk_queue")


@login_required
@require_POST
def bulk_reassign(request):
    if not selectors.is_supervisor(request.user):
        raise PermissionDenied
    form = BulkReassignForm(
        request.POST, officers=selectors.reassign_officers_for(user=request.user)
    )
    if form.is_valid():
        outcome = referrals_reassign(
            referral_ids=form.cleaned_data["referral"],
            officer=form.cleaned_data["officer"],
            actor=request.user,
        )
        _report_bulk(request, outcome)
    else:
        form_errors_as_messages(request, form)
    return _back(request, "dispatch:my_cases")


@login_required
@require_POST
def saved_filter_create(request):
    form = SavedFilterForm(request.POST)
    page = request.POST.get("page", "")
    saved = []
    if form.is_valid() and run_service(
        form, lambda: saved.append(saved_filter_save(user=request.user, **form.cleaned_data))
    ):
        messages.success(request, _("Filter saved."))
        return redirect(f"{_list_url(page)}?{saved[0].query}")
    form_errors_as_messages(request, form)
    return redirect(f"{_list_url(page)}?{request.POST.get('query', '')}")


@login_required
@require_POST
def saved_filter_remove(request, saved_filter_id: int):
    form = forms.Form({})
    form.is_valid()
    if run_service(
        form, lambda: saved_filter_delete(user=request.user, saved_filter_id=saved_filter_id)
    ):
        messages.success(request, _("Saved filter deleted."))
    else:
        raise Http404
    return _back(request, "dispatch:my_cases")
