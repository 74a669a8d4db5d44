"""Consultations: logged in seconds at the window, listed for the office."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.roles import Role
from complaints import services
from complaints.forms import ConsultationForm
from complaints.selectors.visibility import consultations_visible_to
from complaints.views.common import role_required, run_service

CONSULTATION_ROLES = (Role.WINDOW, Role.INSPECTOR, Role.SUPERVISOR)


@role_required(*CONSULTATION_ROLES)
def consultation_list(request):
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        logged = run_service(
            form, lambda: services.consultation_log(actor=request.user, **form.cleaned_data)
        )
        if logged:
            messages.success(request, _("Consultation logged."))
            return redirect("complaints:consultation_list")
    consultations = consultations_visible_to(user=request.user)
    page = Paginator(consultations, 50).get_page(request.GET.get("page"))
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "complaints/consultations.html", {"form": form, "page": page}, status=status
    )
