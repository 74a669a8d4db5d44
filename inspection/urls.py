"""The inspection procedure's pages, under the case: /cases/<ticket>/procedure/..."""

from django.urls import path  # noqa: F401

app_name = "inspection"

urlpatterns = []
