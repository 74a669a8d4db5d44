"""Every case-scoped URL keeps other offices out, and the workflow refuses forged actions.

CASE_URLS lists every page and action that reaches one case (by ticket, referral,
deadline, evidence, order or extension request) or one user's own object (a saved filter,
an export). For each, a user who may not reach the object (a supervisor of another
district, or another user of the same office for personal objects) gets 404 and a forged
POST changes nothing; the same request from the object's owner works (so the forged
request was a real one). A URL pattern of the complaints, dispatch or reports namespaces
with a `ticket`, `pk` or `*_id` argument that is neither in CASE_URLS nor in
NOT_CASE_SCOPED fails `test_every_case_url_has_a_rule`: add a rule when you add a page.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.roles import Role
from complaints import services
from complaints.documents.content import DocumentContent
from complaints.forms import ACTION_FORMS
from complaints.models import (
    AcceptanceDecision,
    Case,
    CaseEvent,
    DocumentOutput,
    Evidence,
    Ground,
    IssuedDocument,
    MissingMaterial,
    Outcome,
    Status,
    WagePayment,
)
from complaints.services import ComplainantData
from complaints.services.acceptance import Proposal, decision_decide, decision_propose
from complaints.services.documents import document_issue
from complaints.workflow import ALLOWED_TRANSITIONS, DECISION_ACTIONS
from config import clock
from dispatch import services as dispatch
from dispatch.models import (
    Deadline,
    Desk,
    ExtensionRequest,
    RectificationOrder,
    Referral,
    SavedFilter,
    Supervision,
)
from dispatch.services.workspace import saved_filter_save
from dispatch.views.referrals import DEADLINE_ACTIONS, REFERRAL_ACTIONS
from dispatch.views.supervision import EXTENSION_DECISIONS, SUPERVISION_ACTIONS
from inspection.models import CreditProposal, Step
from inspection.services.ending import cancellation_propose
from reports import services as reports
from reports.models import ExportJob
from tests.builders import STATUS_PATHS, order_to_pay, paid_in_full, second_inspector

CASE_KWARGS = {"ticket", "referral_id", "deadline_id"}
CASE_NAMESPACES = ("complaints", "dispatch", "reports")
# Patterns with an object argument that are not one case's or one user's object.
NOT_CASE_SCOPED = {
    # Other offices' totals are shown by design; its case rows are checked by
    # test_the_employer_page_shows_another_district_numbers_only below.
    "complaints:employer_detail": "an employer spans offices; rows are scoped, totals are not",
    # Any staff role sets an employer's industry once (only a supervisor changes it):
    # tests/complaints/test_dimensions_pages.py.
    "complaints:employer_industry": "an employer spans offices; its industry is one fact",
}
# The acceptance decision's actions are taken through its own URLs (listed below).
USER_ACTIONS = [
    action
    for action, t in ALLOWED_TRANSITIONS.items()
    if not t.system and action not in DECISION_ACTIONS
]
ID_NUMBER = "420502199001010016"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02" + bytes(64)

# The status each workflow action is tried from: one the table allows it in.
ACTION_SOURCE = {
    "accept": Status.REGISTERED,
    "not_accept": Status.REGISTERED,
    "start": Status.ACCEPTED,
    "resolve": Status.IN_PROGRESS,
    "reopen": Status.RESOLVED,
    "close": Status.RESOLVED,
    "reopen_closed": Status.CLOSED,
    "withdraw": Status.REGISTERED,
    "request_withdrawal": Status.ACCEPTED,
    "cancel_filing": Status.ACCEPTED,
    "continue_ex_officio": Status.ACCEPTED,
    "merge": Status.REGISTERED,
    "transfer": Status.REGISTERED,
}
# The head's decisions on a complainant's withdrawal request need the request first.
ACTION_EXTRAS = {
    action: {"needs": "withdrawal_request", "owner": "inspection_head"}
    for action in ("cancel_filing", "continue_ex_officio")
}


@dataclass(frozen=True)
class CaseUrl:
    name: str
    action: str = ""
    status: str = Status.REGISTERED
    page: bool = False  # read by GET; the others are POST-only actions
    referral: str = ""  # "", "pending", "accepted", "unassigned": the case is routed
    paused: bool = False  # the referral's clock is paused first
    # What else the request reaches: "evidence", "supervision" (an active one),
    # "extension" (a pending request), "order", "saved_filter", "export" (the owner's),
    # "id_number" (the case's one complainant has an ID number).
    needs: str = ""
    owner: str = "supervisor"  # who makes the same request successfully
    outsider: str = "east"  # "east": another district's supervisor; "colleague": same office
    refused: int = 404  # the outsider's POST (405 for a GET-only page; 302 for bulk rows)
    # False for a rule whose valid POST body is not built here yet: only the outsider half
    # of the test runs (the body in `request_for` defaults to empty).
    owner_check: bool = True

    def __str__(self) -> str:
        return f"{self.name}:{self.action}" if self.action else self.name


CASE_URLS = [
    CaseUrl("complaints:case_detail", page=True),
    CaseUrl("complaints:receipt", page=True),
    CaseUrl("complaints:not_accepted_notice", page=True, status=Status.NOT_ACCEPTED),
    CaseUrl("complaints:decision_submit", owner="inspection_head"),
    CaseUrl("complaints:decision_approve", needs="proposal", owner="inspection_head"),
    CaseUrl("complaints:decision_send_back", needs="proposal", owner="inspection_head"),
    CaseUrl("complaints:decision_notice", page=True, needs="completion", owner="inspection_head"),
    CaseUrl("complaints:complaint_completed", needs="completion", owner="inspection_head"),
    CaseUrl("complaints:case_note"),
    CaseUrl("complaints:payment_add"),
    CaseUrl("complaints:case_dimensions"),
    CaseUrl("complaints:case_violations"),
    CaseUrl("complaints:case_chain"),
    CaseUrl("complaints:case_advance"),
    CaseUrl("complaints:case_advance_recovery", owner_check=False),  # needs an advance first
    # Corrections name an advance or a recovery of the case (their POSTs:
    # tests/complaints/test_advance_corrections.py).
    CaseUrl("complaints:case_advance_correct", owner_check=False),
    CaseUrl("complaints:case_advance_remove", owner_check=False),
    CaseUrl("complaints:case_recovery_correct", owner_check=False),
    CaseUrl("complaints:case_recovery_remove", owner_check=False),
    CaseUrl("complaints:material_collect"),
    CaseUrl("complaints:complainant_id_reveal", needs="id_number"),
    CaseUrl("complaints:evidence_upload"),
    CaseUrl("complaints:evidence_download", page=True, needs="evidence", refused=405),
    # The documents issued on a case (GET only: 405 to a POST).
    CaseUrl("complaints:case_documents", page=True, refused=405),
    CaseUrl("complaints:document_page", page=True, needs="document", refused=405),
    CaseUrl("complaints:document_docx", page=True, needs="document", refused=405),
    # The penalty path and the end of a filed case (inspection/urls.py): the forms are pages
    # (their POSTs: tests/inspection/test_ending_pages.py); the head decides a proposal.
    CaseUrl("inspection:penalty_notice", page=True, referral="accepted"),
    CaseUrl("inspection:hearing", page=True, referral="accepted"),
    CaseUrl("inspection:penalty_decision", page=True, referral="accepted"),
    CaseUrl("inspection:cancellation_propose", page=True, referral="accepted"),
    CaseUrl("inspection:closing_propose", page=True, referral="accepted"),
    # The investigation's acts and the handling decision (their POSTs:
    # tests/inspection/test_investigation_pages.py and test_handling_pages.py).
    CaseUrl("inspection:inquiry_notice", page=True, referral="accepted"),
    CaseUrl("inspection:inquiry_record", page=True, referral="accepted"),
    CaseUrl("inspection:site_record", page=True, referral="accepted"),
    CaseUrl("inspection:handling_decision", page=True, referral="accepted"),
    CaseUrl(
        "inspection:step_decide",
        page=True,
        referral="accepted",
        needs="step_proposal",
        owner="inspection_head",
    ),
    # The service of a document and the transfer to the police (their POSTs:
    # tests/inspection/test_service_pages.py and test_transfer_pages.py).
    CaseUrl("inspection:document_serve", page=True, referral="accepted", needs="order"),
    CaseUrl("inspection:transfer_report_propose", page=True, referral="accepted"),
    CaseUrl("inspection:transfer_make", page=True, referral="accepted"),
    CaseUrl("inspection:police_answer", page=True, referral="accepted"),
    # Credit consequences (their POSTs: tests/inspection/test_credit.py).
    CaseUrl("inspection:credit_propose", page=True, referral="accepted"),
    CaseUrl(
        "inspection:credit_decide",
        page=True,
        referral="accepted",
        needs="credit_proposal",
        owner="inspection_head",
    ),
    *[
        CaseUrl(
            "complaints:case_action",
            action=action,
            status=ACTION_SOURCE[action],
            **ACTION_EXTRAS.get(action, {}),
        )
        for action in USER_ACTIONS
    ],
    CaseUrl("dispatch:case_refer"),
    # Only a "dispatch failed" case can be retried (tests/faults/test_fault_handling.py).
    CaseUrl("dispatch:case_retry_dispatch", owner_check=False),
    CaseUrl("dispatch:referral_action", action="accept", referral="pending"),
    CaseUrl("dispatch:referral_action", action="start", referral="accepted"),
    # A filed case's inspection referral is done only by the approved closing (the plain
    # action is refused: tests/inspection/test_ending.py): the outsider half runs here.
    CaseUrl("dispatch:referral_action", action="finish", referral="accepted", owner_check=False),
    CaseUrl("dispatch:referral_action", action="return", referral="pending"),
    CaseUrl("dispatch:referral_action", action="reassign", referral="pending"),
    CaseUrl("dispatch:referral_action", action="take", referral="unassigned", owner="inspector"),
    # An arbitration, work-injury or legal-aid referral's application: the routed referral
    # here is inspection's, so only the outsider half runs (tests/dispatch/test_applications.py
    # has the owner's).
    CaseUrl(
        "dispatch:referral_action",
        action="receive_application",
        referral="pending",
        owner_check=False,
    ),
    # The desks panel polled by a case page opened before routing (GET only: 405 to a POST).
    CaseUrl("dispatch:case_desks", page=True, refused=405),
    CaseUrl("dispatch:deadline_action", action="pause", referral="pending"),
    CaseUrl("dispatch:deadline_action", action="resume", referral="pending", paused=True),
    CaseUrl(
        "dispatch:deadline_action", action="extend", referral="accepted", owner="department_head"
    ),
    CaseUrl("dispatch:supervision_action", action="start"),
    CaseUrl("dispatch:supervision_action", action="report", needs="supervision"),
    CaseUrl("dispatch:supervision_action", action="lift", needs="supervision"),
    # Only a group case is reported upward (the owner's half: tests/dispatch/test_group_cases.py).
    CaseUrl("dispatch:group_case_report", owner_check=False),
    CaseUrl("dispatch:extension_request", referral="accepted", owner="inspector"),
    CaseUrl(
        "dispatch:extension_decide",
        action="approve",
        referral="accepted",
        needs="extension",
        owner="department_head",
    ),
    CaseUrl(
        "dispatch:extension_decide",
        action="refuse",
        referral="accepted",
        needs="extension",
        owner="department_head",
    ),
    CaseUrl("dispatch:order_create", referral="accepted"),
    CaseUrl("dispatch:order_print", page=True, referral="accepted", needs="order"),
    CaseUrl("dispatch:order_complied", referral="accepted", needs="order"),
    CaseUrl("dispatch:queue_accept", referral="pending"),
    CaseUrl("dispatch:queue_return", referral="pending"),
    # Bulk actions take referral ids in the body: a forged id is reported, not a 404.
    CaseUrl("dispatch:bulk_take", referral="unassigned", owner="inspector", refused=302),
    CaseUrl("dispatch:bulk_reassign", referral="pending", refused=302),
    # One user's own objects: another user of the same office gets 404 too.
    CaseUrl("dispatch:saved_filter_delete", needs="saved_filter", outsider="colleague"),
    CaseUrl("reports:export_status", page=True, needs="export", outsider="colleague"),
    CaseUrl("reports:export_download", page=True, needs="export", outsider="colleague"),
]


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    settings.REPORTS_EXPORT_DIR = tmp_path / "exports"


@pytest.fixture
def desk(district, inspector, desk_officer):
    inspection, _ = Desk.objects.get_or_create(office=district, kind="inspection")
    inspection.members.add(inspector, desk_officer)
    return inspection


@pytest.fixture
def people(
    east_supervisor, supervisor, inspector, department_head, inspection_head, user_factory, district
):
    """The users a rule names (CaseUrl.owner and CaseUrl.outsider)."""
    colleague = user_factory("west-colleague", district, Role.SUPERVISOR)
    return {
        "east": east_supervisor,
        "colleague": colleague,
        "supervisor": supervisor,
        "inspector": inspector,
        "department_head": department_head,  # approves an inspection's extension
        "inspection_head": inspection_head,  # approves the acceptance decision
    }


def _walk(case: Case, status: str, *, inspector, head) -> Case:
    steps = {
        "accept": lambda c: services.case_accept(case=c, actor=head),
        "start": lambda c: services.case_start(case=c, actor=inspector),
        "resolve": lambda c: services.case_resolve(case=c, actor=inspector),
        "close": lambda c: services.case_close(case=c, actor=inspector, **paid_in_full()),
        "not_accept": lambda c: services.case_not_accept(
            case=c,
            actor=head,
            reason="超过两年",
            ground=Outcome.objects.get(code="not_accepted_time_limit"),
        ),
    }
    for step in STATUS_PATHS[status]:  # how a fresh case gets there
        case = steps[step](case)
    return case


@dataclass
class Target:
    case: Case
    referral: Referral | None = None
    deadline: Deadline | None = None
    merge_into: Case | None = None
    evidence: Evidence | None = None
    extension: ExtensionRequest | None = None
    order: RectificationOrder | None = None
    decision: AcceptanceDecision | None = None
    saved_filter: SavedFilter | None = None
    export: ExportJob | None = None
    document: IssuedDocument | None = None
    step: Step | None = None
    credit: CreditProposal | None = None


def _route(case: Case, desk: Desk, *, unassigned: bool) -> Referral:
    """Route the case; `unassigned`: while the desk has nobody, so no officer is chosen."""
    members = list(desk.members.all())
    if unassigned:
        desk.members.clear()
    referral = dispatch.case_route(case_id=case.pk)[0]
    desk.members.add(*members)
    return referral


def _order_fields() -> dict:
    return {
        "findings": "查实拖欠3名工人工资",
        "amount_found": Decimal("9000.00"),
        "pay_by": clock.today() + timedelta(days=20),
    }


@pytest.fixture
def build(register_case, inspector, supervisor, desk, people):
    def make(spec: CaseUrl) -> Target:
        workers = {}
        if spec.needs == "id_number":
            worker = ComplainantData(name="张三", phone="13800138000", id_number=ID_NUMBER)
            workers["complainants"] = [worker]
        case = register_case(missing_materials=["payroll"], **workers)
        target = Target(case=case)
        if spec.referral:
            target.referral = _route(case, desk, unassigned=spec.referral == "unassigned")
            if spec.referral == "accepted":
                dispatch.referral_accept(referral=target.referral, actor=inspector)
                services.case_accept(case=case, actor=people["inspection_head"])
            target.deadline = Deadline.objects.get(referral=target.referral, closed_at=None)
            if spec.paused:
                dispatch.deadline_pause(deadline=target.deadline, actor=inspector, reason="鉴定")
        target.case = _walk(case, spec.status, inspector=inspector, head=people["inspection_head"])
        if spec.action == "merge":
            target.merge_into = register_case()
        if spec.name == "dispatch:bulk_reassign":  # the outsider reassigns to their own desk
            east = Desk.objects.get_or_create(office=people["east"].office, kind="inspection")[0]
            east.members.add(people["east"])
        owner = people[spec.owner]
        if spec.needs == "evidence":
            target.evidence = services.evidence_add(
                case=case, actor=inspector, upload=png(), kind="photo", description="工地照片"
            )
        elif spec.needs == "withdrawal_request":
            services.case_request_withdrawal(case=case, actor=inspector, reason="申请撤回")
        elif spec.needs == "supervision":
            dispatch.supervision_start(
                case=case,
                actor=supervisor,
                instructions="三日内回报",
                report_by=clock.today() + timedelta(days=3),
            )
        elif spec.needs == "extension":
            target.extension = dispatch.extension_request(
                deadline=target.deadline, actor=inspector, reason="案情复杂"
            )
        elif spec.needs == "order":
            target.order = order_to_pay(case, inspector, **_order_fields())
        elif spec.needs == "proposal":
            target.decision = decision_propose(
                case=case, actor=inspector, proposal=Proposal(ground=Ground.ACCEPT)
            )
        elif spec.needs == "completion":
            target.decision = decision_decide(
                case=case,
                actor=people["inspection_head"],
                proposal=Proposal(ground=Ground.COMPLETE, missing="用人单位名称"),
            )
        elif spec.needs == "document":
            content = DocumentContent(
                title="现场检查笔录", acting_body="西区人社局", date="2026-12-07"
            )
            target.document = document_issue(
                case=case,
                office=case.responsible_office,
                kind="site_record",
                content=content,
                actor=inspector,
            )
        elif spec.needs == "credit_proposal":
            order = order_to_pay(case, inspector, **_order_fields())
            target.credit = CreditProposal.objects.create(
                case=case,
                employer=case.employer,
                measure="joint_punishment",
                basis=case.documents.get(kind="rectification", number=order.number),
                grounds="逾期未支付",
                proposed_by=inspector,
                proposed_at=clock.now(),
            )
        elif spec.needs == "step_proposal":
            target.step = cancellation_propose(case=case, actor=inspector, reasons="情节轻微已改正")
        elif spec.needs == "saved_filter":
            target.saved_filter = saved_filter_save(
                user=owner, page="my_cases", name="我的筛选", query=""
            )
        elif spec.needs == "export":
            target.export = ExportJob.objects.create(
                user=owner, file_format="csv", language="en", created_at=clock.now()
            )
            reports.export_run(job_id=target.export.pk)
        return target

    return make


def png() -> SimpleUploadedFile:
    return SimpleUploadedFile("site.png", PNG, content_type="application/octet-stream")


DECISION_URLS = (
    "complaints:decision_approve",
    "complaints:decision_send_back",
    "complaints:decision_notice",
)


def url_for(spec: CaseUrl, target: Target) -> str:
    """The URL of `spec` on `target`."""
    case = target.case
    kwargs = {"ticket": case.ticket}
    if spec.name in ("dispatch:referral_action", "dispatch:queue_accept", "dispatch:queue_return"):
        kwargs = {"referral_id": target.referral.pk}
    elif spec.name in ("dispatch:deadline_action", "dispatch:extension_request"):
        kwargs = {"deadline_id": target.deadline.pk}
    elif spec.name == "dispatch:extension_decide":
        kwargs = {"pk": target.extension.pk}
    elif spec.name in ("dispatch:order_print", "dispatch:order_complied"):
        kwargs = {"pk": target.order.pk}
    elif spec.name in ("dispatch:bulk_take", "dispatch:bulk_reassign"):
        kwargs = {}
    elif spec.name == "dispatch:saved_filter_delete":
        kwargs = {"saved_filter_id": target.saved_filter.pk}
    elif spec.name.startswith("reports:"):
        kwargs = {"job_id": target.export.pk}
    elif spec.name == "complaints:evidence_download":
        kwargs["evidence_id"] = target.evidence.pk
    elif spec.name in ("complaints:document_page", "complaints:document_docx"):
        kwargs["pk"] = target.document.pk
    elif spec.name in DECISION_URLS:
        kwargs["decision_id"] = target.decision.pk
    elif spec.name == "inspection:credit_decide":
        kwargs["pk"] = target.credit.pk
    elif spec.name == "inspection:step_decide":
        kwargs["step_id"] = target.step.pk
    elif spec.name == "inspection:document_serve":
        kwargs["pk"] = case.documents.get(kind="rectification", number=target.order.number).pk
    elif spec.name == "complaints:material_collect":
        kwargs["material_id"] = case.missing_materials.get().pk
    elif spec.name == "complaints:complainant_id_reveal":
        kwargs["complainant_id"] = case.complainants.get().pk
    if spec.action:
        kwargs["action"] = spec.action
    return reverse(spec.name, kwargs=kwargs)


def _head_of(case: Case):
    """A head of the inspection body at the case's office: approves an advance payment."""
    if not case.pk:
        return ""
    heads = case.responsible_office.users.filter(groups__name=Role.INSPECTION_HEAD)
    return heads.values_list("pk", flat=True).first() or ""


