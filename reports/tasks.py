"""Celery tasks of the reports app: thin, named, ids only (docs/conventions.md)."""

from celery import shared_task
from django.db import OperationalError

from reports import services, summary, tallies


@shared_task(
    name="reports.run_export",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    # A 20,000-row Excel file takes seconds; a whole year of a busy city, minutes.
    soft_time_limit=1800,
    time_limit=1900,
)
def run_export(job_id: int) -> int:
    job = services.export_run(job_id=job_id)
    return job.rows_written if job else 0


@shared_task(name="reports.resend_exports", autoretry_for=(OperationalError,), max_retries=3)
def resend_exports() -> int:
    return services.exports_resend()


@shared_task(
    name="reports.rebuild_stats",
    autoretry_for=(OperationalError,),
    max_retries=3,
    soft_time_limit=540,
    time_limit=590,
)
def rebuild_stats() -> str:
    """Recount the dashboard's monthly summary (beat, every 10 minutes)."""
    return str(summary.stats_rebuild().through)


@shared_task(name="reports.compact_tallies", autoretry_for=(OperationalError,), max_retries=3)
def compact_tallies() -> int:
    """Fold the open tallies' +1/-1 rows into one per key (beat, every minute)."""
    return tallies.tallies_compact()
