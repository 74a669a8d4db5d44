"""Case-list exports: columns, masking by role, Chinese headers, and a 20,000-row export
written by the Celery task with its progress reported."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from complaints.models import Case, Complainant
from complaints.services import ComplainantData
from reports import services, tasks
from reports.models import ExportJob, ExportStatus

SHANGHAI = ZoneInfo("Asia/Shanghai")
PERSON = ComplainantData(name="张三", phone="13800138000", id_number="11010519491231002X")


@pytest.fixture
def browser(client):
    def login(user, language="en"):
        client.force_login(user)
        client.cookies["django_language"] = language
        return client

    return login


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.content[:300]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_columns_and_masking_for_an_inspector(browser, inspector, register_case):
    case = register_case(complainants=[PERSON])
    rows = _csv(browser(inspector).post("/reports/exports/cases/", {"format": "csv"}))
    assert rows[0] == [
        "Ticket number", "Registered at", "Status", "Channel", "Category", "Employer",
        "Site or project", "Responsible office", "Registering office", "Closed at",
        "Full name", "Phone", "ID number", "Amount owed", "Amount recovered",
        "Advanced", "Advance recovered", "Violations (found ones marked)",
        "Construction project", "Risk of a mass incident", "Migrant workers", "Industry code",
        "Industry",
    ]  # fmt: skip
    (row,) = rows[1:]
    assert row[0] == case.ticket and row[10] == "张三"
    assert (row[11], row[12]) == ("138****8000", "110105********002X")


def test_a_supervisor_sees_full_numbers(browser, supervisor, register_case):
    register_case(complainants=[PERSON])
    (row,) = _csv(browser(supervisor).post("/reports/exports/cases/", {"format": "csv"}))[1:]
    assert (row[11], row[12]) == ("13800138000", "11010519491231002X")


def test_chinese_headers_and_the_filters_of_the_list(browser, inspector, register_case):
    kept = register_case(complainants=[PERSON], channel="hotline")
    register_case()
    response = browser(inspector, "zh-hans").post(
        "/reports/exports/cases/", {"format": "xlsx", "query": "channel=hotline"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("登记编号", "登记时间", "状态")
    assert [row[0] for row in rows[1:]] == [kept.ticket]
    assert rows[1][11] == "138****8000"


def _many_cases(count, *, window, office):
    now = datetime(2026, 1, 5, 10, tzinfo=SHANGHAI)
    cases = Case.objects.bulk_create(
        [
            # Bulk rows, not the service: 20,000 registrations would take minutes.
            Case(
                ticket=f"BULK-2026-{number:06d}",
                channel="walk_in",
                category="wage_arrears",
                description="欠薪",
                first_responder=window,
                registering_office=office,
                responsible_office=office,
                registered_at=now,
                routing_state="routed",
            )
            for number in range(count)
        ],
        batch_size=2000,
    )
    Complainant.objects.bulk_create(
        [Complainant(case=case, name="工人", phone="13900139000") for case in cases],
        batch_size=2000,
    )


@pytest.mark.django_db(transaction=False)
def test_a_large_export_runs_as_a_task_with_progress(
    browser,
    supervisor,
    window,
    district,
    settings,
    tmp_path,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    settings.REPORTS_EXPORT_DIR = tmp_path
    _many_cases(20_000, window=window, office=district)
    sent, progress = [], []
    monkeypatch.setattr(services, "_send", sent.append)
    original = services._progress

    def watched(job_id):
        report = original(job_id)

        def both(rows):
            report(rows)
            progress.append(ExportJob.objects.get(pk=job_id).rows_written)

        return both

    monkeypatch.setattr(services, "_progress", watched)
    page = browser(supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = page.post("/reports/exports/cases/", {"format": "csv"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/exports/{job.pk}/"
    assert sent == [job.pk] and job.total_rows == 20_000
    waiting = page.get(response["Location"])
    assert waiting["Refresh"] == "2" and b'id="export-progress"' in waiting.content

    assert tasks.run_export(job.pk) == 20_000
    assert progress == list(range(500, 20_001, 500))
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE and job.percent == 100
    done = page.get(f"/reports/exports/{job.pk}/")
    assert "Refresh" not in done and b'id="export-download"' in done.content
    download = page.get(f"/reports/exports/{job.pk}/download/")
    lines = b"".join(download.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 20_001 and lines[1].endswith(",工人,13900139000,,0,0.00,0,0,,No,No,0,,")
    assert tasks.run_export(job.pk) == 20_000  # a second delivery changes nothing


def test_only_the_user_who_asked_downloads(
    browser, supervisor, user_factory, district, tmp_path, settings
):
    from accounts.roles import Role
    from config import clock

    settings.REPORTS_EXPORT_DIR = tmp_path
    job = ExportJob.objects.create(
        user=supervisor, file_format="csv", language="en", created_at=clock.now()
    )
    services.export_run(job_id=job.pk)
    other = user_factory("other-supervisor", district, Role.SUPERVISOR)
    assert browser(other).get(f"/reports/exports/{job.pk}/download/").status_code == 404
    assert browser(supervisor).get(f"/reports/exports/{job.pk}/download/").status_code == 200


def test_text_that_looks_like_a_formula_stays_text(browser, supervisor, register_case):
    register_case(complainants=[PERSON], site='=HYPERLINK("http://example.invalid","x")')
    client = browser(supervisor)
    (row,) = _csv(client.post("/reports/exports/cases/", {"format": "csv"}))[1:]
    assert row[6] == '\'=HYPERLINK("http://example.invalid","x")'

    response = client.post("/reports/exports/cases/", {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=2, column=7)
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://example.invalid","x")'
