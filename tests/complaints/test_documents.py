"""An issued document's A4 page and Word file: drawn from its content as issued, the first
print of each format the original and every later one a copy (副本), a correction naming
the document it corrects, the seal of the office, and nobody outside the case's offices.

Documents are issued through the service (document_issue) with a content of every part:
the acting body, title, number, addressee, facts, a section of paragraphs and one with a
table and its total, two inspectors with their cards, the date and the receipt line.
"""

import io
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from complaints import services
from complaints.documents.content import (
    DocumentContent,
    Section,
    Signer,
    Table,
    content_hash,
)
from complaints.documents.docx import DEFAULT_TEMPLATE, _sample_png, template_check
from complaints.models import DocumentFormat, DocumentKind, DocumentOutput, IssuedDocument
from complaints.services.documents import document_issue

ACTING_BODY = "宜昌市西区人力资源和社会保障局"


@pytest.fixture(autouse=True)
def _templates_in_tmp(settings, tmp_path):
    """Uploaded Word templates never land in the real DOCUMENT_TEMPLATE_ROOT."""
    settings.DOCUMENT_TEMPLATE_ROOT = tmp_path / "document-templates"


def order_content(case, **changes) -> DocumentContent:
    values = {
        "title": "限期改正指令书",
        "acting_body": ACTING_BODY,
        "date": "2026-12-07",
        "addressee": "宜昌某某建筑有限公司",
        "facts": [("案件编号", case.ticket), ("用人单位", "A&B <建筑> 公司")],
        "sections": [
            Section(heading="查明事实", paragraphs=["拖欠两名工人工资。\n已多次催告。"]),
            Section(
                heading="应支付工资",
                table=Table(
                    columns=["姓名", "金额（元）"],
                    rows=[["张三", "5000.00"], ["李四", "3000.00"]],
                    footer=["合计", "8000.00"],
                ),
            ),
        ],
        "signers": [Signer(name="赵强", card="JC-officer"), Signer(name="孙明", card="JC-second")],
        "receipt_line": "被责令单位签收：",
    }
    return DocumentContent(**(values | changes))


@pytest.fixture
def issue(register_case, district, officer):
    """issue(kind=..., corrects=..., case=..., **content changes) -> an IssuedDocument."""

    def make(kind=DocumentKind.RECTIFICATION, corrects=None, case=None, **changes):
        case = case or (corrects.case if corrects else register_case())
        return document_issue(
            case=case,
            office=district,
            kind=kind,
            content=order_content(case, **changes),
            actor=officer,
            corrects=corrects,
        )

    return make


def page_url(document) -> str:
    return reverse("complaints:document_page", args=[document.case.ticket, document.pk])


def docx_url(document) -> str:
    return reverse("complaints:document_docx", args=[document.case.ticket, document.pk])


def word_text(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    """The paragraphs' text and each table's rows of a .docx, read back with python-docx."""
    document = Document(io.BytesIO(data))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
    ]
    return paragraphs, tables


def download(client, document) -> bytes:
    response = client.get(docx_url(document))
    assert response.status_code == 200
    return response.content


# --- the Word file -----------------------------------------------------------------------


def test_the_word_file_holds_every_part_of_the_document(client, officer, issue):
    document = issue()
    client.force_login(officer)

    response = client.get(docx_url(document))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    name = f"限期改正指令书-{document.number}.docx"
    assert response["Content-Disposition"] == f"attachment; filename*=UTF-8''{quote(name)}"
    paragraphs, tables = word_text(response.content)
    assert paragraphs[:3] == [ACTING_BODY, "限期改正指令书", "west限改字〔2026〕第1号"]
    assert "宜昌某某建筑有限公司：" in paragraphs
    assert f"案件编号：{document.case.ticket}" in paragraphs
    assert "用人单位：A&B <建筑> 公司" in paragraphs  # escaped in the XML, intact in Word
    assert paragraphs.index("查明事实") < paragraphs.index("拖欠两名工人工资。")
    assert "已多次催告。" in paragraphs  # a line break in the content: its own paragraph
    assert "应支付工资" in paragraphs
    assert tables == [
        [["姓名", "金额（元）"], ["张三", "5000.00"], ["李四", "3000.00"], ["合计", "8000.00"]]
    ]
    assert "监察员：赵强\u3000执法证号：JC-officer" in paragraphs
    assert "监察员：孙明\u3000执法证号：JC-second" in paragraphs
    assert f"{ACTING_BODY}（印章）" in paragraphs  # no seal image: stamped by hand
    assert "2026-12-07" in paragraphs
    assert "被责令单位签收：____________" in paragraphs
    assert "副本" not in paragraphs