def request_for(spec: CaseUrl, target: Target, *, other_district, desk_officer, actor=None):
    """The URL and a complete, valid POST body for `spec` on `target`, sent by `actor`."""
    url = url_for(spec, target)
    case = target.case
    if spec.name == "complaints:case_action":
        return url, action_body(spec.action, target, other_district=other_district)
    same_office = actor is None or actor.office_id == case.responsible_office_id
    referral_ids = [target.referral.pk] if target.referral else []
    data = {
        "dispatch:referral_action:pause": {"reason": "等待工伤认定"},
        "dispatch:deadline_action:pause": {"reason": "等待工伤认定"},
        "dispatch:deadline_action:extend": {"reason": "案情复杂"},
        "dispatch:referral_action:return": {"reason": "不属本科室"},
        "dispatch:referral_action:finish": {"note": "已办结"},
        "dispatch:referral_action:reassign": {"officer": desk_officer.pk},
        "complaints:case_note": {"text": "伪造的备注"},
        "complaints:case_dimensions": {"dimensions-mass_incident_risk": "on"},
        "complaints:case_violations": {"violations-complained": "unpaid_overtime"},
        "complaints:case_chain": {
            "project-name": "伪造的项目",
            "party-TOTAL_FORMS": "0",
            "party-INITIAL_FORMS": "0",
        },
        "complaints:decision_submit": {"decision-ground": "accept", "act": "decide"},
        "complaints:decision_send_back": {"send_back-reason": "欠薪持续至今"},
        "complaints:complaint_completed": {"complete-received_on": clock.today().isoformat()},
        "complaints:payment_add": {
            "complainant": case.complainants.first().pk if case.pk else "",
            "amount": "100.00",
            "paid_on": timezone.localdate().isoformat(),
        },
        "complaints:case_advance": {
            "advance-complainant": case.complainants.first().pk if case.pk else "",
            "advance-source": "emergency_fund",
            "advance-amount": "100.00",
            "advance-paid_on": timezone.localdate().isoformat(),
            "advance-approved_by": _head_of(case),
        },
        "complaints:case_advance_recovery": {
            "recovery-amount": "100.00",
            "recovery-recovered_on": timezone.localdate().isoformat(),
        },
        "complaints:evidence_upload": {"kind": "photo", "description": "照片", "file": png()},
        "dispatch:case_refer": {"desk": "legal_aid", "reason": "需要法律援助"},
        "dispatch:supervision_action:start": {
            "supervision-instructions": "三日内回报",
            "supervision-report_by": (clock.today() + timedelta(days=3)).isoformat(),
        },
        "dispatch:supervision_action:report": {"supervision-report": "已约谈用人单位"},
        "dispatch:supervision_action:lift": {"supervision-note": "已回报"},
        "dispatch:group_case_report": {"group-note": "已电话报告市局"},
        "dispatch:extension_request": {"reason": "案情复杂"},
        "dispatch:extension_decide:approve": {"note": "同意"},
        "dispatch:extension_decide:refuse": {"note": "证据已齐"},
        "dispatch:queue_return": {"reason": "不属本科室"},
        "dispatch:bulk_take": {"referral": referral_ids},
        "dispatch:bulk_reassign": {
            "referral": referral_ids,
            "officer": desk_officer.pk if same_office else actor.pk,
        },
    }.get(str(spec), {})
    if str(spec) == "dispatch:order_create":
        data = _order_form(case, actor)
    return url, data


