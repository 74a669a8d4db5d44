"""The service (送达) of a document on the party and its proof of service (送达回证).

The case is filed on 2026-03-04; the order to correct is issued on Thursday 03-05 to pay by
Friday 03-13 and served on 03-06 by posting at the premises (the employer absconded),
recorded by a photo (最高法 法释〔2013〕3号 Art. 4).
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from accounts.roles import Role
from complaints.events import describe
from complaints.exceptions import ActionNotPermitted, InvalidTransition
from complaints.models import CaseEvent, DocumentKind, Evidence, IssuedDocument
from complaints.services import evidence_add
from dispatch.models import Deadline, DeadlineEnd
from inspection.models import Service
from inspection.services.service import document_serve, document_serve_with_upload
from tests.inspection.conftest import PAY_BY, at

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02" + bytes(64)


def photo(name="posted.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture
def document(order):
    return IssuedDocument.objects.get(kind=DocumentKind.RECTIFICATION, number=order.number)


@pytest.fixture
def posted(filed, officer):
    """The photo of the order posted on the premises' door, evidence of the case."""
    with at(3, 6, 9):
        return evidence_add(case=filed, actor=officer, upload=photo(), kind="photo")


def serve(document, actor, when=(3, 6, 15), **fields):
    arguments = {
        "method": "in_person",
        "served_on": date(2026, 3, 6),
        "recipient": "王五（法定代表人）",
        "place": "宜昌市西陵区某路1号",
        "proof": None,
        "note": "",
    }
    with at(*when):
        return document_serve(document=document, actor=actor, **(arguments | fields))


def state_of(document) -> dict:
    """Everything a service writes."""
    return {
        "services": Service.objects.count(),
        "documents": IssuedDocument.objects.count(),
        "events": CaseEvent.objects.count(),
        "deadlines": list(
            Deadline.objects.order_by("id").values_list("policy__code", "due", "closed_at")
        ),
    }


def refused(document, actor, error, **fields):
    before = state_of(document)
    with pytest.raises(error) as raised:
        serve(document, actor, **fields)
    assert state_of(document) == before
    return raised.value


# --- the happy path -----------------------------------------------------------------------


def test_posting_with_a_photo_serves_the_order_and_starts_its_pay_by_clock(
    filed, order, document, posted, officer, second
):
    referral = order.referral
    serve_standard = referral.deadlines.get(policy__code="inspection.serve")
    assert serve_standard.is_open and serve_standard.due == date(2026, 3, 10)  # 3 WD from 03-05

    service = serve(
        document, officer, method="posting", recipient="", proof=posted, place="公司大门"
    )

    assert service.method == "posting" and service.served_on == date(2026, 3, 6)
    assert service.recipient == "" and service.proof == posted and service.recorded_by == officer
    order.refresh_from_db()
    clock = order.deadline
    assert clock.policy.code == "inspection.rectify" and clock.is_open
    assert clock.start == date(2026, 3, 6) and clock.due == PAY_BY
    serve_standard.refresh_from_db()
    assert serve_standard.closed_reason == DeadlineEnd.MET

    proof = service.proof_document
    assert proof.kind == DocumentKind.SERVICE_PROOF and proof.number == ""
    content = proof.content
    assert content["title"] == "送达回证"
    lines = content["sections"][0]["paragraphs"]
    assert f"送达文书：限期改正指令书 {order.number}" in lines
    assert "送达方式：张贴送达（当事人逃匿）" in lines
    assert "送达日期：2026-03-06" in lines and "送达地点：公司大门" in lines
    assert "受送达人：已在住所张贴，照片存卷" in lines
    assert f"送达人：{officer.display_name}、{second.display_name}" in lines
    assert content["receipt_line"] == ""  # nobody signs a posting
    assert [s["name"] for s in content["signers"]] == [officer.display_name, second.display_name]

    event = CaseEvent.objects.get(case=filed, kind="document_served")
    assert event.payload == {
        "document": document.pk,
        "title": "限期改正指令书",
        "number": order.number,
        "served_on": "2026-03-06",
        "method_en": "Posted at the premises (party absconded)",
        "method_zh": "张贴送达（当事人逃匿）",
    }
    with translation.override("en"):
        assert describe(event) == (
            f"限期改正指令书 {order.number} served on 2026-03-06 "
            "(Posted at the premises (party absconded))."
        )


def test_in_person_the_recipient_signs_the_proof(document, officer):
    service = serve(document, officer)
    content = service.proof_document.content
    assert "受送达人：王五（法定代表人）" in content["sections"][0]["paragraphs"]
    assert content["receipt_line"] == "受送达人签名及日期："


def test_the_photo_is_uploaded_with_the_service(filed, document, officer):
    with at(3, 6, 15):
        service = document_serve_with_upload(
            document=document,
            actor=officer,
            upload=photo(),
            method="posting",
            served_on=date(2026, 3, 6),
            place="公司大门",
        )
    assert service.proof.case == filed and service.proof.kind == "photo"


