"""The administrator's Word templates: an upload replaces the shipped template for its kind
only; a file that is not a Word document, or a template that cannot be rendered, is
refused with the reason and nothing is stored. Issued documents and their prints are
read-only in the admin."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from complaints.documents.docx import DEFAULT_TEMPLATE
from complaints.models import DocumentKind, DocumentTemplate
from tests.complaints.test_documents import (  # noqa: F401 (fixtures used by name)
    _templates_in_tmp,
    download,
    issue,
    word_text,
)

ADD_URL = "/admin/complaints/documenttemplate/add/"


def word_template(*lines: str) -> bytes:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload(client, kind: str, data: bytes, name: str = "template.docx"):
    return client.post(ADD_URL, {"kind": kind, "file": SimpleUploadedFile(name, data)})


def stored_files(settings) -> list:
    root = settings.DOCUMENT_TEMPLATE_ROOT
    return sorted(root.rglob("*")) if root.exists() else []


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def test_an_uploaded_template_is_used_for_its_kind_only(
    admin_client,
    administrator,
    officer,
    issue,  # noqa: F811 (the fixture imported above)
):
    template = word_template("MARKER-西区模板 {{ title }} {{ number }}", "{{ copy_mark }}")
    response = upload(admin_client, DocumentKind.RECTIFICATION, template)
    assert response.status_code == 302
    stored = DocumentTemplate.objects.get(kind=DocumentKind.RECTIFICATION)
    assert stored.uploaded_by == administrator and stored.uploaded_at is not None

    order, filing = issue(), issue(kind=DocumentKind.FILING)
    admin_client.force_login(officer)

    paragraphs = word_text(download(admin_client, order))[0]
    assert paragraphs[0] == f"MARKER-西区模板 限期改正指令书 {order.number}"
    assert not any("MARKER" in text for text in word_text(download(admin_client, filing))[0])


def test_a_file_that_is_not_a_word_document_is_refused(admin_client, settings):
    response = upload(admin_client, DocumentKind.FILING, "不是 Word 文件".encode())

    assert response.status_code == 200
    assert "This file is not a Word document (.docx)." in response.content.decode()
    assert not DocumentTemplate.objects.exists()
    assert stored_files(settings) == []


def test_another_extension_is_refused(admin_client, settings):
    response = upload(admin_client, DocumentKind.FILING, word_template("x"), name="t.doc")

    assert response.status_code == 200
    assert "File extension “doc” is not allowed." in response.content.decode()
    assert not DocumentTemplate.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize(
    "broken",
    ["{{ title ", "{%p for fact in facts %}", "{% if title %}", "{{ title | no_such_filter }}"],
)
def test_a_template_with_broken_tags_is_refused(admin_client, settings, broken):
    response = upload(admin_client, DocumentKind.FILING, word_template(broken))

    assert response.status_code == 200
    assert "This Word template cannot be rendered:" in response.content.decode()
    assert not DocumentTemplate.objects.exists()
    assert stored_files(settings) == []


def test_a_misspelt_placeholder_is_refused_by_name(admin_client, settings):
    response = upload(admin_client, DocumentKind.FILING, word_template("{{ titel }}"))

    page = response.content.decode()
    assert "placeholders that documents do not have: titel." in page
    assert not DocumentTemplate.objects.exists()
    assert stored_files(settings) == []


def test_a_template_cannot_reach_past_its_values(admin_client, settings):
    """The sandbox: a template reads the values it is given, not the objects behind them."""
    sneaky = word_template("{{ seal._image.tpl }}{{ title.__class__.__mro__ }}")
    response = upload(admin_client, DocumentKind.FILING, sneaky)

    assert "This Word template cannot be rendered:" in response.content.decode()
    assert not DocumentTemplate.objects.exists()


def test_a_replaced_template_is_used_from_then_on(admin_client, officer, issue):  # noqa: F811
    upload(admin_client, DocumentKind.RECTIFICATION, word_template("FIRST {{ title }}"))
    stored = DocumentTemplate.objects.get()
    url = reverse("admin:complaints_documenttemplate_change", args=[stored.pk])
    replacement = SimpleUploadedFile("second.docx", word_template("SECOND {{ title }}"))
    response = admin_client.post(url, {"kind": DocumentKind.RECTIFICATION, "file": replacement})
    assert response.status_code == 302
    admin_client.force_login(officer)

    assert word_text(download(admin_client, issue()))[0][0] == "SECOND 限期改正指令书"


def test_the_administrator_downloads_the_shipped_template(admin_client):
    assert "default-template" in admin_client.get(ADD_URL).content.decode()

    response = admin_client.get(reverse("admin:complaints_documenttemplate_default"))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == DEFAULT_TEMPLATE.read_bytes()


def test_issued_documents_and_prints_are_read_only(admin_client, issue):  # noqa: F811
    document = issue()
    assert admin_client.get("/admin/complaints/issueddocument/").status_code == 200
    assert admin_client.get("/admin/complaints/issueddocument/add/").status_code == 403
    change = reverse("admin:complaints_issueddocument_change", args=[document.pk])
    page = admin_client.get(change).content.decode()
    assert 'name="title"' not in page  # shown, not editable
    response = admin_client.post(change, {"title": "改过的标题"})
    assert response.status_code == 403
    document.refresh_from_db()
    assert document.title == "限期改正指令书"
    assert admin_client.get("/admin/complaints/documentoutput/add/").status_code == 403
