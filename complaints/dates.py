"""The one range of dates the system takes in, from a page or from the API.

Python's dates run from year 1 to 9999, but the time arithmetic on them does not: the
day after 9999-12-31 does not exist, and midnight of 0001-01-01 in Asia/Shanghai is in
year 0 in UTC, where every stored time is kept. A date outside this range is bad input
(a form error or a 400), never an overflow deep in a query. The bounds leave centuries of
room on both sides for "a year earlier", "the next month" and the UTC shift, and admit
every date a labour case can honestly carry.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)


@deconstructible
class DayInRange:
    """A validator: the date (or the local day of a date-time) lies in `first`..`last`."""

    message = _("Choose a date between %(first)s and %(last)s.")
    code = "date_out_of_range"

    def __init__(self, first: date = EARLIEST, last: date = LATEST):
        self.first, self.last = first, last

    def __call__(self, value: date | datetime) -> None:
        day = value.date() if isinstance(value, datetime) else value
        if not self.first <= day <= self.last:
            raise ValidationError(
                self.message,
                code=self.code,
                params={"first": self.first.isoformat(), "last": self.last.isoformat()},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, DayInRange) and (self.first, self.last) == (
            other.first,
            other.last,
        )


day_in_range = DayInRange()
