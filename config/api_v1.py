"""/api/v1/: every app's endpoints under one versioned prefix."""

from django.urls import include, path, re_path
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from dispatch.api import DueDateView
from inspection.api import CaseCreditProposalsView, CreditDecideView
from reports.api import StatsSummaryView


@extend_schema(exclude=True)
class UnknownEndpointView(APIView):
    """Any other path under /api/v1/: a JSON 404 like every other API error."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    def initial(self, request, *args, **kwargs):
        raise NotFound()


urlpatterns = [
    # Before complaints' own case paths, whose catch-all answers any other cases/ path.
    path(
        "cases/<str:ticket>/credit-proposals/",
        CaseCreditProposalsView.as_view(),
        name="case-credit-proposals",
    ),
    path(
        "cases/<str:ticket>/credit-proposals/<int:pk>/decide/",
        CreditDecideView.as_view(),
        name="case-credit-decide",
    ),
    path("", include("complaints.api.urls")),
    path("track/", include("complaints.tracking.api_urls")),
    path("due-date/", DueDateView.as_view(), name="due-date"),
    path("stats/summary/", StatsSummaryView.as_view(), name="stats-summary"),
    re_path(r"^.*$", UnknownEndpointView.as_view(), name="unknown-endpoint"),
]
