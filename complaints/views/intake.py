"""The window: register a walk-in, join a group complaint, print the registration receipt."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext

from accounts.roles import Role
from complaints import services
from complaints.forms import ComplainantFormSet, IntakeForm
from complaints.models import Case, IntakeSubmission
from complaints.paste import read_paste
from complaints.selectors.search import possible_duplicates
from complaints.selectors.visibility import case_visible_to
from complaints.views.common import role_required, run_service, visible_case_or_404

INTAKE_ROLES = (Role.WINDOW, Role.INSPECTOR, Role.SUPERVISOR)
EXTRA_ROWS = 5
MAX_ROWS = 200


def _receipt(case: Case):
    return redirect(reverse("complaints:receipt", args=[case.ticket]))


def _render(request, form, formset, duplicates=(), status=200, paste_preview=None):
    known = form.known_employer()
    context = {
        "form": form,
        "formset": formset,
        # Set once per employer: a recorded employer's industry is shown, not asked again.
        "known_industry": known.get_industry_display() if known and known.industry else "",
        "duplicates": duplicates,
        # What the paste box holds, read as registering would read it.
        "paste": paste_preview or form.paste_result,
        "paste_preview": paste_preview is not None,
    }
    return render(request, "complaints/intake.html", context, status=status)


def _receipt_with_pasted(request, case: Case, form):
    count = len(form.pasted)
    if count:
        message = ngettext(
            "%(count)s worker from the paste box was added to %(ticket)s.",
            "%(count)s workers from the paste box were added to %(ticket)s.",
            count,
        )
        messages.success(request, message % {"count": count, "ticket": case.ticket})
    return _receipt(case)


def _redisplay(request, *, extra_rows: int, preview: bool = False):
    """Re-show the form as typed, unchecked and unsaved (works without JavaScript): with
    `extra_rows` empty worker rows added, or with the paste box read for a preview."""
    data = request.POST.copy()
    prefix = "form"
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", "0"))
    except ValueError:
        total = 0
    total = max(0, min(total, MAX_ROWS - extra_rows))
    form = IntakeForm(initial={key: data.get(key) for key in IntakeForm.base_fields})
    for key in ("missing_materials", "requested_desks"):  # the fields with several values
        form.initial[key] = data.getlist(key)
    formset = ComplainantFormSet(
        initial=_rows(data, prefix, total),
        form_kwargs={"migrant_default": form.migrant_default()},
    )
    formset.extra = extra_rows or (0 if total else ComplainantFormSet.extra)
    paste = read_paste(data.get("paste", "")) if preview else None
    return _render(request, form, formset, paste_preview=paste)


def _rows(data, prefix: str, total: int) -> list[dict]:
    """The worker rows typed so far, as initial values (unbound: no errors shown yet)."""
    names = (
        "name",
        "phone",
        "id_number",
        "sex",
        "owed_amount",
        "address",
        "is_representative",
        "is_migrant_worker",
    )
    return [
        {name: data.get(f"{prefix}-{index}-{name}", "") for name in names} for index in range(total)
    ]


def _rows_formset(form, data=None):
    """The worker rows; new ones start with the migrant-worker mark the case suggests."""
    return ComplainantFormSet(data, form_kwargs={"migrant_default": form.migrant_default()})


@role_required(*INTAKE_ROLES)
def intake(request):
    if request.method != "POST":
        form = IntakeForm()
        return _render(request, form, _rows_formset(form))
    if "more_rows" in request.POST:
        return _redisplay(request, extra_rows=EXTRA_ROWS)
    if "preview_paste" in request.POST:
        return _redisplay(request, extra_rows=0, preview=True)
    form = IntakeForm(request.POST)
    formset = _rows_formset(form, request.POST)
    form_valid, rows_valid = form.is_valid(), formset.is_valid()  # both: every error at once
    if not (form_valid and rows_valid):
        form.add_must_have_errors(formset)
        return _render(request, form, formset, status=400)
    previous = IntakeSubmission.objects.filter(token=form.cleaned_data["token"]).first()
    if previous is not None:  # a double-clicked or resent form
        return _receipt(previous.case)
    complainants = formset.complainants() + form.pasted
    decision = request.POST.get("duplicate_decision", "")
    if decision.startswith("join:"):
        return _join(request, form, formset, complainants, decision.removeprefix("join:"))
    if decision != "new":
        data = form.cleaned_data
        duplicates = list(
            possible_duplicates(
                employer_name=data["employer_name"],
                credit_code=data["employer_credit_code"],
                site=data["site"],
            )
        )
        for duplicate in duplicates:
            duplicate.joinable = case_visible_to(user=request.user, case=duplicate)
        if duplicates:
            return _render(request, form, formset, duplicates=duplicates)
    result = {}

    def register():
        result["intake"] = services.case_register(
            actor=request.user, complainants=complainants, **form.case_kwargs()
        )

    if not run_service(form, register):
        return _render(request, form, formset, status=400)
    return _receipt_with_pasted(request, result["intake"].case, form)


def _join(request, form, formset, complainants, ticket):
    case = visible_case_or_404(request, ticket)
    done = run_service(
        form,
        lambda: services.case_add_complainants(
            case=case,
            actor=request.user,
            complainants=complainants,
            token=form.cleaned_data["token"],
            account=form.cleaned_data["description"],
        ),
    )
    if not done:
        return _render(request, form, formset, status=400)
    return _receipt_with_pasted(request, case, form)


@login_required
def receipt(request, ticket):
    """The complaint registration receipt (投诉登记回执): registration, not acceptance.

    The worker's proof of the day the complaint was made and of what was claimed (a
    complaint to the bureau interrupts the arbitration limitation period, 劳动争议调解仲裁法
    Art. 27 para. 2), in the registering office's name. The desks and their time limits are
    the "receipt" panels (complaints/panels.py) that dispatch registers.
    """
    case = visible_case_or_404(request, ticket)
    responder = case.first_responder
    office_phone = (responder.office.phone if responder.office else "") or settings.BUREAU_HOTLINE
    context = {
        "case": case,
        "office": case.registering_office,
        "responder": responder,
        "office_phone": office_phone,
        "hotline": settings.BUREAU_HOTLINE,
        "track_url": f"{settings.PUBLIC_BASE_URL}/track/",
        # The one-time list of what is still wanted (一次性告知), as ticked at intake.
        "materials_wanted": [
            material for material in case.missing_materials.all() if material.collected_at is None
        ],
    }
    return render(request, "complaints/receipt.html", context)