def _order_form(case, actor) -> dict:
    """The order to pay as the case page posts it: the first worker's line and a second
    inspector of the actor's office."""
    form = {f"order-{name}": str(value) for name, value in _order_fields().items()}
    form["order-addressee_role"] = "employer"
    if case.pk:
        form[f"order-line_{case.complainants.first().pk}"] = "9000.00"
    if actor is not None and actor.office is not None:
        form["order-second_inspector"] = str(second_inspector(actor.office, actor).pk)
    return form


def action_body(action: str, target: Target, *, other_district) -> dict:
    followup_at = timezone.localtime() - timedelta(hours=1)
    fields = {
        "accept": {"note": "材料齐全"},
        "not_accept": {"reason": "超过两年", "notice_number": "N-2"},
        "start": {},
        "resolve": {"note": "已调解"},
        "reopen": {"reason": "工人反映仍未支付"},
        "close": {
            "outcome": Outcome.objects.get(code="paid_in_full").pk,
            "followup_at": followup_at.strftime("%Y-%m-%dT%H:%M"),
            "followup_method": "phone",
            "followup_result": "工资已到账",
            "satisfaction": "satisfied",
        },
        "reopen_closed": {"reason": "复查"},
        "withdraw": {"reason": "已私下和解"},
        "request_withdrawal": {"reason": "工资已结清，申请撤回投诉"},
        "cancel_filing": {"reason": "情节轻微且已改正"},
        "continue_ex_officio": {"reason": "依职权继续调查"},
        "merge": {"target": target.merge_into.ticket if target.merge_into else ""},
        "transfer": {"to_office": other_district.pk, "reason": "用人单位在东区"},
    }[action]
    return {f"{action}-{name}": value for name, value in fields.items()}


