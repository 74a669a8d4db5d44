"""The employer page: every case against one employer, across offices, open and ended."""

from django.shortcuts import get_object_or_404, render

from accounts.roles import Role
from complaints.models import Employer
from complaints.pagination import CappedPaginator
from complaints.selectors.employers import (
    employer_cases_elsewhere,
    employer_cases_for,
    employer_records,
    employer_totals,
)
from complaints.views.common import role_required

PAGE_SIZE = 50


@role_required(*Role.values)
def employer_detail(request, pk):
    employer = get_object_or_404(Employer, pk=pk)
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
    }
    return render(request, "complaints/employer_detail.html", context)
