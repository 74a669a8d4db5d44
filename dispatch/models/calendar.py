"""The working-day calendar: the State Council's yearly holiday notice, as editable data.

Saturdays and Sundays are rest days and Monday to Friday are working days unless a
`Holiday` row says otherwise: a weekday rest day (法定节假日) or a weekend make-up working
day (调休). A year counts as loaded only when it has a `CalendarYear` row; deadlines that
touch a year that is not loaded are computed on weekends alone and flagged provisional
(docs/statutory-time-limits.md, "Counting rules"). The arithmetic lives in
`dispatch/calendar.py`.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from complaints.models import choice_values


class HolidayKind(models.TextChoices):
    REST = "rest", _("Rest day (statutory holiday)")
    WORKDAY = "workday", _("Make-up working day (调休)")


class Holiday(models.Model):
    """One date whose working status differs from the plain weekend rule."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=HolidayKind.choices)
    name = models.CharField(
        _("name"), max_length=100, blank=True, help_text=_("For example “Spring Festival”.")
    )
    source = models.CharField(
        _("source"),
        max_length=100,
        blank=True,
        help_text=_("Where this date comes from, for example “chinesecalendar 1.11.0” or “admin”."),
    )

    class Meta:
        verbose_name = _("holiday calendar date")
        verbose_name_plural = _("holiday calendar")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=choice_values(HolidayKind)), name="holiday_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()} {self.name}".rstrip()


class CalendarYear(models.Model):
    """A year whose holiday notice has been loaded into `Holiday`.

    Without a row for a year, dates in it are computed on weekends alone and every
    deadline touching it is provisional.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    source = models.CharField(_("source"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("loaded calendar year")
        verbose_name_plural = _("loaded calendar years")
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1990) & Q(year__lte=2200), name="calendar_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)
