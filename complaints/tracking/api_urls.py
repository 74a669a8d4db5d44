"""/api/v1/track/: the status look-up as JSON (full URL name "api:track")."""

from django.urls import path

from complaints.tracking.api import TrackView

urlpatterns = [
    path("", TrackView.as_view(), name="track"),
]
