"""The complainant's status look-up (/track/): ticket number plus the phone's last 4 digits."""

from django.urls import path

from complaints.tracking import views

app_name = "tracking"

urlpatterns = [
    path("", views.track, name="track"),
]
