"""Evidence on a case: upload through the page, download, who may do either, and refusals.

A refused upload leaves nothing behind: no row, no file (not even a temporary one) under
EVIDENCE_ROOT, no timeline event.
"""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from complaints import events, services, uploads
from complaints.events import describe
from complaints.exceptions import ActionNotPermitted, CaseNotVisible
from complaints.models import CaseEvent, Evidence

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02" + bytes(64)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(64)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
CSV = "姓名,应发工资\n张三,3000\n李四,2500.50\n".encode()
# The first box of an ISO media file: its size, "ftyp", the brand, then the rest.
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(64)
MOV = b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  " + bytes(64)
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64)


def office_zip(main_part: str, *extra: str) -> bytes:
    """A minimal Office file. Its entries carry a fixed date: the bytes name the
    parametrised tests, and the test workers must all collect the same names."""
    buffer = io.BytesIO()
    parts = [
        ("[Content_Types].xml", '<?xml version="1.0"?><Types/>'),
        (main_part, '<?xml version="1.0"?><document/>'),
        *((name, b"\x00\x01") for name in extra),
    ]
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), content)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path) -> Path:
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    return settings.EVIDENCE_ROOT


@pytest.fixture
def case(register_case):
    return register_case()


def upload_url(case) -> str:
    return reverse("complaints:evidence_upload", args=[case.ticket])


def download_url(evidence) -> str:
    return reverse("complaints:evidence_download", args=[evidence.case.ticket, evidence.pk])


def post_file(client, case, name, content, kind="photo", description="工地照片"):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(upload_url(case), {"kind": kind, "description": description, "file": upload})


def files_under(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def assert_nothing_stored(case, root):
    assert not Evidence.objects.exists()
    assert files_under(root) == []
    assert not CaseEvent.objects.filter(case=case, kind="evidence_added").exists()


# --- Upload and download through the page ----------------------------------------------


def test_an_upload_is_stored_outside_the_web_root_and_listed_on_the_case_page(
    client, case, inspector, evidence_root
):
    client.force_login(inspector)
    response = post_file(client, case, "工地照片.png", PNG)
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.original_name, evidence.kind) == ("工地照片.png", "photo")
    assert (evidence.content_type, evidence.size) == ("image/png", len(PNG))
    assert evidence.uploaded_by == inspector
    stored = evidence_root / evidence.stored_path
    assert stored.read_bytes() == PNG
    assert files_under(evidence_root) == [stored]
    assert "工地照片" not in evidence.stored_path
    for web_root in (
        Path(django_settings.STATIC_ROOT),
        *map(Path, django_settings.STATICFILES_DIRS),
    ):
        assert not stored.resolve().is_relative_to(web_root.resolve())
    page = client.get(reverse("complaints:case_detail", args=[case.ticket])).content.decode()
    assert "工地照片.png" in page
    assert "工地照片" in page  # the description
    assert download_url(evidence) in page
    assert "Photo" in page


def test_an_allowed_user_downloads_the_bytes_as_an_attachment(client, case, inspector, window):
    client.force_login(inspector)
    post_file(client, case, "payroll.pdf", PDF, kind="payroll")
    evidence = Evidence.objects.get()
    client.force_login(window)
    response = client.get(download_url(evidence))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="payroll.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"


def test_a_chinese_file_name_survives_the_download(client, case, inspector):
    client.force_login(inspector)
    post_file(client, case, "考勤表.csv", CSV, kind="attendance_sheet")
    response = client.get(download_url(Evidence.objects.get()))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "filename*=utf-8''%E8%80%83%E5%8B%A4%E8%A1%A8.csv" in response["Content-Disposition"]


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.DESK_OFFICER])
def test_another_office_gets_404_on_upload_and_download(
    client, case, inspector, other_district, user_factory, evidence_root, role
):
    client.force_login(inspector)
    post_file(client, case, "site.jpg", JPEG)
    evidence = Evidence.objects.get()
    client.force_login(user_factory("east", other_district, role))
    assert client.get(download_url(evidence)).status_code == 404
    assert post_file(client, case, "more.jpg", JPEG).status_code == 404
    assert Evidence.objects.count() == 1
    assert len(files_under(evidence_root)) == 1