def test_the_second_download_is_a_copy_and_says_so(client, officer, supervisor, issue):
    document = issue()
    client.force_login(officer)
    first = download(client, document)
    client.force_login(supervisor)
    second = download(client, document)

    assert "副本" not in word_text(first)[0]
    assert word_text(second)[0][0] == "副本"
    outputs = DocumentOutput.objects.filter(document=document).order_by("id")
    assert [(o.format, o.is_copy, o.made_by) for o in outputs] == [
        (DocumentFormat.DOCX, False, officer),
        (DocumentFormat.DOCX, True, supervisor),
    ]


def test_the_committed_default_template_is_a4_with_margins():
    section = Document(str(DEFAULT_TEMPLATE)).sections[0]
    size = [round(length.mm) for length in (section.page_width, section.page_height)]
    margins = [round(length.mm) for length in (section.top_margin, section.left_margin)]
    assert (size, margins) == ([210, 297], [37, 28])  # Word stores twentieths of a point


def test_the_command_builds_a_template_that_renders(tmp_path):
    out = tmp_path / "default.docx"
    call_command("document_template_default", "--out", str(out), stdout=io.StringIO())
    template_check(out.read_bytes())  # no error: it renders every part


def test_a_png_seal_goes_into_the_word_file_as_a_picture(client, officer, district, issue):
    district.seal.save("seal.png", ContentFile(_sample_png()))
    document = issue()
    client.force_login(officer)

    data = download(client, document)

    assert len(Document(io.BytesIO(data)).inline_shapes) == 1
    paragraphs = word_text(data)[0]
    assert ACTING_BODY in paragraphs and f"{ACTING_BODY}（印章）" not in paragraphs


def test_an_svg_seal_is_stamped_by_hand_in_word(client, officer, district, issue):
    district.seal.save("seal.svg", ContentFile(b'<svg xmlns="http://www.w3.org/2000/svg"/>'))
    document = issue()
    client.force_login(officer)

    data = download(client, document)

    assert len(Document(io.BytesIO(data)).inline_shapes) == 0
    assert f"{ACTING_BODY}（印章）" in word_text(data)[0]


# --- the A4 page ----------------------------------------------------------------------------


def test_the_a4_page_is_drawn_from_the_content_as_issued(client, officer, district, issue):
    document = issue()
    district.acting_body = "改名后的人社局"  # a later change of the office's name
    district.save()
    client.force_login(officer)

    page = client.get(page_url(document)).content.decode()

    for text in (ACTING_BODY, "限期改正指令书", document.number, "查明事实", "8000.00"):
        assert text in page
    assert "A&amp;B &lt;建筑&gt; 公司" in page
    assert "监察员：赵强\u3000执法证号：JC-officer" in page
    assert "改名后的人社局" not in page
    assert "document-copy-mark" not in page


def test_the_second_print_is_marked_as_a_copy(client, officer, issue):
    document = issue()
    client.force_login(officer)
    download(client, document)  # the Word file counts apart from the A4 page

    first = client.get(page_url(document)).content.decode()
    second = client.get(page_url(document)).content.decode()

    assert "document-copy-mark" not in first
    assert '<p class="document-copy-mark">副本</p>' in second
    a4 = DocumentOutput.objects.filter(document=document, format=DocumentFormat.A4)
    assert list(a4.order_by("id").values_list("is_copy", flat=True)) == [False, True]


