from django.urls import path

from dispatch import routing_views, supervision_views, views
from dispatch.workspace import urls as workspace_urls

app_name = "dispatch"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    # The officers' workspace: My cases, the desk queue, saved filters, bulk actions.
    *workspace_urls.urlpatterns,
    path("deadlines/calculator/", views.due_date_calculator, name="calculator"),
    path(
        "referrals/<int:referral_id>/<slug:action>/", views.referral_action, name="referral_action"
    ),
    path(
        "deadlines/<int:deadline_id>/<slug:action>/", views.deadline_action, name="deadline_action"
    ),
    path("cases/<str:ticket>/refer/", views.case_refer, name="case_refer"),
    # The desks panel as JSON: a case page opened before routing polls it (js/case_routing.js).
    path("cases/<str:ticket>/desks/", views.case_desks, name="case_desks"),
    path(
        "cases/<str:ticket>/retry-dispatch/",
        routing_views.case_retry_dispatch,
        name="case_retry_dispatch",
    ),
    # Supervision (督办), extension requests, orders to pay (责令改正).
    path(
        "cases/<str:ticket>/supervision/<slug:action>/",
        supervision_views.supervision_action,
        name="supervision_action",
    ),
    path(
        "extensions/<int:deadline_id>/request/",
        supervision_views.extension_request,
        name="extension_request",
    ),
    path(
        "extension-requests/<int:pk>/<slug:action>/",
        supervision_views.extension_decide,
        name="extension_decide",
    ),
    path("cases/<str:ticket>/order/", supervision_views.order_create, name="order_create"),
    path("orders/<int:pk>/", supervision_views.order_print, name="order_print"),
    path("orders/<int:pk>/complied/", supervision_views.order_complied, name="order_complied"),
]
