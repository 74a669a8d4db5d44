"""The handling decision's page: the served orders to choose from, a decision taken by a
POST, a rate outside 50 to 100 percent refused on the form in Chinese."""

from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from inspection.models import Step, StepKind
from tests.builders import order_to_pay
from tests.inspection.conftest import at
from tests.inspection.test_investigation import written


def served_order(case, officer):
    """An order of 03-05, served that day, to pay 8,000 yuan by 03-25."""
    zhang, li = case.complainants.order_by("pk")
    with at(3, 5):
        return order_to_pay(
            case,
            officer,
            lines={zhang.pk: Decimal("5000.00"), li.pk: Decimal("3000.00")},
        )


def body(second, order, **changes) -> dict:
    values = {
        "second_inspector": second.pk,
        "order": order.pk,
        "rate": "100",
        "pay_within_days": "15",
        "facts": "拖欠张三、李四工资共计8000元。",
        "evidence": "询问笔录\n工资表",
    }
    return values | changes


def test_the_inspector_gets_the_form_with_the_served_order(client, filed, officer, second):
    order = served_order(filed, officer)
    client.force_login(officer)
    with at(4, 1):
        response = client.get(reverse("inspection:handling_decision", args=[filed.ticket]))
    assert response.status_code == 200
    page = response.content.decode()
    assert order.number in page and 'name="rate"' in page


def test_the_page_says_an_order_must_be_served_first(client, filed, officer):
    client.force_login(officer)
    with at(4, 1):
        page = client.get(reverse("inspection:handling_decision", args=[filed.ticket]))
    assert "An order to correct must have been served on the party first." in page.content.decode()


def test_posting_the_decision_takes_it(client, filed, officer, second):
    order = served_order(filed, officer)
    client.force_login(officer)
    with at(4, 1):
        response = client.post(
            reverse("inspection:handling_decision", args=[filed.ticket]), body(second, order)
        )
    assert response.status_code == 302
    step = Step.objects.get(case=filed, kind=StepKind.HANDLING_DECISION)
    assert (step.rate, step.compensation) == (100, Decimal("8000.00"))


def test_a_rate_of_101_is_refused_in_chinese(client, filed, officer, second):
    order = served_order(filed, officer)
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    before = written(filed)
    with at(4, 1):
        response = client.post(
            reverse("inspection:handling_decision", args=[filed.ticket]),
            body(second, order, rate="101"),
        )
    assert response.status_code == 400
    assert "加付赔偿金的比例必须为应付金额的50%至100%" in response.content.decode()
    assert written(filed) == before