def snapshot(case: Case) -> dict:
    """Everything a case-scoped request could change."""
    case = Case.objects.get(pk=case.pk)
    return {
        "events": CaseEvent.objects.count(),
        "cases": Case.objects.count(),
        "status": case.status,
        "office": case.responsible_office_id,
        "payments": WagePayment.objects.count(),
        "evidence": Evidence.objects.count(),
        "collected": MissingMaterial.objects.filter(collected_at__isnull=False).count(),
        "referrals": list(Referral.objects.order_by("id").values_list("status", "officer_id")),
        "deadlines": list(
            Deadline.objects.order_by("id").values_list(
                "due", "paused_on", "original_due", "closed_at"
            )
        ),
        "supervisions": list(
            Supervision.objects.order_by("id").values_list("reported_at", "lifted_at")
        ),
        "extensions": list(ExtensionRequest.objects.order_by("id").values_list("decision")),
        "orders": list(RectificationOrder.objects.order_by("id").values_list("complied_at")),
        "saved_filters": SavedFilter.objects.count(),
        "exports": ExportJob.objects.count(),
        "document_prints": DocumentOutput.objects.count(),
    }


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def post_refused(client, build, other_district, desk_officer):
    """post_refused(spec, user) -> (response, target): `user` posts the form of `spec` on a
    case built for it, which must stay as it was."""

    def post(spec: CaseUrl, user) -> tuple:
        target = build(spec)
        url, data = request_for(
            spec, target, other_district=other_district, desk_officer=desk_officer
        )
        client.force_login(user)
        before = snapshot(target.case)
        response = client.post(url, data)
        assert snapshot(target.case) == before
        return response, target

    return post