def test_evidence_of_another_case_is_404_like_a_missing_one(client, case, register_case, inspector):
    other_case = register_case()
    client.force_login(inspector)
    post_file(client, other_case, "site.jpg", JPEG)
    evidence = Evidence.objects.get()
    wrong = reverse("complaints:evidence_download", args=[case.ticket, evidence.pk])
    missing = reverse("complaints:evidence_download", args=[case.ticket, evidence.pk + 1])
    assert client.get(wrong).status_code == 404
    assert client.get(missing).status_code == 404


@pytest.mark.parametrize("role", [Role.WINDOW, Role.INSPECTOR, Role.DESK_OFFICER, Role.SUPERVISOR])
def test_every_case_role_of_the_office_may_upload(client, case, district, user_factory, role):
    client.force_login(user_factory("someone", district, role))
    assert 'enctype="multipart/form-data"' in client.get(f"/cases/{case.ticket}/").content.decode()
    assert post_file(client, case, "site.jpg", JPEG).status_code == 302
    assert Evidence.objects.count() == 1


def test_an_administrator_without_a_case_role_may_not_upload(
    client, case, administrator, evidence_root
):
    client.force_login(administrator)
    response = post_file(client, case, "site.jpg", JPEG)
    assert response.status_code == 400
    assert "Your role does not allow this action." in response.content.decode()
    assert_nothing_stored(case, evidence_root)


def test_a_closed_case_refuses_uploads(client, case, window, inspector, evidence_root):
    services.case_withdraw(case=case, actor=window, reason="撤回")
    client.force_login(inspector)
    page = client.get(f"/cases/{case.ticket}/").content.decode()
    assert "multipart/form-data" not in page
    response = post_file(client, case, "site.jpg", JPEG)
    assert response.status_code == 400
    assert "Evidence can only be added to an open case." in response.content.decode()
    assert_nothing_stored(case, evidence_root)


def test_each_upload_writes_one_timeline_event(client, case, inspector):
    client.force_login(inspector)
    post_file(client, case, "site.jpg", JPEG, description="")
    post_file(client, case, "合同.docx", office_zip("word/document.xml"), kind="contract")
    added = list(CaseEvent.objects.filter(case=case, kind="evidence_added").order_by("id"))
    assert len(added) == 2
    assert describe(added[0]) == "Evidence added: Photo “site.jpg”."
    assert describe(added[1]) == "Evidence added: Contract “合同.docx”."
    page = client.get(f"/cases/{case.ticket}/").content.decode()
    assert "Evidence added: Contract “合同.docx”." in page


def test_the_case_page_query_count_does_not_grow_with_the_files(client, case, inspector, window):
    def add(name):
        upload = SimpleUploadedFile(name, PNG)
        services.evidence_add(case=case, actor=window, upload=upload, kind="photo")

    client.force_login(inspector)
    url = f"/cases/{case.ticket}/"
    add("one.png")
    client.get(url)  # warm caches (session, office subtree)
    with CaptureQueriesContext(connection) as one_file:
        client.get(url)
    for number in range(3):
        add(f"more-{number}.png")
    with CaptureQueriesContext(connection) as four_files:
        page = client.get(url).content.decode()
    assert "more-2.png" in page
    assert len(four_files) == len(one_file)


# --- Refusals: a message in the page, nothing stored --------------------------------------

