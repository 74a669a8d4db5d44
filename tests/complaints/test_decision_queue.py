"""The head of the inspection body's queue of acceptance decisions awaiting approval."""

import pytest
from django.urls import reverse

from complaints.models import Ground
from complaints.services.acceptance import Proposal, decision_propose, decision_send_back

pytestmark = pytest.mark.django_db
QUEUE = reverse("complaints:decision_queue")


def propose(case, inspector, ground=Ground.ACCEPT, **fields):
    return decision_propose(case=case, actor=inspector, proposal=Proposal(ground=ground, **fields))


def test_the_head_sees_the_proposals_of_the_office_and_none_else(
    client, register_case, inspector, inspection_head, east_case, east_inspector
):
    waiting = register_case()
    propose(waiting, inspector)
    sent_back = register_case()
    decision_send_back(
        decision=propose(sent_back, inspector, Ground.OUT_OF_TIME, reason="三年前"),
        actor=inspection_head,
        reason="欠薪持续至今",
    )
    propose(east_case, east_inspector)
    client.force_login(inspection_head)
    page = client.get(QUEUE).content.decode()
    assert waiting.ticket in page
    assert sent_back.ticket not in page, "a sent-back proposal waits for nobody"
    assert east_case.ticket not in page, "another district's cases stay out of sight"


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", ("Decisions to approve", "Accept and file the case")),
     ("zh-hans", ("待审批的受理决定", "受理并立案"))],
)  # fmt: skip
def test_the_queue_reads_in_both_languages(
    client, register_case, inspector, inspection_head, language, words
):
    propose(register_case(), inspector)
    client.force_login(inspection_head)
    page = client.get(QUEUE, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert all(word in page for word in words)


def test_only_the_head_opens_the_queue_and_lands_on_it(
    client, inspector, supervisor, inspection_head
):
    for someone in (inspector, supervisor):
        client.force_login(someone)
        assert client.get(QUEUE).status_code == 403
    client.force_login(inspection_head)
    assert client.get(reverse("home"))["Location"] == QUEUE
