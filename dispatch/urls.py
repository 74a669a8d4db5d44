from django.urls import path

from dispatch.views import (
    due_dates,
    group_cases,
    inbox,
    referrals,
    routing,
    supervision,
    workspace,
)

app_name = "dispatch"

urlpatterns = [
    path("inbox/", inbox.inbox, name="inbox"),
    # The officers' workspace: My cases, the desk queue, saved filters, bulk actions.
    path("work/", workspace.my_cases, name="my_cases"),
    path("work/desk/", workspace.desk_queue, name="desk_queue"),
    path("work/referrals/<int:referral_id>/accept/", workspace.queue_accept, name="queue_accept"),
    path("work/referrals/<int:referral_id>/return/", workspace.queue_return, name="queue_return"),
    path("work/bulk/take/", workspace.bulk_take, name="bulk_take"),
    path("work/bulk/reassign/", workspace.bulk_reassign, name="bulk_reassign"),
    path("work/filters/", workspace.saved_filter_create, name="saved_filter_create"),
    path(
        "work/filters/<int:saved_filter_id>/delete/",
        workspace.saved_filter_remove,
        name="saved_filter_delete",
    ),
    path("deadlines/calculator/", due_dates.due_date_calculator, name="calculator"),
    path(
        "referrals/<int:referral_id>/<slug:action>/",
        referrals.referral_action,
        name="referral_action",
    ),
    path(
        "deadlines/<int:deadline_id>/<slug:action>/",
        referrals.deadline_action,
        name="deadline_action",
    ),
    path("cases/<str:ticket>/refer/", referrals.case_refer, name="case_refer"),
    # The desks panel as JSON: a case page opened before routing polls it (js/case_routing.js).
    path("cases/<str:ticket>/desks/", referrals.case_desks, name="case_desks"),
    path(
        "cases/<str:ticket>/retry-dispatch/",
        routing.case_retry_dispatch,
        name="case_retry_dispatch",
    ),
    # Supervision (督办), extension requests, orders to pay (责令改正).
    path(
        "cases/<str:ticket>/supervision/<slug:action>/",
        supervision.supervision_action,
        name="supervision_action",
    ),
    path(
        "extensions/<int:deadline_id>/request/",
        supervision.extension_request,
        name="extension_request",
    ),
    path(
        "extension-requests/<int:pk>/<slug:action>/",
        supervision.extension_decide,
        name="extension_decide",
    ),
    # A group wage-arrears case reported upward (群体性欠薪).
    path(
        "cases/<str:ticket>/group/report-upward/",
        group_cases.group_case_report,
        name="group_case_report",
    ),
    path("cases/<str:ticket>/order/", supervision.order_create, name="order_create"),
    path("orders/<int:pk>/", supervision.order_print, name="order_print"),
    path("orders/<int:pk>/complied/", supervision.order_complied, name="order_complied"),
]
