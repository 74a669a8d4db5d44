"""Advance payments (先行垫付): who records and approves them, their limits, and that they
stay apart from the wages recovered from the employer."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from complaints.exceptions import ActionNotPermitted
from complaints.models import AdvancePayment, AdvanceRecovery, CaseEvent
from complaints.selectors.advances import case_advances
from complaints.services import ComplainantData
from complaints.services.advances import advance_record, advance_recovery_record
from config import clock
from tests.conftest import make_user


@pytest.fixture
def group_case(register_case):
    return register_case(
        complainants=[
            ComplainantData(name="张三", phone="13800138000", owed_amount=Decimal("3000")),
            ComplainantData(name="李四", phone="13900139000", owed_amount=Decimal("2500")),
        ]
    )


def advance(case, actor, approver, amount="1000", worker=0, **extra):
    kwargs = {
        "complainant": case.complainants.order_by("id")[worker],
        "actor": actor,
        "source": "emergency_fund",
        "amount": Decimal(amount),
        "paid_on": clock.today(),
        "approved_by": approver,
    }
    kwargs.update(extra)
    return advance_record(**kwargs)


def test_an_advance_is_not_wages_recovered(group_case, inspector, inspection_head):
    advance(group_case, inspector, inspection_head, "1000")
    advance(group_case, inspector, inspection_head, "500", worker=1, source="guarantee_deposit")
    zhang = group_case.complainants.order_by("id").first()
    assert zhang.recovered_amount == 0
    summary = case_advances(group_case)
    assert [(w.name, w.advanced) for w in summary.workers] == [
        ("张三", Decimal("1000")),
        ("李四", Decimal("500")),
    ]
    assert summary.advanced == Decimal("1500")
    assert summary.still_to_recover == Decimal("1500")
    assert CaseEvent.objects.filter(case=group_case, kind="advance_paid").count() == 2


def test_a_city_head_may_approve_a_district_case(group_case, inspector, city):
    city_head = make_user("cityhead", city, Role.DEPARTMENT_HEAD)
    advance(group_case, inspector, city_head)
    assert AdvancePayment.objects.get().approved_by == city_head


@pytest.mark.parametrize(
    ("amount", "days", "field"),
    [("0", 0, "amount"), ("-5", 0, "amount"), ("1.234", 0, "amount"), ("10", 1, "paid_on")],
)
def test_bad_amounts_and_days_are_refused(
    group_case, inspector, inspection_head, amount, days, field
):
    with pytest.raises(ValidationError) as refused:
        advance(
            group_case,
            inspector,
            inspection_head,
            amount,
            paid_on=clock.today() + timedelta(days=days),
        )
    assert field in refused.value.message_dict
    assert not AdvancePayment.objects.exists()


def test_an_advance_before_registration_is_refused(group_case, inspector, inspection_head):
    before = timezone.localdate(group_case.registered_at) - timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        advance(group_case, inspector, inspection_head, paid_on=before)
    assert "paid_on" in refused.value.message_dict
    assert not AdvancePayment.objects.exists()


def test_an_approver_without_the_head_role_is_refused(group_case, inspector, supervisor):
    with pytest.raises(ValidationError) as refused:
        advance(group_case, inspector, supervisor)
    assert "approved_by" in refused.value.message_dict
    assert not AdvancePayment.objects.exists()


def test_a_head_of_another_district_may_not_approve(group_case, inspector, other_district):
    elsewhere = make_user("otherhead", other_district, Role.INSPECTION_HEAD)
    with pytest.raises(ValidationError):
        advance(group_case, inspector, elsewhere)
    assert not AdvancePayment.objects.exists()


def test_window_staff_may_not_record_advances(group_case, window, inspection_head):
    with pytest.raises(ActionNotPermitted):
        advance(group_case, window, inspection_head)


def test_recovery_up_to_what_is_owed(group_case, inspector, inspection_head):
    advance(group_case, inspector, inspection_head, "1000")
    advance_recovery_record(
        case=group_case, actor=inspector, amount=Decimal("600"), recovered_on=clock.today()
    )
    with pytest.raises(ValidationError) as refused:
        advance_recovery_record(
            case=group_case, actor=inspector, amount=Decimal("400.01"), recovered_on=clock.today()
        )
    assert "400.00" in refused.value.message_dict["amount"][0]
    assert AdvanceRecovery.objects.count() == 1
    summary = case_advances(group_case)
    assert (summary.recovered, summary.still_to_recover) == (Decimal("600"), Decimal("400"))
    assert group_case.complainants.order_by("id").first().recovered_amount == 0
    assert CaseEvent.objects.filter(case=group_case, kind="advance_recovered").count() == 1


def page(client, case):
    return client.get(reverse("complaints:case_detail", args=[case.ticket]))


def test_case_page_shows_advances_apart_from_the_ledger(
    client, group_case, inspector, inspection_head
):
    advance(group_case, inspector, inspection_head, "1000")
    client.force_login(inspector)
    response = page(client, group_case)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="advances-advanced">¥1000.00' in html
    assert 'id="advances-still-to-recover">¥1000.00' in html
    assert response.context["ledger"]["recovered"] == 0
    assert "Advance paid (Emergency wage fund): 张三 received ¥1000.00" in html


def test_case_page_records_an_advance_and_a_recovery(
    client, group_case, inspector, inspection_head
):
    client.force_login(inspector)
    zhang = group_case.complainants.order_by("id").first()
    today = clock.today().isoformat()
    response = client.post(
        reverse("complaints:case_advance", args=[group_case.ticket]),
        {
            "advance-complainant": zhang.pk,
            "advance-source": "emergency_fund",
            "advance-amount": "800",
            "advance-paid_on": today,
            "advance-approved_by": inspection_head.pk,
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("complaints:case_advance_recovery", args=[group_case.ticket]),
        {"recovery-amount": "900", "recovery-recovered_on": today},
    )
    assert response.status_code == 400
    assert "Only ¥800.00 of the advances is still to recover." in response.content.decode()
    assert not AdvanceRecovery.objects.exists()


def test_chinese_page_refuses_an_unapproved_advance(client, group_case, inspector, supervisor):
    client.force_login(inspector)
    client.cookies["django_language"] = "zh-hans"
    response = client.post(
        reverse("complaints:case_advance", args=[group_case.ticket]),
        {
            "advance-complainant": group_case.complainants.first().pk,
            "advance-source": "emergency_fund",
            "advance-amount": "800",
            "advance-paid_on": clock.today().isoformat(),
            "advance-approved_by": supervisor.pk,
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "先行垫付" in html
    assert "还需追回" in html
    assert not AdvancePayment.objects.exists()
