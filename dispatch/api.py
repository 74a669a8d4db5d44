"""Dispatch endpoints of the REST API."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from complaints.api.schema import errors
from dispatch.due_dates import compute_due
from dispatch.forms.due_dates import DueDateForm


class DueDateSerializer(serializers.Serializer):
    policy = serializers.CharField()
    start = serializers.DateField()
    due = serializers.DateField()
    provisional = serializers.BooleanField()
    limit = serializers.IntegerField()
    unit = serializers.CharField()
    basis = serializers.CharField()


class DueDateView(APIView):
    """The deadline calculator: `?policy=inspection.accept&start=2026-02-13`."""

    @extend_schema(
        parameters=[
            OpenApiParameter("policy", str, required=True, description="e.g. inspection.accept"),
            OpenApiParameter("start", str, required=True, description="YYYY-MM-DD"),
        ],
        responses={200: DueDateSerializer, **errors(400)},
    )
    def get(self, request):
        form = DueDateForm(request.query_params)
        if not form.is_valid():
            raise serializers.ValidationError(form.errors)
        policy, start = form.cleaned_data["policy"], form.cleaned_data["start"]
        result = compute_due(policy, start)
        return Response(
            DueDateSerializer(
                {
                    "policy": policy.code,
                    "start": start,
                    "due": result.due,
                    "provisional": result.provisional,
                    "limit": policy.limit,
                    "unit": policy.unit,
                    "basis": policy.basis,
                }
            ).data
        )
