"""The page serving a document on the party: the form shows what is served; a posting with
an uploaded photo is recorded; a refusal is shown on the form and changes nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from complaints.models import DocumentKind, Evidence, IssuedDocument
from dispatch import services as dispatch_services
from inspection.models import Service
from tests.inspection.conftest import at

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02" + bytes(64)


@pytest.fixture(autouse=True)
def _evidence_in_tmp(settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"


@pytest.fixture
def document(filed, officer, second):
    zhang = filed.complainants.order_by("pk").first()
    with at(3, 5):
        order = dispatch_services.rectification_order(
            case=filed,
            actor=officer,
            findings="查实拖欠工资",
            amount_found=Decimal("5000"),
            pay_by=date(2026, 3, 13),
            second_inspector=second,
            lines={zhang.pk: Decimal("5000")},
        )
    return IssuedDocument.objects.get(kind=DocumentKind.RECTIFICATION, number=order.number)


def url(document) -> str:
    return reverse("inspection:document_serve", args=[document.case.ticket, document.pk])


def test_the_form_shows_what_is_served(client, document, officer):
    client.force_login(officer)
    page = client.get(url(document), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert document.case.ticket in page and document.number in page
    assert reverse("complaints:document_page", args=[document.case.ticket, document.pk]) in page
    assert 'name="method"' in page and 'name="photo"' in page
    assert 'enctype="multipart/form-data"' in page


def test_posting_with_an_uploaded_photo_is_recorded(client, document, officer):
    client.force_login(officer)
    body = {
        "method": "posting",
        "served_on": "2026-03-06",
        "place": "公司大门",
        "photo": SimpleUploadedFile("posted.png", PNG, content_type="image/png"),
    }
    with at(3, 6, 15):
        response = client.post(url(document), body, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:case_detail", args=[document.case.ticket])
    service = Service.objects.get(document=document)
    assert service.method == "posting" and service.proof.kind == "photo"
    page = client.get(url(document), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Already served on 2026-03-06" in page and 'id="serve-form"' not in page


def test_a_refusal_is_shown_on_the_form_and_changes_nothing(client, document, officer):
    client.force_login(officer)
    body = {"method": "posting", "served_on": "2026-03-06", "place": "公司大门"}
    with at(3, 6, 15):
        response = client.post(url(document), body, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert "张贴送达或留置送达须以照片或视频记录" in response.content.decode()
    assert not Service.objects.exists() and not Evidence.objects.exists()


def test_a_service_after_the_pay_by_date_is_refused_in_words(client, document, officer):
    client.force_login(officer)
    body = {"method": "in_person", "served_on": "2026-03-16", "recipient": "王五"}
    with at(3, 16):
        response = client.post(url(document), body, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "issue a corrected order" in response.content.decode()
    assert not Service.objects.exists()


def test_a_document_not_served_on_the_party_has_no_page(client, filed, officer):
    filing = IssuedDocument.objects.get(case=filed, kind=DocumentKind.FILING)
    client.force_login(officer)
    assert client.get(url(filing)).status_code == 404
