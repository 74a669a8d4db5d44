"""Every list page costs the same number of SQL queries for 5 rows as for 50."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaints import services as complaints
from complaints.models import Category, Channel, Outcome
from complaints.services import ComplainantData
from config import clock
from dispatch import calendar, services
from dispatch.services.notifications import notify_staff
from inspection.services.ending import closing_propose
from tests.builders import second_inspector

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at_noon():
    return clock.frozen_at(datetime(2026, 3, 5, 12, tzinfo=SHANGHAI))


def queries_for(client, url: str) -> int:
    calendar.clear_cache()  # both counts include reading the calendar once
    with at_noon(), CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_cases(register_case, officer, count: int, *, accept_every: int = 2) -> None:
    """`count` routed cases with two workers each; every other one accepted."""
    for number in range(count):
        with clock.frozen_at(datetime(2026, 3, 2, 10, tzinfo=SHANGHAI)):
            case = register_case(
                complainants=[
                    ComplainantData(name="工人甲", phone="13800138000"),
                    ComplainantData(name="工人乙", phone="13900139000"),
                ]
            )
            referral = services.case_route(case_id=case.pk)[0]
        if number % accept_every == 0:
            services.referral_accept(referral=referral, actor=officer)


@pytest.mark.parametrize(
    "url",
    [
        "/work/",
        "/work/?scope=office&q=工人",
        "/work/desk/",
        "/cases/",
        "/cases/?q=工人",
    ],
)
def test_case_lists_do_not_grow_with_rows(client, supervising_officer, register_case, url):
    client.force_login(supervising_officer)
    add_cases(register_case, supervising_officer, 5)
    few = queries_for(client, url)
    add_cases(register_case, supervising_officer, 45)
    many = queries_for(client, url)
    assert few == many, f"{url}: {few} queries for 5 rows, {many} for 50"


def add_filed_cases(register_case, officer, head, count: int) -> None:
    """`count` cases filed on 03-04, in turn: just filed (the inquiry notice is next), with an
    order issued and not served, and with the closing proposed to the head."""
    second = second_inspector(officer.office, officer)
    for number in range(count):
        with clock.frozen_at(datetime(2026, 3, 2, 10, tzinfo=SHANGHAI)):
            case = register_case()
            referral = services.case_route(case_id=case.pk)[0]
        with clock.frozen_at(datetime(2026, 3, 4, 10, tzinfo=SHANGHAI)):
            services.referral_accept(referral=referral, actor=officer)
            complaints.case_accept(case=case, actor=head)
            if number % 3 == 1:
                services.rectification_order(
                    case=case,
                    actor=officer,
                    findings="查实拖欠工资",
                    amount_found=Decimal("1000"),
                    pay_by=date(2026, 3, 20),
                    second_inspector=second,
                    lines={case.complainants.get().pk: Decimal("1000")},
                )
            elif number % 3 == 2:
                closing_propose(
                    case=case,
                    actor=officer,
                    outcome=Outcome.objects.get(code="paid_in_full"),
                    summary="工资已支付",
                )


@pytest.mark.parametrize("url", ["/work/", "/work/?waiting=on", "/work/?scope=office"])
def test_my_cases_with_the_procedure_does_not_grow_with_rows(
    client, supervising_officer, inspection_head, register_case, url
):
    """What each filed case waits on is read for the whole page at once."""
    client.force_login(supervising_officer)
    add_filed_cases(register_case, supervising_officer, inspection_head, 3)
    few = queries_for(client, url)
    add_filed_cases(register_case, supervising_officer, inspection_head, 21)
    many = queries_for(client, url)
    assert few == many, f"{url}: {few} queries for 3 rows, {many} for 24"
    with at_noon():
        html = client.get(url).content.decode()
    assert html.count("Waits on you") == 16  # the inquiry notice or the order's service
    assert ("Awaiting the head" in html) == ("waiting" not in url)


def test_the_inbox_does_not_grow_with_rows(client, supervising_officer, register_case):
    client.force_login(supervising_officer)
    case = register_case()

    def notify(count, offset):
        for number in range(count):
            notify_staff(
                recipients=[supervising_officer],
                key=f"k{offset + number}",
                subject="提醒",
                case=case,
            )

    notify(5, 0)
    few = queries_for(client, "/inbox/")
    notify(45, 5)
    assert queries_for(client, "/inbox/") == few


def test_the_consultations_list_does_not_grow_with_rows(client, window):
    client.force_login(window)

    def log(count):
        for number in range(count):
            complaints.consultation_log(
                actor=window,
                topic=f"咨询{number}",
                channel=Channel.HOTLINE,
                category=Category.WAGE_ARREARS,
                answer="已答复",
                contact_name="张三",
                contact_phone="13800138000",
            )

    log(5)
    few = queries_for(client, "/consultations/")
    log(45)
    assert queries_for(client, "/consultations/") == few
