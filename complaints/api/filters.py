"""The case list's filters and its cursor pagination.

Deadlines and referrals belong to dispatch, which complaints may not import: the desk and
overdue filters are the ones dispatch registers (dispatch/selectors/case_filters.py).
"""

import re
from base64 import b64decode
from datetime import date, datetime, time, timedelta
from urllib.parse import parse_qs

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

from complaints.dates import EARLIEST, LATEST, day_in_range
from complaints.models import (
    Campaign,
    Case,
    Category,
    Channel,
    Complainant,
    DeskKind,
    Employer,
    Industry,
    Project,
    Status,
    ViolationCategory,
)
from complaints.selectors.lists import filter_cases, with_dimensions
from complaints.selectors.search import cases_matching


def day_start(day: date) -> datetime:
    """Midnight at the start of `day` in the bureau's time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def day_end(day: date) -> datetime:
    """Midnight at the end of `day` (exclusive bound)."""
    return day_start(day + timedelta(days=1))


class StrictNullBooleanField(forms.NullBooleanField):
    """true/false/1/0 or nothing; anything else is a 400, not "no filter" (Django's way)."""

    widget = forms.TextInput  # NullBooleanSelect would turn anything unknown into None

    def to_python(self, value):
        if value in (None, ""):
            return None
        result = super().to_python(value)
        if result is None:
            raise forms.ValidationError(
                forms.ChoiceField.default_error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": str(value)[:50]},
            )
        return result


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictNullBooleanField


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
    overdue = StrictBooleanFilter(
        method="filter_overdue", label="Has an open deadline marked overdue"
    )
    # Bounded, so that the day's midnight in UTC and the day after both exist.
    registered_from = django_filters.DateFilter(
        method="filter_registered_from",
        label=f"Registered on or after (YYYY-MM-DD, {EARLIEST} to {LATEST})",
        validators=[day_in_range],
    )
    registered_to = django_filters.DateFilter(
        method="filter_registered_to",
        label=f"Registered on or before (YYYY-MM-DD, {EARLIEST} to {LATEST})",
        validators=[day_in_range],
    )
    employer = django_filters.CharFilter(
        field_name="employer__name", lookup_expr="icontains", max_length=200
    )
    # The wage-arrears dimensions (docs/architecture.md).
    is_construction = StrictBooleanFilter(label="A construction project")
    mass_incident_risk = StrictBooleanFilter(label="Flagged with a risk of a mass incident")
    migrant_workers = StrictBooleanFilter(
        method="filter_migrant_workers", label="Has at least one migrant worker"
    )
    industry = django_filters.ChoiceFilter(
        field_name="employer__industry",
        choices=Industry.choices,
        label="The employer's industry (GB/T 4754-2017 section)",
    )
    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.all(),
        method="filter_campaign",
        label="Campaign id: its cases (its scope, registered in its period or still handled in it)",
    )
    violation = django_filters.ModelChoiceFilter(
        queryset=ViolationCategory.objects.all(),
        to_field_name="code",
        method="filter_violation",
        label="Violation category code: the cases naming it (complained of or found)",
    )
    project = django_filters.ModelChoiceFilter(
        queryset=Project.objects.all(),
        label="Project id: the cases about this construction project",
    )
    party = django_filters.ModelChoiceFilter(
        queryset=Employer.objects.all(),
        method="filter_party",
        label="Employer id: the cases naming it in any role of the project's chain",
    )
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=100,
        label="Ticket, complainant name or phone, employer or site",
    )

    class Meta:
        model = Case
        fields: list[str] = []

    def filter_desk(self, queryset, name, value):
        return filter_cases(queryset, "referred_to_desk", value)

    def filter_overdue(self, queryset, name, value):
        return filter_cases(queryset, "open_overdue_deadline", value)

    def filter_registered_from(self, queryset, name, value):
        return queryset.filter(registered_at__gte=day_start(value))

    def filter_registered_to(self, queryset, name, value):
        return queryset.filter(registered_at__lt=day_end(value))

    def filter_migrant_workers(self, queryset, name, value):
        marked = Exists(Complainant.objects.filter(case=OuterRef("pk"), is_migrant_worker=True))
        return queryset.filter(marked if value else ~marked)

    # The case list's own filters (complaints/selectors/lists.py `with_dimensions`); the
    # schema types, which a filter with a method does not tell drf-spectacular.
    @extend_schema_field(OpenApiTypes.INT)
    def filter_campaign(self, queryset, name, value):
        return with_dimensions(queryset, {"campaign": value})

    @extend_schema_field(OpenApiTypes.STR)
    def filter_violation(self, queryset, name, value):
        return with_dimensions(queryset, {"violation": value})

    @extend_schema_field(OpenApiTypes.INT)
    def filter_party(self, queryset, name, value):
        """Any record of the party's company, as on the employer page and the case list."""
        return with_dimensions(queryset, {"party": value})

    def filter_search(self, queryset, name, value):
        return cases_matching(queryset, text=value)


# What DRF's encode_cursor writes: standard base64. b64decode skips anything else, so
# "\x00" or "!!!" would be read as the first page.
CURSOR_RE = re.compile(r"[A-Za-z0-9+/]+={0,2}", re.ASCII)


class StrictCursorPagination(CursorPagination):
    """A garbled cursor or page size is bad input (400), not a missing page (404).

    DRF quietly answers its default page size for page_size=abc and its maximum for
    page_size=10**30, and cuts a forged offset down to offset_cutoff; here a page size is
    a whole number from 1 to max_page_size, and a cursor what encode_cursor could write.
    """

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param, "")
        if not self.page_size_query_param or raw == "":
            return self.page_size
        field = serializers.IntegerField(min_value=1, max_value=self.max_page_size)
        try:
            return field.run_validation(raw)
        except ValidationError as error:
            raise ValidationError({self.page_size_query_param: error.detail}) from None

    def well_formed(self, encoded: str) -> bool:
        """Base64 of what encode_cursor writes, with an offset DRF would not cut down."""
        if not CURSOR_RE.fullmatch(encoded):
            return False
        try:
            tokens = parse_qs(b64decode(encoded).decode("ascii"), keep_blank_values=True)
        except ValueError:
            return False
        offset = tokens.get("o", ["0"])[0]
        digits = offset.isascii() and offset.isdecimal() and len(offset) <= 9
        return digits and int(offset) <= self.offset_cutoff

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param, "")
        try:
            if encoded and not self.well_formed(encoded):
                raise NotFound()
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
