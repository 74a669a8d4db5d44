"""Dispatch in the browser: the inbox, the calculator, desks on the case page."""

import pytest
from dispatch_steps import page_queries

from accounts.roles import Role
from complaints.models import Category
from complaints.services import ComplainantData
from config import clock
from dispatch import services
from dispatch.models import Notification
from dispatch.services.notifications import notify_staff


def test_unread_count_in_the_header_and_mark_all_read(client, window, register_case):
    case = register_case()
    notify_staff(recipients=[window], key="k1", subject=f"{case.ticket}: 提醒", case=case)
    client.force_login(window)
    page = client.get("/inbox/").content.decode()
    assert '<span class="badge"' in page and f"{case.ticket}: 提醒" in page
    client.post("/inbox/")
    assert '<span class="badge"' not in client.get("/inbox/").content.decode()
    assert Notification.objects.get().read_at is not None


def test_the_inbox_shows_only_my_messages(client, window, inspector):
    notify_staff(recipients=[inspector], key="k2", subject="for the inspector")
    client.force_login(window)
    assert "for the inspector" not in client.get("/inbox/").content.decode()


def test_calculator_page(client, window):
    client.force_login(window)
    page = client.get("/deadlines/calculator/?policy=inspection.accept&start=2026-02-13")
    assert page.status_code == 200
    assert "2026-02-27" in page.content.decode()
    provisional = client.get("/deadlines/calculator/?policy=arbitration.accept&start=2027-03-01")
    assert "Provisional" in provisional.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "policy=nope&start=2026-02-13",
        "policy=inspection.accept&start=2026-02-30",
        "policy=inspection.accept&start=9999-12-20",
    ],
)
def test_calculator_rejects_bad_input_with_a_message(client, window, query):
    client.force_login(window)
    page = client.get(f"/deadlines/calculator/?{query}")
    assert page.status_code == 400
    assert 'class="error"' in page.content.decode()


def test_case_page_shows_desks_and_deadlines_and_accepts(
    client, officer_of_every_desk, register_case
):
    case = register_case(category=Category.WORK_INJURY)
    services.case_route(case_id=case.pk)
    client.force_login(officer_of_every_desk)
    page = client.get(f"/cases/{case.ticket}/").content.decode()
    assert "Work injury" in page and "Legal aid" in page
    # Helping the worker apply: the bureau's reminder, with its basis beside it.
    assert "本局服务标准（非法定时限，由本局设定）" in page
    referral = case.referrals.get(desk__kind="work_injury")
    client.post(
        f"/referrals/{referral.pk}/receive_application/",
        {"received_on": clock.today().isoformat()},
    )
    # The statutory limit now runs, its basis shown (as a Chinese installation seeds it).
    assert "《工伤认定办法》第八条" in client.get(f"/cases/{case.ticket}/").content.decode()
    response = client.post(f"/referrals/{referral.pk}/accept/")
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "accepted"


def test_case_page_queries_do_not_grow_with_referrals_and_people(
    client, officer_of_every_desk, register_case
):
    client.force_login(officer_of_every_desk)
    small = register_case()
    services.case_route(case_id=small.pk)
    given = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉"
    people = [
        ComplainantData(name=f"王{g}", phone=f"138001380{i:02d}") for i, g in enumerate(given)
    ]
    big = register_case(category=Category.WORK_INJURY, complainants=people, site="另一个工地")
    services.case_route(case_id=big.pk)
    services.case_refer(
        case=big, desk_kind="arbitration", actor=officer_of_every_desk, reason="申请仲裁"
    )
    assert page_queries(client, f"/cases/{big.ticket}/") == page_queries(
        client, f"/cases/{small.ticket}/"
    )


def test_referral_actions_on_an_invisible_case_are_404(
    client, register_case, officer, other_district, user_factory
):
    case = register_case()
    referral = services.case_route(case_id=case.pk)[0]
    outsider = user_factory("outsider", other_district, Role.SUPERVISOR)
    client.force_login(outsider)
    assert client.post(f"/referrals/{referral.pk}/accept/").status_code == 404
    referral.refresh_from_db()
    assert referral.status == "pending"
