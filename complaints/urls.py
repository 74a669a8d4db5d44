from django.urls import path

from complaints.views import (
    acceptance,
    cases,
    consultations,
    employers,
    intake,
    notices,
    personal_data,
)
from complaints.views import advances as advance_views
from complaints.views import chain as chain_views
from complaints.views import documents as document_views
from complaints.views import evidence as evidence_views
from complaints.views import violations as violation_views

app_name = "complaints"

urlpatterns = [
    path("cases/", cases.case_list, name="case_list"),
    path("cases/new/", intake.intake, name="intake"),
    path("cases/decisions/", acceptance.decision_queue, name="decision_queue"),
    path("cases/<str:ticket>/", cases.case_detail, name="case_detail"),
    path("cases/<str:ticket>/receipt/", intake.receipt, name="receipt"),
    path(
        "cases/<str:ticket>/not-accepted-notice/",
        notices.not_accepted_notice,
        name="not_accepted_notice",
    ),
    path("cases/<str:ticket>/decision/", acceptance.decision_submit, name="decision_submit"),
    path(
        "cases/<str:ticket>/decision/<int:decision_id>/approve/",
        acceptance.decision_approve,
        name="decision_approve",
    ),
    path(
        "cases/<str:ticket>/decision/<int:decision_id>/send-back/",
        acceptance.decision_send_back,
        name="decision_send_back",
    ),
    path(
        "cases/<str:ticket>/decision/<int:decision_id>/notice/",
        acceptance.decision_notice,
        name="decision_notice",
    ),
    path(
        "cases/<str:ticket>/decision/completed/",
        acceptance.complaint_completed,
        name="complaint_completed",
    ),
    path("cases/<str:ticket>/notes/", cases.case_note, name="case_note"),
    path("cases/<str:ticket>/payments/", cases.payment_add, name="payment_add"),
    path("cases/<str:ticket>/dimensions/", cases.case_dimensions, name="case_dimensions"),
    path("cases/<str:ticket>/chain/", chain_views.case_chain, name="case_chain"),
    path("cases/<str:ticket>/advances/", advance_views.case_advance, name="case_advance"),
    path(
        "cases/<str:ticket>/advances/recovery/",
        advance_views.case_advance_recovery,
        name="case_advance_recovery",
    ),
    path(
        "cases/<str:ticket>/advances/correct/",
        advance_views.case_advance_correct,
        name="case_advance_correct",
    ),
    path(
        "cases/<str:ticket>/advances/remove/",
        advance_views.case_advance_remove,
        name="case_advance_remove",
    ),
    path(
        "cases/<str:ticket>/advances/recovery/correct/",
        advance_views.case_recovery_correct,
        name="case_recovery_correct",
    ),
    path(
        "cases/<str:ticket>/advances/recovery/remove/",
        advance_views.case_recovery_remove,
        name="case_recovery_remove",
    ),
    path(
        "cases/<str:ticket>/violations/",
        violation_views.case_violations,
        name="case_violations",
    ),
    path("cases/<str:ticket>/evidence/", evidence_views.evidence_upload, name="evidence_upload"),
    path(
        "cases/<str:ticket>/evidence/<int:evidence_id>/",
        evidence_views.evidence_download,
        name="evidence_download",
    ),
    path("cases/<str:ticket>/actions/<slug:action>/", cases.case_action, name="case_action"),
    path(
        "cases/<str:ticket>/materials/<int:material_id>/collect/",
        cases.material_collect,
        name="material_collect",
    ),
    path(
        "cases/<str:ticket>/complainants/<int:complainant_id>/id-number/",
        personal_data.complainant_id_reveal,
        name="complainant_id_reveal",
    ),
    path("cases/<str:ticket>/documents/", document_views.case_documents, name="case_documents"),
    path(
        "cases/<str:ticket>/documents/<int:pk>/",
        document_views.document_page,
        name="document_page",
    ),
    path(
        "cases/<str:ticket>/documents/<int:pk>/docx/",
        document_views.document_docx,
        name="document_docx",
    ),
    path("consultations/", consultations.consultation_list, name="consultation_list"),
    path("employers/<int:pk>/", employers.employer_detail, name="employer_detail"),
    path("employers/<int:pk>/industry/", employers.employer_industry, name="employer_industry"),
]
