"""Cases: list and register, one case, its complainants, timeline and desk referrals.

Every endpoint reads through the API selectors (complaints/selectors/), so a user sees
exactly the cases the pages show them, and a platform account only the cases it created.
"""

from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from complaints import services
from complaints.api.base import ApiGenericView, ApiView, case_for, require_role_or_platform
from complaints.api.filters import CaseCursorPagination, CaseFilter
from complaints.api.idempotency import idempotent
from complaints.api.inputs import CaseCreateSerializer, ComplainantsAddSerializer
from complaints.api.intake import case_register_or_find
from complaints.api.schema import IDEMPOTENCY_KEY, TICKET, errors
from complaints.api.serializers import (
    CaseListSerializer,
    CaseSerializer,
    EventSerializer,
    ReferralSerializer,
)
from complaints.api.throttles import IntakeThrottle
from complaints.exceptions import CaseNotVisible
from complaints.models import Case, CaseParty, CaseViolation
from complaints.selectors.lists import case_list_for_api
from complaints.services.chain import chain_register
from complaints.views.intake import INTAKE_ROLES


def case_data(request, case) -> dict:
    return CaseSerializer(case, context={"request": request}).data


class CaseListCreateView(ApiGenericView):
    """Cases you may see, newest first (cursor pages); POST registers a new case.

    Registration is zero-threshold, as at the window: a description and one named
    complainant with a phone number or an address are enough. A platform account's cases
    always get its own channel. The same channel and `external_ref` never make a second
    case: the existing one is answered with 200 instead of 201.
    """

    serializer_class = CaseListSerializer
    filterset_class = CaseFilter
    pagination_class = CaseCursorPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types
            return Case.objects.none()
        # The categories of each case of the page in one more query.
        return (
            case_list_for_api(user=self.request.user)
            .prefetch_related(
                Prefetch(
                    "violations",
                    queryset=CaseViolation.objects.select_related("category").order_by(
                        "category__ordering", "category__code"
                    ),
                ),
                # The project's chain of responsibility (its organisations in the same query).
                Prefetch("parties", queryset=CaseParty.objects.select_related("employer")),
            )
            .select_related("project")
        )

    def get_throttles(self):
        throttles = super().get_throttles()
        if self.request.method == "POST":
            throttles.append(IntakeThrottle())
        return throttles

    @extend_schema(responses={200: CaseListSerializer(many=True), **errors(400)})
    def get(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(CaseListSerializer(page, many=True).data)

    @extend_schema(
        request=CaseCreateSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: OpenApiResponse(CaseSerializer, description="Registered."),
            200: OpenApiResponse(
                CaseSerializer, description="Already registered under this external_ref."
            ),
            **errors(400, 403, 409, 422),
        },
    )
    @idempotent
    def post(self, request):
        channel = require_role_or_platform(request.user, INTAKE_ROLES)
        serializer = CaseCreateSerializer(data=request.data, context={"platform_channel": channel})
        serializer.is_valid(raise_exception=True)
        chain = serializer.chain_kwargs()
        with transaction.atomic():  # the case and its project and parties, or nothing
            result = case_register_or_find(actor=request.user, **serializer.service_kwargs())
            if result.created and chain is not None:
                chain_register(case=result.case, actor=request.user, **chain)
                result.case.refresh_from_db()
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return Response(case_data(request, result.case), status=code)


class CaseDetailView(ApiView):
    """One case by its ticket number; personal data masked."""

    @extend_schema(parameters=[TICKET], responses={200: CaseSerializer, **errors(404)})
    def get(self, request, ticket):
        return Response(case_data(request, case_for(request, ticket)))


class CaseComplainantsView(ApiView):
    """Join more complainants to an open case (a group complaint arriving piece by piece)."""

    @extend_schema(
        parameters=[TICKET, IDEMPOTENCY_KEY],
        request=ComplainantsAddSerializer,
        responses={201: CaseSerializer, **errors(400, 403, 404, 409, 422)},
    )
    @idempotent
    def post(self, request, ticket):
        case = case_for(request, ticket)
        require_role_or_platform(request.user, INTAKE_ROLES)
        serializer = ComplainantsAddSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = services.case_add_complainants(
            case=case,
            actor=request.user,
            complainants=serializer.validated_data["complainants"],
            account=serializer.validated_data.get("account", ""),
        )
        return Response(case_data(request, result.case), status=status.HTTP_201_CREATED)


class CaseEventsView(ApiView):
    """The case's timeline, oldest first; `summary` is in the request's language."""

    @extend_schema(parameters=[TICKET], responses={200: EventSerializer(many=True), **errors(404)})
    def get(self, request, ticket):
        case = case_for(request, ticket)
        return Response(EventSerializer(case.events.all(), many=True).data)


class CaseReferralsView(ApiView):
    """The desks the case was referred to, each with its officer and statutory deadlines."""

    @extend_schema(
        parameters=[TICKET], responses={200: ReferralSerializer(many=True), **errors(404)}
    )
    def get(self, request, ticket):
        case = case_for(request, ticket)
        return Response(ReferralSerializer(case.referrals.all(), many=True).data)


class CaseNotFoundView(ApiView):
    """Anything else under cases/ (a malformed path): the same 404 as an unseen case."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authenticate first: 401 stays 401
        raise CaseNotVisible()
