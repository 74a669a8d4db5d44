"""Consultations (咨询): inquiries answered on the spot; they count in the statistics."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from complaints import services
from complaints.api.base import ApiGenericView, require_role_or_platform
from complaints.api.filters import ConsultationCursorPagination
from complaints.api.idempotency import idempotent
from complaints.api.inputs import ConsultationCreateSerializer
from complaints.api.schema import IDEMPOTENCY_KEY, errors
from complaints.api.serializers import ConsultationSerializer
from complaints.models import Consultation
from complaints.selectors.visibility import consultations_visible_to_api
from complaints.views.consultations import CONSULTATION_ROLES


class ConsultationListCreateView(ApiGenericView):
    """Consultations of your office and the offices below it, newest first; POST logs one.

    A platform account sees only the consultations it logged, under its own channel.
    """

    serializer_class = ConsultationSerializer
    pagination_class = ConsultationCursorPagination
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types
            return Consultation.objects.none()
        return consultations_visible_to_api(user=self.request.user)

    @extend_schema(responses={200: ConsultationSerializer(many=True), **errors(400, 403)})
    def get(self, request):
        require_role_or_platform(request.user, CONSULTATION_ROLES)
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ConsultationSerializer(page, many=True).data)

    @extend_schema(
        request=ConsultationCreateSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: ConsultationSerializer, **errors(400, 403, 409, 422)},
    )
    @idempotent
    def post(self, request):
        channel = require_role_or_platform(request.user, CONSULTATION_ROLES)
        serializer = ConsultationCreateSerializer(
            data=request.data, context={"platform_channel": channel}
        )
        serializer.is_valid(raise_exception=True)
        consultation = services.consultation_log(actor=request.user, **serializer.validated_data)
        return Response(ConsultationSerializer(consultation).data, status=status.HTTP_201_CREATED)