# --- the list is complete ---------------------------------------------------------------


def _reaches_an_object(pattern: URLPattern) -> bool:
    kwargs = set(pattern.pattern.regex.groupindex)
    return bool(CASE_KWARGS & kwargs) or any(k == "pk" or k.endswith("_id") for k in kwargs)


def _case_url_names() -> set[str]:
    """URL names under the complaints, dispatch and reports namespaces that reach an object."""
    names = set()
    for entry in get_resolver().url_patterns:
        if not (isinstance(entry, URLResolver) and entry.namespace in CASE_NAMESPACES):
            continue
        for pattern in entry.url_patterns:
            if isinstance(pattern, URLPattern) and _reaches_an_object(pattern):
                names.add(f"{entry.namespace}:{pattern.name}")
    return names


def test_every_case_url_has_a_rule():
    covered = {spec.name for spec in CASE_URLS} | set(NOT_CASE_SCOPED)
    missing = _case_url_names() - covered
    assert not missing, f"add these case URLs to CASE_URLS: {sorted(missing)}"


def test_every_action_of_every_case_url_is_listed():
    listed = {(spec.name, spec.action) for spec in CASE_URLS}
    assert {("complaints:case_action", action) for action in ACTION_FORMS} <= listed
    assert {("dispatch:referral_action", action) for action in REFERRAL_ACTIONS} <= listed
    assert {("dispatch:deadline_action", action) for action in DEADLINE_ACTIONS} <= listed
    assert {("dispatch:supervision_action", action) for action in SUPERVISION_ACTIONS} <= listed
    assert {("dispatch:extension_decide", action) for action in EXTENSION_DECISIONS} <= listed


