""" "My cases" marks what each filed case waits on (the inspector's next step, or the head's
approval) and its "waiting on me" filter lists exactly the rows marked as waiting on the
user, at every stage of the procedure (inspection/waiting.py, docs/inspection-procedure.md).

Dates (conftest.py): filed 03-04; the order issued 03-05 to pay by 03-13, served 03-06; the
transfer report proposed 03-16, approved 03-17 10:00, the transfer made 03-17 15:00.
"""

import re

import pytest
from django.urls import reverse

from accounts.roles import Role
from complaints.models import Outcome
from dispatch import services as dispatch_services
from dispatch.models import SavedFilter
from inspection.services.ending import closing_propose, closing_refuse
from inspection.services.transfer import transfer_report_refuse
from tests.inspection.conftest import at

MY_CASES = reverse("dispatch:my_cases")


def my_cases(client, when, **params) -> str:
    with at(*when):
        response = client.get(MY_CASES, params)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def mark(html: str, ticket: str) -> str:
    """The text of the ticket's "Waiting on" cell, tags dropped ("—" for nothing)."""
    rows = [row for row in html.split("<tr")[1:] if f'href="/cases/{ticket}/"' in row]
    assert len(rows) == 1, f"{ticket}: {len(rows)} rows"
    cell = re.search(r'<td class="waiting">(.*?)</td>', rows[0], re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", cell).split())


def listed(html: str, ticket: str) -> bool:
    return f'href="/cases/{ticket}/"' in html


def close(filed, officer):
    return closing_propose(
        case=filed,
        actor=officer,
        outcome=Outcome.objects.get(code="paid_in_full"),
        summary="工资已全额支付",
    )


def check(client, filed, when, expected: str) -> None:
    """The row's mark is `expected`, and the "waiting on me" filter lists the case exactly
    when the mark says it waits on the user."""
    html = my_cases(client, when)
    assert mark(html, filed.ticket) == expected
    mine = my_cases(client, when, waiting="on")
    assert listed(mine, filed.ticket) == expected.startswith("Waits on you")


@pytest.mark.parametrize(
    ("stage", "when", "expected"),
    [
        ("filed", (3, 5), "Waits on you Inquiry notice"),
        ("served", (3, 10), "—"),  # the pay-by date has not come: nothing owed yet
        (
            "served",
            (3, 16),
            "Waits on you Administrative handling decision / Transfer to the police proposed",
        ),
        ("report", (3, 16, 12), "Awaiting the head's approval Transfer to the police proposed"),
        ("approved", (3, 17, 11), "Waits on you Case transferred to the police"),
        ("transfer", (3, 17, 16), "—"),  # the police's answer is the police's to give
    ],
)
def test_each_stage_is_marked_with_what_it_waits_on(
    client, request, officer, filed, stage, when, expected
):
    request.getfixturevalue(stage)
    client.force_login(officer)
    check(client, filed, when, expected)


def test_an_order_not_served_waits_on_its_service_unless_paid_first(client, officer, order):
    client.force_login(officer)
    check(client, order.case, (3, 5, 12), f"Waits on you Record service · {order.number}")
    with at(3, 5, 14):
        dispatch_services.rectification_complied(order=order, actor=officer)
    check(client, order.case, (3, 5, 15), "—")


def test_a_refused_step_waits_on_the_inspector_until_proposed_again(
    client, officer, filed, inspection_head
):
    client.force_login(officer)
    with at(3, 20):
        proposal = close(filed, officer)
    check(client, filed, (3, 20, 12), "Awaiting the head's approval Case closed")
    with at(3, 21):
        closing_refuse(step=proposal, actor=inspection_head, note="工资尚未全额支付")
    check(client, filed, (3, 21, 12), "Waits on you Case closed · Not approved")
    with at(3, 23):
        close(filed, officer)
    check(client, filed, (3, 23, 12), "Awaiting the head's approval Case closed")


def test_a_refused_transfer_leaves_the_unpaid_order_to_the_inspector(
    client, officer, report, inspection_head
):
    with at(3, 17):
        transfer_report_refuse(step=report, actor=inspection_head, note="证据不足")
    client.force_login(officer)
    check(
        client,
        report.case,
        (3, 17, 12),
        "Waits on you Administrative handling decision / Transfer to the police proposed",
    )


def test_a_case_not_filed_waits_on_nothing(client, officer, register_case):
    with at(3, 2):
        case = register_case()
        referral = dispatch_services.case_route(case_id=case.pk)[0]
    client.force_login(officer)
    check(client, case, (3, 3), "—")  # pending at the desk
    with at(3, 3):
        dispatch_services.referral_accept(referral=referral, actor=officer)
    check(client, case, (3, 3, 12), "—")  # taken on, not filed yet


def test_another_inspectors_case_is_never_listed_nor_theirs_mine(
    client, officer, filed, district, user_factory
):
    colleague = user_factory("colleague", district, Role.INSPECTOR)
    client.force_login(colleague)
    assert not listed(my_cases(client, (3, 5)), filed.ticket)
    assert not listed(my_cases(client, (3, 5), waiting="on"), filed.ticket)


def test_a_supervisor_sees_whose_turn_it_is_in_the_office_scope(client, officer, filed, supervisor):
    client.force_login(supervisor)
    html = my_cases(client, (3, 5), scope="office")
    assert mark(html, filed.ticket) == "Waits on the inspector Inquiry notice"
    # "Waiting on me" is the supervisor's own: the inspector's case is not theirs.
    assert not listed(my_cases(client, (3, 5), scope="office", waiting="on"), filed.ticket)


def test_waiting_on_me_is_a_filter_that_can_be_saved(client, officer, filed, served):
    client.force_login(officer)
    client.post(
        "/work/filters/", {"page": "my_cases", "name": "轮到我", "query": "waiting=on&page=2"}
    )
    assert SavedFilter.objects.get(user=officer).query == "waiting=on"
    html = my_cases(client, (3, 16))
    assert '<a href="?waiting=on">轮到我</a>' in html
    assert listed(my_cases(client, (3, 16), waiting="on"), filed.ticket)
    # The desk queue has no such filter: a saved one keeps only the queue's own keys.
    client.post(
        "/work/filters/", {"page": "desk_queue", "name": "队列", "query": "waiting=on&overdue=on"}
    )
    assert SavedFilter.objects.get(page="desk_queue").query == "overdue=on"


def test_the_mark_reads_in_chinese(client, officer, filed):
    client.force_login(officer)
    with at(3, 5):
        html = client.get(MY_CASES, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "待您办理" in html and "询问通知书" in html
