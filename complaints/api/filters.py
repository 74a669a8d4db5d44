"""The case list's filters and its cursor pagination.

Deadlines and referrals belong to dispatch; complaints reaches them only through the
case's reverse relations (DESIGN.md section 3), never by importing dispatch.
"""

from datetime import date, datetime, time, timedelta

import django_filters
from django.utils import timezone
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

from complaints.models import Case, Category, Channel, DeskKind, Status
from complaints.selectors import cases_matching


def day_start(day: date) -> datetime:
    """Midnight at the start of `day` in the bureau's time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def day_end(day: date) -> datetime:
    """Midnight at the end of `day` (exclusive bound)."""
    return day_start(day + timedelta(days=1))


def cases_with_open_overdue_deadline():
    return Case.objects.filter(
        referrals__deadlines__closed_at__isnull=True,
        referrals__deadlines__overdue_at__isnull=False,
    ).values("pk")


class CaseFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices)
    channel = django_filters.ChoiceFilter(choices=Channel.choices)
    category = django_filters.ChoiceFilter(choices=Category.choices)
    office = django_filters.NumberFilter(
        field_name="responsible_office",
        label="Responsible office id",
        min_value=1,
        max_value=2**63 - 1,  # beyond a database integer: a 400, not an overflow
    )
    desk = django_filters.ChoiceFilter(
        choices=DeskKind.choices, method="filter_desk", label="Referred to this desk"
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label="Has an open deadline marked overdue"
    )
    registered_from = django_filters.DateFilter(
        method="filter_registered_from", label="Registered on or after (YYYY-MM-DD)"
    )
    registered_to = django_filters.DateFilter(
        method="filter_registered_to", label="Registered on or before (YYYY-MM-DD)"
    )
    employer = django_filters.CharFilter(
        field_name="employer__name", lookup_expr="icontains", max_length=200
    )
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=100,
        label="Ticket, complainant name or phone, employer or site",
    )

    class Meta:
        model = Case
        fields: list[str] = []

    # Sub-queries instead of joins: the list counts complainants per case, and a join
    # to referrals or deadlines would multiply the rows.
    def filter_desk(self, queryset, name, value):
        return queryset.filter(pk__in=Case.objects.filter(referrals__desk__kind=value).values("pk"))

    def filter_overdue(self, queryset, name, value):
        if value:
            return queryset.filter(pk__in=cases_with_open_overdue_deadline())
        return queryset.exclude(pk__in=cases_with_open_overdue_deadline())

    def filter_registered_from(self, queryset, name, value):
        return queryset.filter(registered_at__gte=day_start(value))

    def filter_registered_to(self, queryset, name, value):
        return queryset.filter(registered_at__lt=day_end(value))

    def filter_search(self, queryset, name, value):
        return cases_matching(queryset, text=value)


class StrictCursorPagination(CursorPagination):
    """A cursor the client garbled is bad input (400), not a missing page (404)."""

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError(
                {self.cursor_query_param: [self.invalid_cursor_message]}
            ) from None


class CaseCursorPagination(StrictCursorPagination):
    """Stable pages over a list that grows while it is read: newest first."""

    ordering = ("-registered_at", "-id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class ConsultationCursorPagination(StrictCursorPagination):
    ordering = ("-created_at", "-id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
