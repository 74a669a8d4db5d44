"""The officers' workspace: My cases, the desk queue, saved filters and bulk actions."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from dispatch_steps import inspection_desk

from accounts.roles import Role
from complaints.models import CaseEvent, Category, Channel, DeskKind
from complaints.services import ComplainantData, EmployerData
from config import clock
from dispatch import services
from dispatch.models import Deadline, Desk, Referral, SavedFilter
from dispatch.services.next_due import refresh_next_due
from dispatch.services.supervision import supervision_start

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=10):
    return clock.frozen_at(datetime(year, month, day, hour, tzinfo=SHANGHAI))


def tickets_in(html: str) -> list[str]:
    return re.findall(r'<a href="/cases/([^/]+)/">', html)


def page(client, url, **params):
    with at(2026, 3, 5):
        response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


# --- My cases: order, working days left, marks -------------------------------------


def test_my_cases_is_sorted_by_due_date_with_working_days_left_and_marks(client, officer, route):
    # Acceptance limit: 5 working days after the day of receipt.
    # Due 2026-03-02 (Sat 02-28 is a make-up working day): overdue by 3 on Thu 03-05.
    overdue = route(date(2026, 2, 24))
    soon = route(date(2026, 3, 2))  # due 2026-03-09: 2 working days left (Fri, Mon)
    later = route(date(2026, 3, 4))  # due 2026-03-11: 4 working days left
    no_clock = route(date(2026, 3, 3))
    Deadline.objects.filter(referral=no_clock).update(
        closed_at=clock.now(), closed_reason="met"
    )  # an open referral whose clock ended: listed last
    refresh_next_due([no_clock.pk])  # what every service closing a deadline does
    client.force_login(officer)
    html = page(client, "/work/")
    assert tickets_in(html) == [r.case.ticket for r in (overdue, soon, later, no_clock)]
    assert 'class="mark mark-overdue">Overdue by 3 working days' in html
    assert 'class="mark mark-due-soon">Due soon: 2 working days left' in html
    assert "4 working days left" in html
    assert '<tr class="overdue">' in html and '<tr class="due-soon">' in html
    assert "2026-03-02" in html and "2026-03-09" in html


def test_a_paused_clock_is_shown_as_paused_and_not_as_overdue(client, officer, route):
    referral = route(date(2026, 2, 24))
    deadline = referral.deadlines.get()
    with at(2026, 3, 2):
        services.deadline_pause(deadline=deadline, actor=officer, reason="等待工伤认定结论")
    client.force_login(officer)
    html = page(client, "/work/")
    assert 'class="mark mark-paused">Paused' in html
    assert "mark-overdue" not in html
    assert referral.case.ticket not in page(client, "/work/", overdue="on")


def test_due_today_is_due_soon(client, officer, route):
    route(date(2026, 2, 27))  # due 2026-03-05 (Sat 02-28 is a make-up working day)
    client.force_login(officer)
    assert 'class="mark mark-due-soon">Due today' in page(client, "/work/")


def test_my_cases_lists_only_open_referrals_assigned_to_me(
    client, officer, route, district, user_factory
):
    colleague = user_factory("colleague", district, Role.INSPECTOR)
    mine = route(date(2026, 3, 2))
    done = route(date(2026, 3, 2))
    services.referral_return(referral=done, actor=officer, reason="不属于监察事项")
    inspection_desk(district).members.remove(officer)
    inspection_desk(district).members.add(colleague)
    theirs = route(date(2026, 3, 2))
    assert theirs.officer == colleague
    client.force_login(officer)
    assert tickets_in(page(client, "/work/")) == [mine.case.ticket]


def test_workers_are_counted(client, officer, route):
    route(
        date(2026, 3, 2),
        complainants=[
            ComplainantData(name="张三", phone="13800138000"),
            ComplainantData(name="李四", phone="13900139000"),
            ComplainantData(name="王五", phone="13700137000"),
        ],
    )
    client.force_login(officer)
    assert "<td>3</td>" in page(client, "/work/")


# --- Filters and search -------------------------------------------------------------


@pytest.fixture
def varied(officer, route, district):
    """Three referrals of the officer that differ in every filterable respect."""
    for kind in (DeskKind.LEGAL_AID, DeskKind.WORK_INJURY):
        Desk.objects.get_or_create(office=district, kind=kind)[0].members.add(officer)
    wages = route(
        date(2026, 2, 24),
        channel=Channel.HOTLINE,
        employer=EmployerData(name="宜昌某某建筑有限公司"),
        site="滨江花园二期",
        complainants=[ComplainantData(name="张三丰", phone="13800138000")],
    )
    injury = route(
        date(2026, 3, 2),
        category=Category.WORK_INJURY,
        employer=EmployerData(name="Three Gorges Logistics Ltd"),
        site="Port warehouse 7",
        complainants=[ComplainantData(name="李四", phone="13912345678")],
    )
    # Work injury counts from its own application (dispatch/services/applications.py).
    services.referral_application_received(
        referral=injury, actor=officer, received_on=date(2026, 3, 2)
    )
    services.referral_accept(referral=injury, actor=officer)
    return {"wages": wages, "injury": injury}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"channel": "hotline"}, ["wages"]),
        ({"category": "work_injury"}, ["injury"]),
        ({"status": "accepted"}, ["injury"]),
        ({"status": "pending", "desk": "inspection"}, ["wages"]),
        ({"overdue": "on"}, ["wages"]),
        ({"q": "张三丰"}, ["wages"]),  # complainant name, Chinese
        ({"q": "张三"}, ["wages"]),  # a two-character Chinese term
        ({"q": "建筑"}, ["wages"]),  # employer, two characters
        ({"q": "丰"}, ["wages"]),  # one character
        ({"q": "gO"}, ["injury"]),  # two letters, any case
        ({"q": "江花"}, ["wages"]),  # site, two characters
        ({"q": "某某建筑有限"}, ["wages"]),
        ({"q": "logistics"}, ["injury"]),  # employer, any case
        ({"q": "滨江花园"}, ["wages"]),  # site
        ({"q": "warehouse"}, ["injury"]),
        ({"q": "12345678"}, ["injury"]),  # phone digits
        ({"q": "138001"}, ["wages"]),
        ({"q": "nobody-here"}, []),
    ],
)
def test_filters_and_search(client, officer, varied, params, expected):
    client.force_login(officer)
    html = page(client, "/work/", **params)
    tickets = set(tickets_in(html))
    want = {varied[key].case.ticket for key in expected}
    # The injury case also has legal-aid/work-injury referrals; only inspection is compared.
    assert want <= tickets
    for key in {"wages", "injury"} - set(expected):
        assert varied[key].case.ticket not in tickets


def test_search_by_ticket_and_office_filter(client, officer, varied, other_district):
    client.force_login(officer)
    ticket = varied["injury"].case.ticket
    assert set(tickets_in(page(client, "/work/", q=ticket))) == {ticket}
    assert set(tickets_in(page(client, "/work/", q=ticket.lower()))) == {ticket}
    assert tickets_in(page(client, "/work/", office=other_district.pk)) == []


def test_an_invalid_filter_is_reported_not_ignored(client, officer, varied):
    client.force_login(officer)
    with at(2026, 3, 5):
        response = client.get("/work/", {"desk": "bakery"})
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()


def test_pagination_keeps_the_filters(client, officer, route):
    for _ in range(27):
        route(date(2026, 3, 2), channel=Channel.HOTLINE)
    route(date(2026, 3, 2), channel=Channel.WALK_IN)
    client.force_login(officer)
    first = page(client, "/work/", channel="hotline")
    assert len(tickets_in(first)) == 25
    assert "27 referrals" in first
    assert 'href="?channel=hotline&amp;page=2"' in first
    second = page(client, "/work/", channel="hotline", page=2)
    assert len(tickets_in(second)) == 2
    assert not set(tickets_in(first)) & set(tickets_in(second))


# --- Saved filters ------------------------------------------------------------------


def test_save_use_and_delete_a_filter(client, officer, varied):
    client.force_login(officer)
    response = client.post(
        "/work/filters/",
        {"page": "my_cases", "name": "热线", "query": "channel=hotline&page=3&q="},
    )
    saved = SavedFilter.objects.get(user=officer)
    assert saved.query == "channel=hotline"  # page number and empty values dropped
    assert response.status_code == 302 and response["Location"] == "/work/?channel=hotline"
    html = page(client, "/work/")
    assert '<a href="?channel=hotline">热线</a>' in html
    assert tickets_in(page(client, "/work/", channel="hotline")) == [varied["wages"].case.ticket]
    client.post(f"/work/filters/{saved.pk}/delete/", {"next": "/work/"})
    assert not SavedFilter.objects.exists()


def test_a_saved_filter_is_validated_and_named_once(client, officer):
    client.force_login(officer)
    client.post("/work/filters/", {"page": "my_cases", "name": "x", "query": "desk=bakery"})
    assert not SavedFilter.objects.exists()
    client.post("/work/filters/", {"page": "desk_queue", "name": "mine", "query": "overdue=on"})
    client.post("/work/filters/", {"page": "desk_queue", "name": "mine", "query": "desk=legal_aid"})
    assert list(SavedFilter.objects.values_list("query", flat=True)) == ["overdue=on"]
    client.post("/work/filters/", {"page": "case_list", "name": "mine", "query": "status=closed"})
    assert SavedFilter.objects.count() == 2  # same name on another page is fine


def test_only_the_owner_sees_and_deletes_a_saved_filter(client, officer, district, user_factory):
    client.force_login(officer)
    client.post("/work/filters/", {"page": "my_cases", "name": "私人", "query": "overdue=on"})
    saved = SavedFilter.objects.get()
    other = user_factory("other", district, Role.INSPECTOR)
    client.force_login(other)
    assert "私人" not in page(client, "/work/")
    assert client.post(f"/work/filters/{saved.pk}/delete/").status_code == 404
    assert SavedFilter.objects.filter(pk=saved.pk).exists()


# --- Desk queue ---------------------------------------------------------------------


@pytest.fixture
def unassigned(route, district):
    """Two referrals routed while the inspection desk had no officer."""
    desk = inspection_desk(district)
    members = list(desk.members.all())
    desk.members.clear()
    first = route(date(2026, 3, 2))
    second = route(date(2026, 3, 3))
    desk.members.add(*members)
    assert first.officer is None and second.officer is None
    return [first, second]


def test_the_queue_lists_pending_and_unassigned_referrals_of_my_desks(
    client, officer, route, unassigned
):
    assigned = route(date(2026, 3, 4))
    accepted = route(date(2026, 3, 4))
    services.referral_accept(referral=accepted, actor=officer)
    client.force_login(officer)
    html = page(client, "/work/desk/")
    assert tickets_in(html) == [r.case.ticket for r in (*unassigned, assigned)]
    assert "Unassigned" in html
    assert "Acceptance due" in html and "2026-03-09" in html


def test_accept_and_return_from_the_queue(client, officer, route):
    first = route(date(2026, 3, 2))
    second = route(date(2026, 3, 2))
    client.force_login(officer)
    with at(2026, 3, 4):
        response = client.post(
            f"/work/referrals/{first.pk}/accept/", {"next": "/work/desk/?desk=inspection"}
        )
    assert response["Location"] == "/work/desk/?desk=inspection"
    first.refresh_from_db()
    assert first.status == "accepted"
    # A return needs a reason; an outside `next` is not followed.
    response = client.post(f"/work/referrals/{second.pk}/return/", {"next": "https://evil.test/"})
    assert response["Location"] == "/work/desk/"
    second.refresh_from_db()
    assert second.status == "pending"
    client.post(f"/work/referrals/{second.pk}/return/", {"reason": "属于仲裁事项"})
    second.refresh_from_db()
    assert second.status == "returned" and second.return_reason == "属于仲裁事项"


def test_queue_actions_of_another_office_are_not_found(client, route, other_district, user_factory):
    referral = route(date(2026, 3, 2))
    stranger = user_factory("stranger", other_district, Role.INSPECTOR)
    inspection_desk(other_district).members.add(stranger)
    client.force_login(stranger)
    assert client.post(f"/work/referrals/{referral.pk}/accept/").status_code == 404
    referral.refresh_from_db()
    assert referral.status == "pending"


# --- Bulk actions -------------------------------------------------------------------


def test_bulk_take_takes_each_row_on_its_own(client, officer, route, unassigned, east_window):
    assigned = route(date(2026, 3, 4))
    elsewhere = route(date(2026, 3, 2), actor=east_window)
    client.force_login(officer)
    ids = [unassigned[0].pk, unassigned[1].pk, assigned.pk, elsewhere.pk]
    response = client.post(
        "/work/bulk/take/", {"referral": ids, "next": "/work/desk/"}, follow=True
    )
    html = response.content.decode()
    assert "2 referral(s) done." in html
    assert "already assigned" in html
    assert f"#{elsewhere.pk}: No such referral, or you may not see it." in html
    for referral in unassigned:
        referral.refresh_from_db()
        assert referral.officer == officer
    elsewhere.refresh_from_db()
    assert elsewhere.officer is None
    assert CaseEvent.objects.filter(kind="referral_taken").count() == 2


def test_only_a_desk_member_takes(client, district, unassigned, user_factory, supervisor):
    outsider = user_factory("outsider", district, Role.INSPECTOR)
    client.force_login(outsider)
    html = client.post(
        "/work/bulk/take/", {"referral": [unassigned[0].pk]}, follow=True
    ).content.decode()
    assert "Not done: " in html and "0 referral(s) done" not in html
    client.force_login(supervisor)  # sees the referral, but is not a member of the desk
    html = client.post(
        "/work/bulk/take/", {"referral": [unassigned[0].pk]}, follow=True
    ).content.decode()
    assert "Only a member of the desk can take its referrals." in html
    unassigned[0].refresh_from_db()
    assert unassigned[0].officer is None


def test_a_supervisor_reassigns_several_referrals_and_forged_ids_are_refused(
    client, officer, supervisor, route, district, other_district, east_window, user_factory
):
    colleague = user_factory("colleague", district, Role.INSPECTOR)
    mine = [route(date(2026, 3, 2)), route(date(2026, 3, 3))]
    inspection_desk(district).members.add(colleague)
    Desk.objects.create(office=district, kind=DeskKind.LEGAL_AID)
    not_their_desk = route(date(2026, 3, 3), requested_desks=["legal_aid"])
    legal_aid = not_their_desk.case.referrals.get(desk__kind="legal_aid")
    east = route(date(2026, 3, 3), actor=east_window)
    assert east.desk.office == other_district
    client.force_login(supervisor)
    response = client.post(
        "/work/bulk/reassign/",
        {
            "referral": [mine[0].pk, mine[1].pk, legal_aid.pk, east.pk],
            "officer": colleague.pk,
        },
        follow=True,
    )
    html = response.content.decode()
    assert "2 referral(s) done." in html
    assert "Choose an officer of this desk." in html
    assert f"#{east.pk}: No such referral" in html
    assert [Referral.objects.get(pk=r.pk).officer for r in mine] == [colleague, colleague]
    east.refresh_from_db()
    assert east.officer != colleague


def test_an_officer_cannot_bulk_reassign(client, officer, route):
    referral = route(date(2026, 3, 2))
    client.force_login(officer)
    response = client.post("/work/bulk/reassign/", {"referral": [referral.pk], "officer": 1})
    assert response.status_code == 403


def test_a_supervisor_sees_the_office_scope(client, officer, supervisor, route):
    referral = route(date(2026, 3, 2))
    client.force_login(supervisor)
    assert tickets_in(page(client, "/work/")) == []
    assert tickets_in(page(client, "/work/", scope="office")) == [referral.case.ticket]
    assert "Reassign" in page(client, "/work/", scope="office")
    assert tickets_in(page(client, "/work/desk/")) == [referral.case.ticket]


# --- Role scoping -------------------------------------------------------------------


def test_an_officer_of_another_district_sees_none_of_these_referrals(
    client, officer, route, unassigned, other_district, user_factory
):
    route(date(2026, 3, 4))
    east_officer = user_factory("eastofficer", other_district, Role.INSPECTOR)
    inspection_desk(other_district).members.add(east_officer)
    east_supervisor = user_factory("eastsupervisor", other_district, Role.SUPERVISOR)
    for user in (east_officer, east_supervisor):
        client.force_login(user)
        assert tickets_in(page(client, "/work/")) == []
        assert tickets_in(page(client, "/work/", scope="office")) == []
        assert tickets_in(page(client, "/work/desk/")) == []


def test_window_staff_have_no_workspace(client, window):
    client.force_login(window)
    assert client.get("/work/").status_code == 403
    assert client.get("/work/desk/").status_code == 403
    assert "/work/" not in client.get("/cases/").content.decode()


def test_the_main_nav_links_my_cases_first_for_officers(client, officer):
    client.force_login(officer)
    html = client.get("/cases/").content.decode()
    nav = html[html.index('class="main-nav"') :]
    assert nav.index('href="/work/"') < nav.index('href="/cases/"')


# --- Supervision --------------------------------------------------------------------


def test_a_case_under_supervision_is_marked(client, officer, supervisor, route):
    referral = route(date(2026, 3, 2))
    with at(2026, 3, 3):
        supervision_start(
            case=referral.case,
            actor=supervisor,
            instructions="三日内报告进展",
            report_by=date(2026, 3, 10),
        )
    client.force_login(officer)
    assert 'class="mark mark-supervision">Under supervision' in page(client, "/work/")
    assert 'class="mark mark-supervision">Under supervision' in page(client, "/work/desk/")
