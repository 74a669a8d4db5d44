"""The reports app's settings, with their defaults (config/settings.py sets them)."""

from django.conf import settings


def sync_rows() -> int:
    """Case-list exports up to this many rows are written at once, larger ones by a task."""
    return getattr(settings, "REPORTS_EXPORT_SYNC_ROWS", 2000)