def test_the_a4_page_shows_the_office_seal(client, officer, district, issue):
    district.seal.save("seal.png", ContentFile(_sample_png()))
    document = issue()
    client.force_login(officer)

    page = client.get(page_url(document)).content.decode()

    seal_url = reverse("accounts:office_seal", args=[district.seal.name])
    assert f'class="office-seal-image" src="{seal_url}"' in page


def test_a_correction_names_the_document_it_corrects(client, officer, issue):
    original = issue()
    correction = issue(corrects=original, addressee="宜昌某某建筑有限公司（更正）")
    client.force_login(officer)

    correction_page = client.get(page_url(correction)).content.decode()
    original_page = client.get(page_url(original)).content.decode()

    line = f"本文书更正{original.number}。"
    assert line in correction_page
    assert line in word_text(download(client, correction))[0]
    assert line not in word_text(download(client, original))[0]
    assert f'href="{page_url(correction)}"' in original_page
    assert "document-corrected" not in correction_page


def test_the_case_lists_its_documents_with_links(client, officer, issue):
    original = issue()
    correction = issue(corrects=original)
    client.force_login(officer)

    page = client.get(
        reverse("complaints:case_documents", args=[original.case.ticket])
    ).content.decode()

    for document in (original, correction):
        assert document.number in page
        assert page_url(document) in page and docx_url(document) in page
    assert "Order to correct within a time limit" in page
    assert "2026-" in page and officer.display_name in page
    assert f"Corrected by {correction.number}" in page
    assert not DocumentOutput.objects.exists()  # listing prints nothing


# --- who may print, and what printing never changes ----------------------------------------


def test_another_district_gets_404_and_nothing_is_recorded(client, east_supervisor, issue):
    document = issue()
    client.force_login(east_supervisor)

    assert client.get(page_url(document)).status_code == 404
    assert client.get(docx_url(document)).status_code == 404
    ticket = document.case.ticket
    assert client.get(reverse("complaints:case_documents", args=[ticket])).status_code == 404
    assert not DocumentOutput.objects.exists()


def test_a_document_of_another_case_is_not_found_under_this_one(
    client, officer, issue, register_case
):
    document = issue()
    other = register_case()
    client.force_login(officer)

    url = reverse("complaints:document_page", args=[other.ticket, document.pk])

    assert client.get(url).status_code == 404
    assert not DocumentOutput.objects.exists()


def test_printing_never_changes_the_document(client, officer, issue):
    document = issue()
    before = IssuedDocument.objects.filter(pk=document.pk).values().get()
    client.force_login(officer)

    for _ in range(2):
        client.get(page_url(document))
        download(client, document)

    after = IssuedDocument.objects.filter(pk=document.pk).values().get()
    assert after == before
    assert after["content_hash"] == content_hash(after["content"])
    assert DocumentOutput.objects.filter(document=document).count() == 4


def test_the_pages_refuse_a_post(client, officer, issue):
    document = issue()
    client.force_login(officer)
    assert client.post(docx_url(document)).status_code == 405
    assert not DocumentOutput.objects.exists()


def test_the_filing_approval_form_issued_on_acceptance_prints(
    client, register_case, inspection_head, officer
):
    """The document the head's acceptance issues (立案审批表) renders like any other."""
    case = services.case_accept(case=register_case(), actor=inspection_head)
    document = IssuedDocument.objects.get(case=case, kind=DocumentKind.FILING)
    client.force_login(officer)

    paragraphs = word_text(download(client, document))[0]
    page = client.get(page_url(document)).content.decode()

    assert paragraphs[1:3] == ["立案审批表", document.number]
    for heading in ("案情摘要", "承办人意见", "监察机构负责人审批意见"):
        assert heading in paragraphs and heading in page
