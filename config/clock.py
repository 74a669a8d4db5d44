"""The one source of "now", so tests, demo data and sweeps can run at any moment."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime

from django.utils import timezone

_fixed_now: ContextVar[datetime | None] = ContextVar("fixed_now", default=None)


def now() -> datetime:
    return _fixed_now.get() or timezone.now()


def today() -> date:
    """Today's date in the bureau's time zone (Asia/Shanghai), never a UTC date."""
    return timezone.localdate(now())


@contextmanager
def frozen_at(moment: datetime) -> Iterator[None]:
    """Make `now()` return `moment` inside the block (demo data, back-dated imports)."""
    token = _fixed_now.set(moment)
    try:
        yield
    finally:
        _fixed_now.reset(token)
