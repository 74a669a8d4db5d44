"""The inspection procedure's pages, under the case: /cases/<ticket>/procedure/..."""

from django.urls import path

from inspection.views import credit, ending, handling, investigation, penalty, queue
from inspection.views import service as service_views
from inspection.views import transfer as transfer_views

app_name = "inspection"

urlpatterns = [
    path("procedure/approvals/", queue.approval_queue, name="approval_queue"),
    # The investigation's acts and the handling decision.
    path(
        "cases/<str:ticket>/procedure/inquiry-notice/",
        investigation.inquiry_notice,
        name="inquiry_notice",
    ),
    path(
        "cases/<str:ticket>/procedure/inquiry-record/",
        investigation.inquiry_record,
        name="inquiry_record",
    ),
    path(
        "cases/<str:ticket>/procedure/site-record/", investigation.site_record, name="site_record"
    ),
    path(
        "cases/<str:ticket>/procedure/handling-decision/",
        handling.handling_decision,
        name="handling_decision",
    ),
    # The penalty path, and the end of the case (撤销立案, 结案) with the head's decision.
    path(
        "cases/<str:ticket>/procedure/penalty-notice/",
        penalty.penalty_notice,
        name="penalty_notice",
    ),
    path("cases/<str:ticket>/procedure/hearing/", penalty.hearing, name="hearing"),
    path(
        "cases/<str:ticket>/procedure/penalty-decision/",
        penalty.penalty_decision,
        name="penalty_decision",
    ),
    path(
        "cases/<str:ticket>/procedure/cancellation/",
        ending.cancellation_propose,
        name="cancellation_propose",
    ),
    path("cases/<str:ticket>/procedure/closing/", ending.closing_propose, name="closing_propose"),
    path(
        "cases/<str:ticket>/procedure/steps/<int:step_id>/decide/",
        ending.step_decide,
        name="step_decide",
    ),
    # The service of a document on the party, and the transfer to the police.
    path(
        "cases/<str:ticket>/procedure/documents/<int:pk>/serve/",
        service_views.document_serve,
        name="document_serve",
    ),
    path(
        "cases/<str:ticket>/procedure/transfer-report/",
        transfer_views.transfer_report_propose,
        name="transfer_report_propose",
    ),
    path(
        "cases/<str:ticket>/procedure/transfer/", transfer_views.transfer_make, name="transfer_make"
    ),
    path(
        "cases/<str:ticket>/procedure/police-answer/",
        transfer_views.police_answer,
        name="police_answer",
    ),
    # Credit consequences for an employer who did not pay, and the head's decision.
    path("cases/<str:ticket>/procedure/credit/", credit.credit_propose, name="credit_propose"),
    path(
        "cases/<str:ticket>/procedure/credit/<int:pk>/decide/",
        credit.credit_decide,
        name="credit_decide",
    ),
]