# --- another district: 404, and a forged POST changes nothing -------------------------


@pytest.mark.parametrize("spec", CASE_URLS, ids=str)
def test_another_district_gets_404_and_changes_nothing(
    client, build, spec, people, other_district, desk_officer
):
    target = build(spec)
    outsider, owner = people[spec.outsider], people[spec.owner]
    url, data = request_for(
        spec, target, actor=outsider, other_district=other_district, desk_officer=desk_officer
    )
    client.force_login(outsider)
    before = snapshot(target.case)

    got = client.get(url)
    posted = client.post(url, data)

    assert got.status_code == (404 if spec.page else 405)
    assert posted.status_code == spec.refused
    assert snapshot(target.case) == before
    # The same request from the owner works: the forgery was a real request.
    client.force_login(owner)
    if spec.page:
        # (The order's print address leads to its issued document's page.)
        assert client.get(url, follow=True).status_code == 200
    elif spec.owner_check:
        url, data = request_for(
            spec, target, actor=owner, other_district=other_district, desk_officer=desk_officer
        )
        response = client.post(url, data)
        assert response.status_code == 302, messages_of(response)
        assert snapshot(target.case) != before, messages_of(response)


def test_the_employer_page_shows_another_district_numbers_only(
    client, register_case, east_supervisor, supervisor
):
    case = register_case()
    url = reverse("complaints:employer_detail", args=[case.employer_id])
    client.force_login(east_supervisor)
    page = client.get(url).content.decode()
    assert case.ticket not in page and "张三" not in page
    assert "West District" in page
    client.force_login(supervisor)
    assert case.ticket in client.get(url).content.decode()


