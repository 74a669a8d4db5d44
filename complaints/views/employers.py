"""The employer page: every case against one employer, across offices, open and ended."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role
from complaints.employer_flags import employer_flags_for
from complaints.forms import IndustryForm
from complaints.models import Employer
from complaints.pagination import CappedPaginator
from complaints.selectors.employers import (
    employer_cases_elsewhere,
    employer_cases_for,
    employer_records,
    employer_roles,
    employer_totals,
)
from complaints.services.dimensions import employer_set_industry, may_set_industry
from complaints.views.common import role_required, run_service

PAGE_SIZE = 50


def _render(request, employer, industry_form=None, status=200):
    cases = employer_cases_for(user=request.user, employer=employer)
    context = {
        "employer": employer,
        "other_records": [
            record for record in employer_records(employer=employer) if record.pk != employer.pk
        ],
        "totals": employer_totals(employer=employer),
        "elsewhere": employer_cases_elsewhere(user=request.user, employer=employer),
        "page": CappedPaginator(cases, PAGE_SIZE).get_page(request.GET.get("page")),
        "query": "",
        "industry_form": industry_form or IndustryForm(initial={"industry": employer.industry}),
        "may_set_industry": may_set_industry(employer=employer, user=request.user),
        "flags": employer_flags_for(employer=employer, user=request.user),
        "roles": employer_roles(user=request.user, employer=employer),
    }
    return render(request, "complaints/employer_detail.html", context, status=status)


@role_required(*Role.values)
def employer_detail(request, pk):
    return _render(request, get_object_or_404(Employer, pk=pk))


@role_required(*Role.values)
@require_POST
def employer_industry(request, pk):
    """Set the employer's industry (once; a supervisor changes a set one)."""
    employer = get_object_or_404(Employer, pk=pk)
    form = IndustryForm(request.POST)
    if form.is_valid() and run_service(
        form,
        lambda: employer_set_industry(
            employer=employer, actor=request.user, industry=form.cleaned_data["industry"]
        ),
    ):
        messages.success(request, _("Industry saved."))
        return redirect("complaints:employer_detail", pk=pk)
    return _render(request, employer, industry_form=form, status=400)