MARKER_ACROSS_CHUNKS = (
    PNG + b"\x00" * (uploads.CHUNK_SIZE - len(PNG) - 3) + b"<script>alert(1)</script>"
)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.jpg", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200), "Programs and scripts"),
        ("photo.png", b"\x7fELF\x02\x01\x01" + bytes(200), "Programs and scripts"),
        ("list.txt", b"#!/bin/sh\nrm -rf /\n", "Programs and scripts"),
        ("photo.png", PNG + b"<script>alert(document.cookie)</script>", "web page or script"),
        ("photo.png", MARKER_ACROSS_CHUNKS, "web page or script"),
        ("photo.jpg", JPEG + b"<SVG onload=alert(1)>", "web page or script"),
        ("scan.pdf", PDF + b"<a href='JavaScript:alert(1)'>", "web page or script"),
        ("page.txt", b"<!DOCTYPE html><p>hi</p>", "web page or script"),
        ("payroll.pdf", PNG, "a PNG image, so its name must end in .png"),
        ("photo.jpg", PDF, "a PDF document, so its name must end in .pdf"),
        ("photo", JPEG, "a JPEG photo, so its name must end in .jpg / .jpeg"),
        ("sheet.docx", office_zip("xl/workbook.xml"), "an Excel workbook"),
        ("contract.docx", office_zip("word/document.xml", "word/vbaProject.bin"), "macros"),
        ("archive.docx", office_zip("ppt/presentation.xml"), "This kind of file is not accepted"),
        ("data.pdf", b"\x00\x01\x02\x03" + bytes(100), "This kind of file is not accepted"),
        ("工资.csv", "姓名,工资\n张三,3000\n".encode("gbk"), "saved as UTF-8"),
        ("empty.pdf", b"", "The file is empty."),
        ("..passwd.pdf", PDF, "The file name is not acceptable"),
        ("etc／passwd.pdf", PDF, "The file name is not acceptable"),
        ("a" * 197 + ".pdf", PDF, "The file name is not acceptable"),
        ("posting.mov", MP4, "an MP4 video, so its name must end in .mp4"),
        ("photo.heic", HEIC, "This kind of file is not accepted"),
    ],
    ids=lambda value: value[:20] if isinstance(value, str) else f"{len(value)}-bytes",
)
def test_refused_uploads_say_why_and_store_nothing(
    client, case, inspector, evidence_root, name, content, message
):
    client.force_login(inspector)
    response = post_file(client, case, name, content, kind="payroll", description="三月工资表")
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "三月工资表" in page  # the description is kept
    assert '<option value="payroll" selected>' in page
    assert_nothing_stored(case, evidence_root)


def test_a_file_over_the_limit_is_refused(client, case, inspector, evidence_root, settings):
    settings.EVIDENCE_MAX_BYTES = 1000
    client.force_login(inspector)
    response = post_file(client, case, "photo.png", PNG + bytes(1000))
    assert response.status_code == 400
    assert "at most 1000" in response.content.decode()
    assert_nothing_stored(case, evidence_root)


def test_a_video_may_be_larger_than_other_files_up_to_its_own_limit(
    client, case, inspector, evidence_root, settings
):
    settings.EVIDENCE_MAX_BYTES, settings.EVIDENCE_VIDEO_MAX_BYTES = 1000, 5000
    client.force_login(inspector)
    response = post_file(client, case, "posting.mp4", MP4 + bytes(3000), kind="video")
    assert response.status_code == 302
    assert Evidence.objects.get().content_type == "video/mp4"
    for name, content in (("big.pdf", PDF + bytes(3000)), ("long.mp4", MP4 + bytes(6000))):
        response = post_file(client, case, name, content, kind="video")
        assert response.status_code == 400
        limit = "1000" if name == "big.pdf" else "4.9"
        assert f"at most {limit}" in response.content.decode()
    assert Evidence.objects.count() == 1


