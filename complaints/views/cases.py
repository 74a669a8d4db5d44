"""The case list and the case page with the actions the workflow allows this user now."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints import services
from complaints.exceptions import DomainError
from complaints.forms import ACTION_FORMS, CaseFilterForm, DimensionsForm, NoteForm, PaymentForm
from complaints.pagination import CappedPaginator
from complaints.selectors.lists import case_list_for
from complaints.services.dimensions import case_set_dimensions
from complaints.views.case_page import render_case_page
from complaints.views.common import run_service, visible_case_or_404
from complaints.workflow import ALLOWED_TRANSITIONS, allowed_actions

PAGE_SIZE = 50


@login_required
def case_list(request):
    form = CaseFilterForm(request.GET or None)
    cases = case_list_for(user=request.user, filters=form.filters() if form.is_bound else {})
    page = CappedPaginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "complaints/case_list.html", context)


@login_required
def case_detail(request, ticket):
    return render_case_page(request, visible_case_or_404(request, ticket))


@login_required
@require_POST
def case_action(request, ticket, action):
    case = visible_case_or_404(request, ticket)
    form_class = ACTION_FORMS.get(action)
    if form_class is None:
        raise Http404
    form = form_class(request.POST, prefix=action)
    if form.is_valid() and run_service(form, lambda: form.perform(case=case, actor=request.user)):
        messages.success(request, _("Done: %(action)s.") % {"action": _label(action)})
        return redirect("complaints:case_detail", ticket=ticket)
    case = visible_case_or_404(request, ticket)
    if not any(item.action == action for item in allowed_actions(case=case, user=request.user)):
        for error in form.non_field_errors():
            messages.error(request, error)
        if not form.non_field_errors():  # refused before the service was asked
            messages.error(
                request,
                _("“%(action)s” is not open to you on this case now.") % {"action": _label(action)},
            )
        return redirect("complaints:case_detail", ticket=ticket)
    return render_case_page(request, case, bound_action=action, bound_form=form, status=400)


def _label(action: str) -> str:
    return str(ALLOWED_TRANSITIONS[action].label)


@login_required
@require_POST
def case_note(request, ticket):
    case = visible_case_or_404(request, ticket)
    form = NoteForm(request.POST)
    if form.is_valid() and run_service(
        form, lambda: services.case_add_note(case=case, actor=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("Note added."))
        return redirect("complaints:case_detail", ticket=ticket)
    return render_case_page(request, case, note_form=form, status=400)


@login_required
@require_POST
def material_collect(request, ticket, material_id):
    case = visible_case_or_404(request, ticket)
    material = get_object_or_404(case.missing_materials, pk=material_id)
    try:
        services.material_mark_collected(material=material, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("complaints:case_detail", ticket=ticket)


@login_required
@require_POST
def payment_add(request, ticket):
    case = visible_case_or_404(request, ticket)
    form = PaymentForm(request.POST, case=case)
    if form.is_valid() and run_service(
        form, lambda: services.payment_record(actor=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("Payment recorded."))
        return redirect("complaints:case_detail", ticket=ticket)
    return render_case_page(request, case, payment_form=form, status=400)


@login_required
@require_POST
def case_dimensions(request, ticket):
    """The construction and mass-incident-risk flags and each worker's migrant mark."""
    case = visible_case_or_404(request, ticket)
    form = DimensionsForm(request.POST, case=case, complainants=list(case.complainants.all()))
    if form.is_valid() and run_service(
        form,
        lambda: case_set_dimensions(case=case, actor=request.user, **form.service_kwargs()),
    ):
        messages.success(request, _("Case data saved."))
        return redirect("complaints:case_detail", ticket=ticket)
    return render_case_page(request, case, dimensions_form=form, status=400)
