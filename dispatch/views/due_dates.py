"""The deadline calculator: a due date from a policy and a start date."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from dispatch.due_dates import compute_due
from dispatch.forms.due_dates import DueDateForm


@login_required
def due_date_calculator(request):
    form = DueDateForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        policy = form.cleaned_data["policy"]
        result = {"policy": policy, "due": compute_due(policy, form.cleaned_data["start"])}
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "dispatch/calculator.html", {"form": form, "result": result}, status=status
    )
