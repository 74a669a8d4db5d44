"""The dashboard's headline figures for an office and a period: GET /api/v1/stats/summary/
(mounted in config/api_v1.py, named api:stats-summary)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from accounts.models import Office
from complaints.api.base import ApiView
from complaints.api.schema import errors
from complaints.api.serializers import OfficeRefSerializer
from complaints.dates import EARLIEST, LATEST, day_in_range
from complaints.exceptions import ActionNotPermitted
from complaints.selectors.visibility import (
    is_platform_account,
    office_subtree_ids,
    sees_everything,
)
from config import clock
from reports.definitions import API_DEFINITIONS
from reports.figures import office_summary
from reports.periods import Period, validate_period


class OfficeNotPermitted(ActionNotPermitted):
    code = "office_not_permitted"
    default_message = _("You may not see the figures of this office.")


class StatsQuerySerializer(serializers.Serializer):
    office = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    date_from = serializers.DateField(
        default=lambda: clock.today().replace(day=1), validators=[day_in_range]
    )
    date_to = serializers.DateField(default=clock.today, validators=[day_in_range])

    def get_fields(self):
        fields = super().get_fields()  # "from" is a Python keyword: renamed here
        fields["from"], fields["to"] = fields.pop("date_from"), fields.pop("date_to")
        return fields

    def validate(self, attrs):
        try:  # the dashboard's rule (reports/periods.py), reported on the field "to"
            validate_period(attrs["from"], attrs["to"])
        except ValidationError as error:
            raise serializers.ValidationError({"to": error.messages}) from None
        return attrs


class StatsSummarySerializer(serializers.Serializer):
    office = OfficeRefSerializer()
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    received = serializers.IntegerField()
    consultations = serializers.IntegerField()
    closed = serializers.IntegerField()
    closed_on_time = serializers.IntegerField()
    decided = serializers.IntegerField()
    decided_on_time = serializers.IntegerField()
    overdue = serializers.IntegerField()
    wages_recovered = serializers.DecimalField(max_digits=16, decimal_places=2)
    workers_helped = serializers.IntegerField()

    def get_fields(self):
        fields = super().get_fields()
        fields["from"], fields["to"] = fields.pop("date_from"), fields.pop("date_to")
        return fields


def office_for(user, office_id: int | None) -> Office:
    """The office asked for, if the user may see its figures; else OfficeNotPermitted."""
    if is_platform_account(user):
        raise ActionNotPermitted()
    office_id = office_id or user.office_id
    allowed = sees_everything(user) or office_id in office_subtree_ids(user)
    office = Office.objects.filter(pk=office_id).first() if allowed else None
    if office is None:
        raise OfficeNotPermitted()
    return office


class StatsSummaryView(ApiView):
    __doc__ = API_DEFINITIONS

    @extend_schema(
        description=API_DEFINITIONS,
        parameters=[
            OpenApiParameter("office", int, description="Office id; default: your office."),
            OpenApiParameter("from", str, description="YYYY-MM-DD; default: 1st of the month."),
            OpenApiParameter(
                "to",
                str,
                description="YYYY-MM-DD (included); default: today. At most three years "
                f"after `from`; both from {EARLIEST} to {LATEST}.",
            ),
        ],
        responses={200: StatsSummarySerializer, **errors(400, 403)},
    )
    def get(self, request):
        query = StatsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        period = query.validated_data
        office = office_for(request.user, period.get("office"))
        figures = office_summary(office=office, period=Period(period["from"], period["to"]))
        body = {"office": office, "from": period["from"], "to": period["to"], **figures}
        return Response(StatsSummarySerializer(body).data)
