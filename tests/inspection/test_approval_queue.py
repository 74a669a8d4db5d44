"""The head of the inspection body's queue of procedure steps awaiting approval
(/procedure/approvals/): the proposals on the cases they may see, oldest first, each
opening its decision page; nobody else reaches it."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from complaints.models import Outcome
from inspection.models import StepKind
from inspection.services.ending import cancellation_propose, cancellation_refuse, closing_propose
from tests.inspection.conftest import at

QUEUE = reverse("inspection:approval_queue")


def test_the_head_sees_the_offices_proposals_oldest_first_and_no_other(
    client, filed, officer, inspection_head
):
    with at(3, 20):
        closing = closing_propose(
            case=filed,
            actor=officer,
            outcome=Outcome.objects.get(code="paid_in_full"),
            summary="工资已全额支付",
        )
    client.force_login(inspection_head)
    page = client.get(QUEUE).content.decode()
    assert filed.ticket in page
    assert reverse("inspection:step_decide", args=[filed.ticket, closing.pk]) in page
    assert str(StepKind.CLOSING.label) in page


def test_a_decided_proposal_leaves_the_queue(client, filed, officer, inspection_head):
    with at(3, 20):
        step = cancellation_propose(case=filed, actor=officer, reasons="情节轻微，已改正")
        cancellation_refuse(step=step, actor=inspection_head, note="欠薪尚未支付")
    client.force_login(inspection_head)
    assert filed.ticket not in client.get(QUEUE).content.decode()


def test_another_districts_head_does_not_see_the_proposal(
    client, filed, officer, other_district, user_factory
):
    with at(3, 20):
        cancellation_propose(case=filed, actor=officer, reasons="情节轻微，已改正")
    east_head = user_factory("east-head", other_district, Role.INSPECTION_HEAD)
    client.force_login(east_head)
    page = client.get(QUEUE)
    assert page.status_code == 200 and filed.ticket not in page.content.decode()


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", ("Procedure steps to approve", "Filing cancelled")),
     ("zh-hans", ("待审批的程序步骤", "撤销立案"))],
)  # fmt: skip
def test_the_queue_reads_in_both_languages(
    client, filed, officer, inspection_head, language, words
):
    with at(3, 20):
        cancellation_propose(case=filed, actor=officer, reasons="情节轻微，已改正")
    client.force_login(inspection_head)
    page = client.get(QUEUE, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert all(word in page for word in words)


def test_an_inspector_is_refused(client, officer):
    client.force_login(officer)
    assert client.get(QUEUE).status_code == 403