# A body naming another district's object (a worker, a case to merge into, an officer).
FORGED_BODIES = {
    "payment for another district's worker": (
        CaseUrl("complaints:payment_add"),
        lambda other: {
            "complainant": other["case"].complainants.get().pk,
            "amount": "100.00",
            "paid_on": timezone.localdate().isoformat(),
        },
    ),
    "merge into another district's case": (
        CaseUrl("complaints:case_action", action="merge"),
        lambda other: {"merge-target": other["case"].ticket, "merge-reason": "重复"},
    ),
    "reassign to another district's officer": (
        CaseUrl("dispatch:referral_action", action="reassign", referral="pending"),
        lambda other: {"officer": other["officer"].pk},
    ),
    "bulk reassign to another district's officer": (
        CaseUrl("dispatch:bulk_reassign", referral="pending"),
        lambda other: {"officer": other["officer"].pk},
    ),
}


@pytest.mark.parametrize("forgery", FORGED_BODIES, ids=str)
def test_a_body_naming_another_districts_object_changes_nothing(
    client, build, forgery, supervisor, register_case, user_factory, other_district, desk_officer
):
    spec, forged = FORGED_BODIES[forgery]
    target = build(spec)
    east_window = user_factory("east-window", other_district, Role.WINDOW)
    east_officer = user_factory("east-officer", other_district, Role.INSPECTOR)
    Desk.objects.get_or_create(office=other_district, kind="inspection")[0].members.add(
        east_officer
    )
    other = {"case": register_case(actor=east_window), "officer": east_officer}
    url, data = request_for(
        spec, target, actor=supervisor, other_district=other_district, desk_officer=desk_officer
    )
    client.force_login(supervisor)
    before = snapshot(target.case)

    response = client.post(url, {**data, **forged(other)})

    assert response.status_code in (302, 400)
    assert snapshot(target.case) == before


def test_a_referral_officer_from_another_office_keeps_access_to_their_referral(
    client, build, user_factory, other_district, desk, supervisor
):
    """The one exception the referral views make: the assigned officer may act."""
    target = build(CaseUrl("dispatch:referral_action", action="accept", referral="pending"))
    visiting = user_factory("visiting", other_district, Role.INSPECTOR)
    desk.members.add(visiting)
    dispatch.referral_reassign(referral=target.referral, officer=visiting, actor=supervisor)
    client.force_login(visiting)
    url = reverse("dispatch:referral_action", args=[target.referral.pk, "accept"])
    assert client.post(url).status_code == 302
    assert Referral.objects.get(pk=target.referral.pk).status == "accepted"


# --- the workflow refuses what it does not allow this user now ------------------------

ROLES = [Role.WINDOW, Role.INSPECTOR, Role.DESK_OFFICER, Role.SUPERVISOR]
FORBIDDEN_BY_ROLE = [
    (action, role)
    for action in USER_ACTIONS
    for role in ROLES
    if role not in ALLOWED_TRANSITIONS[action].roles
]