def test_a_30_mb_file_is_refused_at_the_default_limit(client, case, inspector, evidence_root):
    client.force_login(inspector)
    response = post_file(client, case, "huge.pdf", PDF + bytes(30 * 1024 * 1024))
    assert response.status_code == 400
    assert "at most 20.0" in response.content.decode()
    assert_nothing_stored(case, evidence_root)


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd.pdf", "..\\..\\boot.ini.pdf", "invoice\u202efdp.exe.pdf", "a\x00.pdf"],
)
def test_a_path_or_control_character_in_the_name_is_refused_by_the_service(
    case, inspector, evidence_root, name
):
    # Django's multipart parser already cuts a posted name down to "passwd.pdf" and drops
    # unprintable characters; the service refuses them for any other caller (API, import).
    upload = File(io.BytesIO(PDF), name=name)
    with pytest.raises(ValidationError) as refused:
        services.evidence_add(
            case=case, actor=inspector, upload=upload, kind="document", description=""
        )
    assert refused.value.error_dict["file"][0].code == "bad_name"
    assert_nothing_stored(case, evidence_root)


def test_a_posted_path_is_cut_to_its_last_part_and_stored_under_a_random_name(
    client, case, inspector, evidence_root
):
    boundary = "BoUnDaRy"
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="kind"\r\n\r\ndocument\r\n'
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="../../etc/passwd.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + PDF
        + f"\r\n--{boundary}--\r\n".encode()
    )
    client.force_login(inspector)
    response = client.generic(
        "POST",
        upload_url(case),
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.original_name == "passwd.pdf"
    assert files_under(evidence_root) == [evidence_root / evidence.stored_path]


# --- The service --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("photo.JPEG", JPEG, "image/jpeg"),
        ("contract.docx", office_zip("word/document.xml"), uploads.DOCX.content_types["docx"]),
        ("payroll.xlsx", office_zip("xl/workbook.xml"), uploads.XLSX.content_types["xlsx"]),
        (
            "payroll.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
            "application/vnd.ms-excel",
        ),
        ("contract.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "application/msword"),
        ("notes.txt", "\ufeff工资拖欠三个月\r\n".encode(), "text/plain"),
        ("posting.mp4", MP4, "video/mp4"),
        ("posting.MOV", MOV, "video/quicktime"),
    ],
)
def test_accepted_types_are_stored_with_their_sniffed_content_type(
    case, inspector, name, content, content_type
):
    evidence = services.evidence_add(
        case=case,
        actor=inspector,
        upload=SimpleUploadedFile(name, content, content_type="text/html"),
        kind="other",
        description="",
    )
    assert evidence.content_type == content_type


def test_a_user_of_another_office_cannot_add_evidence(case, other_district, user_factory):
    outsider = user_factory("eastdesk", other_district, Role.DESK_OFFICER)
    with pytest.raises(CaseNotVisible):
        services.evidence_add(
            case=case,
            actor=outsider,
            upload=SimpleUploadedFile("a.jpg", JPEG),
            kind="photo",
            description="",
        )
    assert not Evidence.objects.exists()


def test_an_administrator_is_not_an_evidence_role(case, administrator):
    with pytest.raises(ActionNotPermitted):
        services.evidence_add(
            case=case,
            actor=administrator,
            upload=SimpleUploadedFile("a.jpg", JPEG),
            kind="photo",
            description="",
        )


def test_the_file_is_removed_when_the_transaction_fails(
    case, inspector, evidence_root, monkeypatch
):
    def broken_record(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(events, "record", broken_record)
    with pytest.raises(RuntimeError):
        services.evidence_add(
            case=case,
            actor=inspector,
            upload=SimpleUploadedFile("a.jpg", JPEG),
            kind="photo",
            description="",
        )
    assert not Evidence.objects.exists()
    assert files_under(evidence_root) == []


def test_a_stored_path_never_leaves_the_evidence_root(evidence_root):
    for bad in ("../../etc/passwd", "/etc/passwd", "2026/05/" + "0" * 31 + "g", ""):
        with pytest.raises(FileNotFoundError):
            uploads.stored_file(bad, root=evidence_root)
