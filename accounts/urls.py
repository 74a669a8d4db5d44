from django.contrib.auth import views as auth_views
from django.urls import path

from accounts.views import LoginView, office_seal, roster, roster_remove

app_name = "accounts"

urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # An office's seal image (accounts/seals.py), by its stored name.
    path("seals/<str:name>", office_seal, name="office_seal"),
    # The office's duty roster (值班表), kept by its supervisors and heads.
    path("roster/", roster, name="roster"),
    path("roster/remove/", roster_remove, name="roster_remove"),
]