def test_a_posting_may_be_recorded_by_a_video(filed, document, officer):
    """A phone's video of the document posted on the door (MP4 or MOV) is the proof; the
    proof of service says a video is on file."""
    video = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(256)
    with at(3, 6, 15):
        service = document_serve_with_upload(
            document=document,
            actor=officer,
            upload=SimpleUploadedFile("posting.mp4", video, content_type="video/mp4"),
            method="posting",
            served_on=date(2026, 3, 6),
            place="公司大门",
        )
    assert (service.proof.kind, service.proof.content_type) == ("video", "video/mp4")
    paragraphs = service.proof_document.content["sections"][0]["paragraphs"]
    assert "受送达人：已在住所张贴，视频存卷" in paragraphs


def test_a_refused_service_with_an_upload_keeps_no_photo(document, officer, tmp_path):
    with at(3, 6, 15), pytest.raises(ValidationError):
        document_serve_with_upload(
            document=document,
            actor=officer,
            upload=photo(),
            method="posting",
            served_on=date(2026, 3, 20),  # after the pay-by date
        )
    assert not Evidence.objects.exists() and not Service.objects.exists()
    stored = tmp_path / "evidence"
    assert not stored.exists() or not [p for p in stored.rglob("*") if p.is_file()]


def test_a_supervisor_or_the_head_may_serve(document, inspection_head):
    assert serve(document, inspection_head).recorded_by == inspection_head


# --- refusals: each changes nothing -------------------------------------------------------


def test_a_service_dated_on_or_after_the_pay_by_date_is_refused(document, officer):
    for day in (PAY_BY, date(2026, 3, 16)):
        error = refused(document, officer, ValidationError, served_on=day, when=(3, 16))
        message = " ".join(error.message_dict["served_on"])
        assert "2026-03-13 is not after the day of service; issue a corrected order" in message
    assert Service.objects.count() == 0


def test_a_document_is_served_once(document, officer):
    serve(document, officer)
    error = refused(document, officer, InvalidTransition)
    assert "was already served" in str(error.message)


def test_posting_without_a_photo_is_refused(document, officer):
    error = refused(document, officer, ValidationError, method="posting", recipient="")
    assert "recorded by a photo" in " ".join(error.message_dict["proof"])


def test_leaving_at_the_premises_needs_a_photo_too(document, officer):
    error = refused(document, officer, ValidationError, method="left_at_premises")
    assert "proof" in error.message_dict


def test_a_proof_of_another_case_is_refused(document, officer, register_case):
    other = register_case()
    with at(3, 6, 9):
        foreign = evidence_add(case=other, actor=officer, upload=photo(), kind="photo")
    error = refused(document, officer, ValidationError, method="posting", proof=foreign)
    assert "evidence of this case" in " ".join(error.message_dict["proof"])


def test_a_proof_that_is_not_a_photo_is_refused(filed, document, officer):
    with at(3, 6, 9):
        pdf = evidence_add(
            case=filed,
            actor=officer,
            upload=SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n" + bytes(64)),
            kind="document",
        )
    error = refused(document, officer, ValidationError, method="posting", proof=pdf)
    assert "must be a photo" in " ".join(error.message_dict["proof"])


def test_a_recipient_is_named_unless_posted_or_by_notice(document, officer):
    error = refused(document, officer, ValidationError, recipient=" ")
    assert "recipient" in error.message_dict


@pytest.mark.parametrize(
    ("day", "words"),
    [(date(2026, 3, 7), "in the future"), (date(2026, 3, 4), "before the day it was issued")],
)
def test_a_day_of_service_in_the_future_or_before_the_issue_is_refused(
    document, officer, day, words
):
    error = refused(document, officer, ValidationError, served_on=day)
    assert words in " ".join(error.message_dict["served_on"])


def test_a_document_not_served_on_the_party_is_refused(filed, officer):
    filing = IssuedDocument.objects.get(case=filed, kind=DocumentKind.FILING)
    error = refused(filing, officer, InvalidTransition)
    assert "not served on the party" in str(error.message)


def test_only_the_cases_inspector_a_supervisor_or_the_head_serves(
    document, user_factory, district, window
):
    other = user_factory("other-inspector", district, Role.INSPECTOR)
    refused(document, other, ActionNotPermitted)
    refused(document, window, ActionNotPermitted)


# --- a penalty decision meets its service limit ------------------------------------------


def test_serving_a_penalty_decision_meets_penalty_serve(filed, officer, inspection_head):
    from complaints.documents.content import DocumentContent
    from complaints.services.documents import document_issue
    from dispatch.services.deadlines import deadline_open
    from dispatch.services.rectification import inspection_referral

    referral = inspection_referral(filed)
    with at(3, 5):
        decision = document_issue(
            case=filed,
            office=referral.desk.office,
            kind=DocumentKind.PENALTY_DECISION,
            content=DocumentContent(title="行政处罚决定书", acting_body="西区", date="2026-03-05"),
            actor=inspection_head,
        )
        limit = deadline_open(
            referral=referral, policy_code="penalty.serve", start=date(2026, 3, 5)
        )
    serve(decision, officer)
    limit.refresh_from_db()
    assert limit.closed_reason == DeadlineEnd.MET
