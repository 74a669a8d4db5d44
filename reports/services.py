"""Writes of the reports app: export jobs (requested, written, failed). Cases are only read."""

import io
import logging
import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext

from complaints.forms import CaseFilterForm
from complaints.selectors.lists import case_list_for
from config import clock
from config.broker import send_or_leave_to_sweep
from reports.access import may_see_personal_data_in_exports
from reports.exports import cases as case_columns
from reports.exports.writers import write_csv, write_xlsx
from reports.models import ExportFormat, ExportJob, ExportStatus

logger = logging.getLogger(__name__)

RUN_EXPORT_TASK = "reports.run_export"


def filtered_cases(*, user, query: str):
    """The case list the user sees with these filters: the page's own selector and form."""
    form = CaseFilterForm(QueryDict(query))
    return case_list_for(user=user, filters=form.filters())


def case_export_bytes(*, user, query: str, file_format: str) -> bytes:
    """A small export written at once, in the active language."""
    cases = filtered_cases(user=user, query=query)
    data = case_columns.rows(cases, unmasked=may_see_personal_data_in_exports(user))
    if file_format == ExportFormat.CSV:
        text = io.StringIO()
        write_csv(text, case_columns.headers(), data)
        return text.getvalue().encode("utf-8")
    binary = io.BytesIO()
    write_xlsx(binary, [(_sheet_title(), case_columns.headers(), data)], in_memory=True)
    return binary.getvalue()


def _sheet_title() -> str:
    return gettext("Cases")


def _send(job_id: int) -> None:
    send_or_leave_to_sweep(RUN_EXPORT_TASK, [job_id], what=f"export {job_id}")


@transaction.atomic
def export_request(*, user, query: str, file_format: str, total_rows: int) -> ExportJob:
    """Record a large export and send it to a worker after commit."""
    if file_format not in ExportFormat.values:
        raise ValueError(file_format)
    job = ExportJob(
        user=user,
        query=query,
        file_format=file_format,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        total_rows=total_rows,
        created_at=clock.now(),
    )
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: _send(job.pk), robust=True)
    return job


def export_path(job: ExportJob) -> Path:
    return Path(settings.REPORTS_EXPORT_DIR) / job.file_name


def _progress(job_id: int):
    def report(rows_written: int) -> None:
        ExportJob.objects.filter(pk=job_id).update(rows_written=rows_written)

    return report


def export_run(*, job_id: int) -> ExportJob | None:
    """Write the file of a job (the task's body). A finished job is left alone."""
    job = ExportJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.is_finished:
        return job
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, rows_written=0)
    folder = Path(settings.REPORTS_EXPORT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"export-{job.pk}-{secrets.token_hex(8)}.{job.file_format}"
    try:
        with translation.override(job.language):
            count = _write(job, folder / name)
    except Exception as error:
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportStatus.FAILED, error=str(error)[:2000], finished_at=clock.now()
        )
        raise
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.DONE,
        file_name=name,
        rows_written=count,
        total_rows=count,
        finished_at=clock.now(),
    )
    job.refresh_from_db()
    return job


def _write(job: ExportJob, path: Path) -> int:
    cases = filtered_cases(user=job.user, query=job.query)
    data = case_columns.rows(cases, unmasked=may_see_personal_data_in_exports(job.user))
    progress = _progress(job.pk)
    if job.file_format == ExportFormat.CSV:
        with path.open("w", encoding="utf-8", newline="") as stream:
            return write_csv(stream, case_columns.headers(), data, progress)
    return write_xlsx(str(path), [(_sheet_title(), case_columns.headers(), data)], progress)


def exports_resend(*, older_than_seconds: int = 60) -> int:
    """Send again the jobs still waiting whose message was lost (the beat sweep)."""
    cutoff = clock.now() - timedelta(seconds=older_than_seconds)
    waiting = list(
        ExportJob.objects.filter(status=ExportStatus.PENDING, created_at__lt=cutoff)
        .order_by("id")
        .values_list("id", flat=True)[:100]
    )
    for job_id in waiting:
        _send(job_id)
    return len(waiting)
