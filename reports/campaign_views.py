"""The campaign report (reports/campaigns.py): the page and its workbook, for the
dashboard's users only."""

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from config import clock
from reports.access import may_see_dashboard
from reports.campaign_forms import CampaignReportForm, bound_form
from reports.campaigns import campaign_table, definitions
from reports.exports.writers import write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _supervisors_only(request) -> None:
    if not may_see_dashboard(request.user):
        raise PermissionDenied


@login_required
def campaign_report(request):
    _supervisors_only(request)
    form = bound_form(request)
    context = {"form": form, "definitions": definitions()}
    valid = form is not None and form.is_valid()
    if valid:
        campaign, office = form.cleaned_data["campaign"], form.cleaned_data["office"]
        context.update(
            campaign=campaign,
            office=office,
            table=campaign_table(campaign, office, clock.today()),
            query=f"campaign={campaign.pk}&office={office.pk}",
        )
    return render(
        request,
        "reports/campaign_report.html",
        context,
        status=400 if form is not None and not valid else 200,
    )


@login_required
def campaign_report_xlsx(request):
    """The weekly table, then each column's definition on a second sheet."""
    _supervisors_only(request)
    form = CampaignReportForm(request.GET, user=request.user)
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors.as_text())
    campaign, office = form.cleaned_data["campaign"], form.cleaned_data["office"]
    table = campaign_table(campaign, office, clock.today())
    sheets = [
        (_("Weekly report"), table.columns, table.export_rows()),
        (
            _("Definitions"),
            [_("Column"), _("Definition")],
            [list(map(str, d)) for d in definitions()],
        ),
    ]
    binary = io.BytesIO()
    write_xlsx(binary, sheets, in_memory=True)
    response = HttpResponse(binary.getvalue(), content_type=XLSX)
    name = f"campaign-{campaign.pk}-{office.code}-{clock.today()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
