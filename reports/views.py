"""Dashboard, monthly return and exports: thin views over reports' figures and services."""

import io
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from complaints.forms import CaseFilterForm
from reports import board_charts, services
from reports.access import may_see_dashboard
from reports.after_hours import DEFINITION as AFTER_HOURS_DEFINITION
from reports.after_hours import after_hours_intake
from reports.dashboard import TREND_MONTHS, build
from reports.definitions import DEFINITIONS
from reports.exports.writers import write_csv, write_xlsx
from reports.forms import DashboardForm, MonthlyReturnForm, bound_or_initial
from reports.models import ExportFormat, ExportJob, ExportStatus
from reports.settings import sync_rows

# Folded under their titles so the dashboard opens on its summary: the 24-month tables,
# and the wage-arrears return (the monthly return shows it open).
FOLDED_TABLES = frozenset({"trend", "desk_trend", "arrears"})

CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _supervisor(view):
    @login_required
    def wrapper(request, *args, **kwargs):
        if not may_see_dashboard(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@_supervisor
def dashboard(request):
    form = bound_or_initial(DashboardForm, request, user=request.user)
    context = {"form": form, "definitions": DEFINITIONS}
    if form.is_valid():
        board = build(form.cleaned_data["office"], form.period, dimensions=form.cleaned_data)
        context.update(
            board=board,
            query=request.GET.urlencode() or form_query(form),
            sections=[
                (table, charts, table.key in FOLDED_TABLES)
                for table, charts in board_charts.sections(board)
            ],
            trend_months=TREND_MONTHS,
            after_hours=after_hours_intake(
                form.cleaned_data["office"], form.period, dimensions=form.cleaned_data
            ),
            after_hours_definition=AFTER_HOURS_DEFINITION,
        )
    return render(
        request, "reports/dashboard.html", context, status=200 if form.is_valid() else 400
    )


def form_query(form) -> str:
    """The form's values as a query string (the filters left empty left out)."""
    values = {name: form[name].value() for name in form.fields}
    return urlencode({name: value for name, value in values.items() if value not in (None, "")})


def _file_response(content: bytes, file_format: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


def _tables_file(tables, file_format: str, name: str) -> HttpResponse:
    if file_format == ExportFormat.CSV:
        table = tables[0]
        text = io.StringIO()
        write_csv(text, table.columns, table.export_rows())
        return _file_response(text.getvalue().encode("utf-8"), file_format, name)
    binary = io.BytesIO()
    sheets = [(table.title, table.columns, table.export_rows()) for table in tables]
    write_xlsx(binary, sheets, in_memory=True)
    return _file_response(binary.getvalue(), file_format, name)


def _format(request) -> str:
    file_format = request.GET.get("format") or request.POST.get("format")
    if file_format not in ExportFormat.values:
        raise Http404
    return file_format


@_supervisor
def dashboard_export(request):
    """The dashboard's tables: one table as CSV (?table=), or every table as Excel sheets."""
    file_format = _format(request)
    form = DashboardForm(request.GET, user=request.user)
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors.as_text())
    board = build(form.cleaned_data["office"], form.period, dimensions=form.cleaned_data)
    tables = [board.headline, *board.tables]
    if file_format == ExportFormat.CSV:
        tables = [table for table in tables if table.key == request.GET.get("table")]
        if not tables:
            raise Http404
    return _tables_file(tables, file_format, f"dashboard-{form.period.first}-{form.period.last}")


@_supervisor
def monthly_return(request):
    form = bound_or_initial(MonthlyReturnForm, request, user=request.user)
    context = {"form": form, "definitions": DEFINITIONS}
    if form.is_valid():
        context.update(
            board=build(form.cleaned_data["office"], form.period, monthly_return=True),
            query=request.GET.urlencode() or form_query(form),
        )
    return render(
        request, "reports/monthly_return.html", context, status=200 if form.is_valid() else 400
    )


@_supervisor
def monthly_return_xlsx(request):
    form = MonthlyReturnForm(request.GET, user=request.user)
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors.as_text())
    office = form.cleaned_data["office"]
    board = build(office, form.period, monthly_return=True)
    name = f"monthly-return-{office.code}-{form.period.first:%Y-%m}"
    return _tables_file([board.headline, *board.tables], ExportFormat.XLSX, name)


@login_required
@require_POST
def export_cases(request):
    """Export the filtered case list: at once when small, else by a worker with progress."""
    file_format = _format(request)
    query = request.POST.get("query", "")
    # Filters the list refused (a date out of range, say) must not become "every case".
    filters = CaseFilterForm(QueryDict(query))
    if not filters.is_valid():
        return HttpResponseBadRequest(filters.errors.as_text())
    total = services.filtered_cases(user=request.user, query=query).count()
    if total <= sync_rows():
        content = services.case_export_bytes(
            user=request.user, query=query, file_format=file_format
        )
        return _file_response(content, file_format, "cases")
    job = services.export_request(
        user=request.user, query=query, file_format=file_format, total_rows=total
    )
    return redirect("reports:export_status", job_id=job.pk)


def _own_job(request, job_id) -> ExportJob:
    return get_object_or_404(ExportJob, pk=job_id, user=request.user)


@login_required
def export_status(request, job_id):
    job = _own_job(request, job_id)
    response = render(request, "reports/export_status.html", {"job": job})
    if not job.is_finished:
        response["Refresh"] = "2"  # the progress bar works without JavaScript
    return response


@login_required
def export_download(request, job_id):
    job = _own_job(request, job_id)
    if job.status != ExportStatus.DONE:
        raise Http404
    path = services.export_path(job)
    if not path.is_file():
        raise Http404
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"cases-{job.pk}.{job.file_format}",
        content_type=CONTENT_TYPES[job.file_format],
    )
