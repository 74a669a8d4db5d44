"""A case page opened before routing ran shows its desks once routing has run, no reload.

The routing message waits (a busy worker) while the window and the inspector open the
freshly registered case: "Being routed to the desks…". Then the worker routes it; the
pages' desks panel and header update by themselves (static/js/case_routing.js polls the
panel's JSON), the window without desk buttons, the inspector with the desk's, which
still post from the swapped-in panel.
"""

import pytest
from browser_steps import accept_referral
from django.urls import reverse
from playwright.sync_api import expect

from complaints.handoffs import ROUTE_CASE_TASK
from dispatch.models import Referral

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROUTED_WITHIN_MS = 20_000  # the poll's delay grows from 1 s; a few rounds at most


@pytest.fixture
def routing_held(monkeypatch):
    """Routing messages wait in a list (the worker is busy); `deliver` runs one as the
    worker would. Other tasks run at once, as conftest's `tasks_run_in_process` does."""
    from config.celery import app

    deliver = app.send_task  # conftest's in-process runner
    held = []

    def send_task(name, args=None, kwargs=None, **options):
        if name == ROUTE_CASE_TASK:
            held.append(list(args or ()))
            return None
        return deliver(name, args=args, kwargs=kwargs, **options)

    monkeypatch.setattr(app, "send_task", send_task)
    return held, deliver


def open_waiting_case(page, ticket):
    page.goto(reverse("complaints:case_detail", args=[ticket]))
    expect(page.locator("#referrals")).to_contain_text("Being routed to the desks…")
    expect(page.locator("#referral-summary")).to_contain_text("Being routed to the desks…")
    page.evaluate("window.openedBeforeRouting = true")  # gone if the page reloads


def test_the_desks_panel_updates_when_routing_is_done(
    page_as, window, inspector, desks, register_case, routing_held
):
    held, deliver = routing_held
    case = register_case(site="滨江花园二期")
    assert held == [[case.pk]] and not Referral.objects.filter(case=case).exists()

    window_page = page_as(window)
    open_waiting_case(window_page, case.ticket)
    inspector_page = page_as(inspector)
    open_waiting_case(inspector_page, case.ticket)
    with window_page.expect_response(
        lambda r: r.url.endswith(f"/cases/{case.ticket}/desks/")
    ) as asked:
        pass
    assert asked.value.json()["state"] == "routing"  # polled while routing had not run

    deliver(ROUTE_CASE_TASK, args=held.pop())
    desks_now = Referral.objects.filter(case=case).count()
    assert desks_now >= 1

    for page in (window_page, inspector_page):
        panel = page.locator("#referrals")
        expect(panel.locator("article.referral")).to_have_count(desks_now, timeout=ROUTED_WITHIN_MS)
        expect(panel).to_contain_text("Labor inspection")
        expect(panel).to_contain_text("Officer: 李强")
        expect(panel).not_to_contain_text("Being routed")
        summary = page.locator("#referral-summary")
        expect(summary).to_contain_text("Labor inspection")
        expect(summary).not_to_contain_text("Being routed")
        assert page.evaluate("window.openedBeforeRouting") is True  # not reloaded

    # The window sees the desks, none of their buttons; the inspector works from the panel.
    expect(window_page.locator("#referrals form[action*='/referrals/']")).to_have_count(0)
    accept_referral(inspector_page)
    assert Referral.objects.get(case=case, desk__kind="inspection").status == "accepted"
