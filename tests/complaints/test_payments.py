"""The per-worker wage ledger: payments, recovered amounts, totals, who may record."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.roles import Role
from complaints import services
from complaints.exceptions import ActionNotPermitted, CaseNotVisible, InvalidTransition
from complaints.models import CaseEvent, WagePayment
from complaints.services import ComplainantData
from config import clock


@pytest.fixture
def group_case(register_case):
    return register_case(
        complainants=[
            ComplainantData(name="张三", phone="13800138000", owed_amount=Decimal("3000")),
            ComplainantData(name="李四", phone="13900139000", owed_amount=Decimal("2500.50")),
        ]
    )


def pay_ten(case, actor, paid_on=None):
    """Record 10 yuan paid to the case's first worker, today unless `paid_on`."""
    return services.payment_record(
        complainant=case.complainants.first(),
        actor=actor,
        amount=Decimal("10"),
        paid_on=paid_on or clock.today(),
    )


def test_payments_add_up_per_worker_and_are_on_the_timeline(group_case, inspector):
    zhang, li = group_case.complainants.order_by("id")
    services.payment_record(
        complainant=zhang, actor=inspector, amount=Decimal("1000"), paid_on=clock.today()
    )
    services.payment_record(
        complainant=zhang,
        actor=inspector,
        amount=Decimal("500.25"),
        paid_on=clock.today() - timedelta(days=1),
        note="微信转账",
    )
    zhang.refresh_from_db()
    li.refresh_from_db()
    assert zhang.recovered_amount == Decimal("1500.25")
    assert li.recovered_amount == Decimal("0")
    assert CaseEvent.objects.filter(case=group_case, kind="payment_recorded").count() == 2


@pytest.mark.parametrize(
    ("amount", "paid_on"),
    [
        (Decimal("0"), date(2026, 1, 5)),
        (Decimal("-10"), date(2026, 1, 5)),
        (Decimal("1.234"), date(2026, 1, 5)),
        (Decimal("100"), None),
        (None, date(2026, 1, 5)),
    ],
)
def test_bad_payments_are_refused_and_change_nothing(group_case, inspector, amount, paid_on):
    zhang = group_case.complainants.first()
    with pytest.raises(ValidationError):
        services.payment_record(complainant=zhang, actor=inspector, amount=amount, paid_on=paid_on)
    zhang.refresh_from_db()
    assert zhang.recovered_amount == 0
    assert not WagePayment.objects.exists()


def test_a_payment_in_the_future_is_refused(group_case, inspector):
    with pytest.raises(ValidationError):
        pay_ten(group_case, inspector, paid_on=clock.today() + timedelta(days=1))


def test_window_staff_cannot_record_payments(group_case, window):
    with pytest.raises(ActionNotPermitted):
        pay_ten(group_case, window)


def test_another_district_cannot_record_payments(group_case, other_district, user_factory):
    outsider = user_factory("east", other_district, Role.INSPECTOR)
    with pytest.raises(CaseNotVisible):
        pay_ten(group_case, outsider)


def test_no_payments_on_an_ended_case(group_case, inspector, window):
    services.case_withdraw(case=group_case, actor=window, reason="撤回")
    with pytest.raises(InvalidTransition):
        pay_ten(group_case, inspector)


def test_the_case_page_shows_the_ledger_with_totals_and_records_a_payment(
    client, group_case, inspector
):
    client.force_login(inspector)
    zhang = group_case.complainants.order_by("id").first()
    response = client.post(
        f"/cases/{group_case.ticket}/payments/",
        {"complainant": zhang.pk, "amount": "1,200.00", "paid_on": clock.today().isoformat()},
    )
    assert response.status_code == 302
    page = client.get(f"/cases/{group_case.ticket}/").content.decode()
    assert "5500.50" in page  # owed in total
    assert "1200.00" in page  # recovered in total and in the ledger


def test_a_bad_payment_on_the_page_is_shown_and_saves_nothing(client, group_case, inspector):
    client.force_login(inspector)
    zhang = group_case.complainants.first()
    response = client.post(
        f"/cases/{group_case.ticket}/payments/",
        {"complainant": zhang.pk, "amount": "-5", "paid_on": clock.today().isoformat()},
    )
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    assert not WagePayment.objects.exists()
