"""The case page: the same number of queries for 5 or 50 workers, payments and events;
its header shows who is responsible and where each desk stands."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints import services
from complaints.services import ComplainantData
from config import clock
from dispatch import services as dispatch
from dispatch.models import Desk
from dispatch.services.chasing import chase_deadlines

SHANGHAI = ZoneInfo("Asia/Shanghai")
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华"


def people(count: int) -> list[ComplainantData]:
    return [
        ComplainantData(
            name=f"{SURNAMES[index % len(SURNAMES)]}工{'甲乙丙丁'[index // len(SURNAMES)]}",
            phone=f"139{index:08d}",
            owed_amount=Decimal("1000"),
        )
        for index in range(count)
    ]


@pytest.fixture
def case_with(register_case, inspector, inspection_head, district):
    Desk.objects.get_or_create(office=district, kind="inspection")[0].members.add(inspector)

    def build(count: int):
        case = register_case(complainants=people(count), missing_materials=["payroll"])
        dispatch.case_route(case_id=case.pk)
        services.case_accept(case=case, actor=inspection_head)
        for person in case.complainants.all():
            services.payment_record(
                complainant=person,
                actor=inspector,
                amount=Decimal("100"),
                paid_on=timezone.localdate(),
            )
        for number in range(count):
            services.case_add_note(case=case, actor=inspector, text=f"第{number}次联系")
        return case

    return build


def page_queries(client, case) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("complaints:case_detail", args=[case.ticket]))
    assert response.status_code == 200
    return len(captured)


def test_the_case_page_makes_as_many_queries_for_50_as_for_5(client, inspector, case_with):
    small, large = case_with(5), case_with(50)
    assert small.complainants.count() == 5 and large.complainants.count() == 50
    assert large.events.count() > 100
    client.force_login(inspector)
    page_queries(client, small)  # warm the per-process caches (content types, calendar)

    assert page_queries(client, small) == page_queries(client, large)


def test_the_case_page_reads_the_procedure_and_the_parties_once(client, inspector, case_with):
    """The procedure and credit panels share one reading of the procedure, and the chain
    section one of the parties (its form and its table show the same rows)."""
    case = case_with(2)
    client.force_login(inspector)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("complaints:case_detail", args=[case.ticket]))
    assert response.status_code == 200
    sqls = [query["sql"] for query in captured.captured_queries]

    assert sum('FROM "inspection_step"' in sql for sql in sqls) == 1
    assert sum('FROM "complaints_caseparty"' in sql for sql in sqls) == 1


# --- the header: who is responsible and where each desk stands -------------------------


def test_the_header_lists_each_desk_with_its_due_date_and_text_marks(
    client, register_case, inspector, inspection_head, department_head, district
):
    Desk.objects.get_or_create(office=district, kind="inspection")[0].members.add(inspector)
    Desk.objects.get_or_create(office=district, kind="legal_aid")[0].members.add(inspector)
    with clock.frozen_at(datetime(2026, 3, 2, 10, tzinfo=SHANGHAI)):
        case = register_case()
        inspection = dispatch.case_route(case_id=case.pk)[0]
    with clock.frozen_at(datetime(2026, 3, 3, 10, tzinfo=SHANGHAI)):
        dispatch.referral_accept(referral=inspection, actor=inspector)
        services.case_accept(case=case, actor=inspection_head)  # filed: the investigation runs
        investigate = inspection.deadlines.get(closed_at=None)
        dispatch.deadline_extend(deadline=investigate, approver=department_head, reason="案情复杂")
        dispatch.deadline_pause(deadline=investigate, actor=inspector, reason="等待鉴定")
        dispatch.case_refer(case=case, desk_kind="legal_aid", actor=inspector, reason="申请援助")
    chase_deadlines(now=datetime(2026, 4, 20, 10, tzinfo=SHANGHAI))
    investigate.refresh_from_db()

    client.force_login(inspector)
    page = client.get(reverse("complaints:case_detail", args=[case.ticket])).content.decode()
    header = page[page.index('<header class="case-header">') :]
    header = header[: header.index("</header>")]

    assert "Accepted (filed)</span>" in header  # the status label
    assert "West District" in header and inspector.display_name in header
    summary = header[header.index('class="referral-summary"') :]
    inspection_line, legal_aid_line = summary.split("<li>")[1:3]
    assert "Labor inspection" in inspection_line and "In progress" not in inspection_line
    assert investigate.due.isoformat() in inspection_line
    assert "paused" in inspection_line and "extended" in inspection_line
    assert "overdue" not in inspection_line
    assert "Legal aid" in legal_aid_line and "Pending" in legal_aid_line
    assert "overdue" in legal_aid_line  # a word, not a colour alone
