"""The complaints endpoints under /api/v1/ (config/api_v1.py includes them at its root).

The ticket segment takes any text: a malformed ticket must answer the same JSON 404 as a
case that may not be seen, which a stricter URL pattern would turn into Django's page.
"""

from django.urls import path, re_path

from complaints.api.views_actions import ACTION_VIEWS
from complaints.api.views_cases import (
    CaseComplainantsView,
    CaseDetailView,
    CaseEventsView,
    CaseListCreateView,
    CaseNotFoundView,
    CaseReferralsView,
)
from complaints.api.views_consultations import ConsultationListCreateView

urlpatterns = [
    path("cases/", CaseListCreateView.as_view(), name="case-list"),
    path("cases/<str:ticket>/", CaseDetailView.as_view(), name="case-detail"),
    path(
        "cases/<str:ticket>/complainants/",
        CaseComplainantsView.as_view(),
        name="case-complainants",
    ),
    path("cases/<str:ticket>/events/", CaseEventsView.as_view(), name="case-events"),
    path("cases/<str:ticket>/referrals/", CaseReferralsView.as_view(), name="case-referrals"),
    *(
        path(f"cases/<str:ticket>/{slug}/", view.as_view(), name=f"case-{slug}")
        for slug, view in ACTION_VIEWS.items()
    ),
    re_path(r"^cases/.+$", CaseNotFoundView.as_view(), name="case-not-found"),
    path("consultations/", ConsultationListCreateView.as_view(), name="consultation-list"),
]
