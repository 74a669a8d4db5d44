"""/api/v1/: every app's endpoints under one versioned prefix."""

from django.urls import include, path

from dispatch.api import DueDateView

urlpatterns = [
    path("", include("complaints.api.urls")),
    path("track/", include("complaints.tracking.api_urls")),
    path("due-date/", DueDateView.as_view(), name="due-date"),
]