@pytest.mark.parametrize(("action", "role"), FORBIDDEN_BY_ROLE, ids=lambda v: str(v))
def test_a_forged_action_the_role_may_not_do_is_refused_with_a_message(
    post_refused, user_factory, district, action, role
):
    spec = CaseUrl("complaints:case_action", action=action, status=ACTION_SOURCE[action])
    response, target = post_refused(spec, user_factory(f"forger-{role}", district, role))
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:case_detail", args=[target.case.ticket])
    assert messages_of(response), "the refusal says why"


@pytest.mark.parametrize(
    ("action", "status"),
    [("close", Status.REGISTERED), ("start", Status.IN_PROGRESS), ("reopen", Status.CLOSED)],
)
def test_a_forged_action_the_status_does_not_allow_is_refused_with_a_message(
    post_refused, supervisor, action, status
):
    spec = CaseUrl("complaints:case_action", action=action, status=status)
    response, _target = post_refused(spec, supervisor)
    assert response.status_code == 302
    assert any("cannot be changed" in message for message in messages_of(response))


def test_an_empty_forged_post_is_refused_with_a_message_too(client, build, window, desk_officer):
    spec = CaseUrl("complaints:case_action", action="close", status=Status.RESOLVED)
    target = build(spec)
    client.force_login(window)
    before = snapshot(target.case)
    response = client.post(reverse(spec.name, args=[target.case.ticket, "close"]), {})
    assert response.status_code == 302
    assert any("not open to you" in message for message in messages_of(response))
    assert snapshot(target.case) == before


def test_an_unknown_action_is_404(client, register_case, supervisor):
    case = register_case()
    client.force_login(supervisor)
    before = snapshot(case)
    assert (
        client.post(reverse("complaints:case_action", args=[case.ticket, "erase"])).status_code
        == 404
    )
    assert snapshot(case) == before


@pytest.mark.parametrize("user", ["inspector", "supervisor"])
def test_only_the_head_of_department_approves_an_inspections_extension(post_refused, request, user):
    spec = CaseUrl(
        "dispatch:deadline_action", action="extend", referral="accepted", owner="department_head"
    )
    response, _target = post_refused(spec, request.getfixturevalue(user))
    assert response.status_code == 302
    assert (
        "Only a user with the role “Head of department” may approve this extension."
        in messages_of(response)
    )


# --- the inspector's way to the end, through the case page ----------------------------


def test_an_inspector_takes_a_case_from_accept_to_close_through_the_page(
    client, register_case, inspector, inspection_head
):
    case = register_case()
    detail = reverse("complaints:case_detail", args=[case.ticket])
    decision = reverse("complaints:decision_submit", args=[case.ticket])

    def act(action, **fields):
        body = {f"{action}-{name}": value for name, value in fields.items()}
        return client.post(reverse("complaints:case_action", args=[case.ticket, action]), body)

    # The inspector proposes acceptance; the head of the inspection body approves it.
    client.force_login(inspector)
    proposed = client.post(decision, {"decision-ground": "accept", "act": "propose"})
    assert proposed.status_code == 302
    client.force_login(inspection_head)
    pending = case.acceptance_decisions.get()
    approve = reverse("complaints:decision_approve", args=[case.ticket, pending.pk])
    assert client.post(approve).status_code == 302
    client.force_login(inspector)
    assert act("start").status_code == 302
    person = case.complainants.get()
    paid = client.post(
        reverse("complaints:payment_add", args=[case.ticket]),
        {"complainant": person.pk, "amount": "4500.00", "paid_on": timezone.localdate()},
    )
    assert paid.status_code == 302
    assert act("resolve", note="已全额支付").status_code == 302

    # Closing without the follow-up is refused on the form, field by field.
    incomplete = act("close", outcome=Outcome.objects.get(code="paid_in_full").pk)
    assert incomplete.status_code == 400
    page = incomplete.content.decode()
    assert "This field is required." in page
    assert Case.objects.get(pk=case.pk).status == Status.RESOLVED

    followup_at = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    closed = act(
        "close",
        outcome=Outcome.objects.get(code="paid_in_full").pk,
        followup_at=followup_at,
        followup_method="phone",
        followup_result="工资已到账",
        satisfaction="satisfied",
    )
    assert closed.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert case.complainants.get().recovered_amount == 4500
    kinds = list(case.events.order_by("id").values_list("kind", flat=True))
    assert kinds[-1] == "close" and "resolve" in kinds and "start" in kinds
    assert "4500.00" in client.get(detail).content.decode()


def test_mark_resolved_is_refused_while_a_desk_works_naming_the_desk(post_refused, inspector):
    spec = CaseUrl(
        "complaints:case_action", action="resolve", status=Status.IN_PROGRESS, referral="pending"
    )
    response, _target = post_refused(spec, inspector)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Desks are still working on this case" in page
    assert "West District · Labor inspection" in page
