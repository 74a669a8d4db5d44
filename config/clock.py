"""The one source of "now", so tests and sweeps can run at any moment."""

from datetime import date, datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()


def today() -> date:
    """Today's date in the bureau's time zone (Asia/Shanghai), never a UTC date."""
    return timezone.localdate(now())
