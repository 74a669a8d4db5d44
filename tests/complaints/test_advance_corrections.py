"""An advance payment (先行垫付) or a recovery entered by mistake is corrected or removed by
who may record it, on an open case only, with the change on the timeline; every figure read
from the advance tables (the case's, the dashboard's) follows."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from complaints.exceptions import ActionNotPermitted, InvalidTransition
from complaints.models import AdvancePayment, AdvanceRecovery, CaseEvent
from complaints.selectors.advances import case_advances
from complaints.services import ComplainantData
from complaints.services.advances import (
    advance_correct,
    advance_record,
    advance_recovery_correct,
    advance_recovery_record,
    advance_recovery_remove,
    advance_remove,
)
from complaints.services.transitions import case_withdraw
from config import clock
from reports.advances import advances_in
from reports.periods import Period


@pytest.fixture
def case(register_case):
    return register_case(
        complainants=[
            ComplainantData(name="张三", phone="13800138000", owed_amount=Decimal("3000")),
        ]
    )


def record(case, actor, approver, amount="1000"):
    return advance_record(
        complainant=case.complainants.get(),
        actor=actor,
        source="emergency_fund",
        amount=Decimal(amount),
        paid_on=clock.today(),
        approved_by=approver,
    )


def recover(case, actor, amount):
    return advance_recovery_record(
        case=case, actor=actor, amount=Decimal(amount), recovered_on=clock.today()
    )


def figures(case):
    summary = case_advances(case)
    return summary.advanced, summary.recovered, summary.still_to_recover


def dashboard(case):
    today = clock.today()
    period = Period(first=today - timedelta(days=30), last=today)
    earlier = Period(first=today - timedelta(days=400), last=today - timedelta(days=370))
    now, _ = advances_in(case.responsible_office, period, earlier)
    return now.amount, now.recovered


def test_a_corrected_advance_recounts_and_is_on_the_timeline(case, inspector, inspection_head):
    paid = record(case, inspector, inspection_head, "1000")

    advance_correct(
        advance=paid, actor=inspector, amount=Decimal("800"), paid_on=clock.today(), reason="多录"
    )

    paid.refresh_from_db()
    assert paid.amount == Decimal("800.00")
    assert figures(case) == (Decimal("800.00"), Decimal("0.00"), Decimal("800.00"))
    assert dashboard(case) == (Decimal("800.00"), Decimal("0.00"))
    event = CaseEvent.objects.get(case=case, kind="advance_corrected")
    assert (event.actor, event.message) == (inspector, "多录")
    assert event.payload["old_amount"] == "1000.00" and event.payload["amount"] == "800.00"


def test_a_removed_advance_and_recovery_leave_no_figure(case, inspector, inspection_head):
    paid = record(case, inspector, inspection_head, "1000")
    recovery = recover(case, inspector, "300")

    advance_recovery_remove(recovery=recovery, actor=inspector, reason="未到账")
    advance_remove(advance=paid, actor=inspector, reason="录错案件")

    assert not AdvancePayment.objects.exists() and not AdvanceRecovery.objects.exists()
    assert figures(case) == (Decimal("0.00"), Decimal("0.00"), Decimal("0.00"))
    assert dashboard(case) == (Decimal("0.00"), Decimal("0.00"))
    kinds = set(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert {"advance_removed", "recovery_removed"} <= kinds


def test_advances_may_not_fall_below_what_was_recovered(case, inspector, inspection_head):
    paid = record(case, inspector, inspection_head, "1000")
    recover(case, inspector, "600")

    with pytest.raises(ValidationError) as refused:
        advance_correct(
            advance=paid, actor=inspector, amount=Decimal("500"), paid_on=clock.today(), reason="x"
        )
    assert "600.00" in refused.value.message_dict["amount"][0]
    with pytest.raises(ValidationError):
        advance_remove(advance=paid, actor=inspector, reason="x")

    paid.refresh_from_db()
    assert paid.amount == Decimal("1000.00")
    assert not CaseEvent.objects.filter(kind__in=["advance_corrected", "advance_removed"]).exists()


def test_a_recovery_is_corrected_up_to_what_is_owed(case, inspector, inspection_head):
    record(case, inspector, inspection_head, "1000")
    recovery = recover(case, inspector, "600")

    with pytest.raises(ValidationError) as refused:
        advance_recovery_correct(
            recovery=recovery,
            actor=inspector,
            amount=Decimal("1000.01"),
            recovered_on=clock.today(),
            reason="x",
        )
    assert "1000.00" in refused.value.message_dict["amount"][0]
    advance_recovery_correct(
        recovery=recovery,
        actor=inspector,
        amount=Decimal("1000"),
        recovered_on=clock.today(),
        reason="全额追回",
    )
    assert figures(case) == (Decimal("1000.00"), Decimal("1000.00"), Decimal("0.00"))
    assert CaseEvent.objects.get(kind="recovery_corrected").payload["old_amount"] == "600.00"


def test_who_may_not_record_may_not_correct(case, inspector, inspection_head, window):
    paid = record(case, inspector, inspection_head)
    with pytest.raises(ActionNotPermitted):
        advance_correct(
            advance=paid, actor=window, amount=Decimal("1"), paid_on=clock.today(), reason="x"
        )
    with pytest.raises(ActionNotPermitted):
        advance_remove(advance=paid, actor=window, reason="x")
    assert AdvancePayment.objects.get().amount == Decimal("1000.00")


def test_nothing_changes_on_a_closed_case(case, inspector, inspection_head, supervisor):
    paid = record(case, inspector, inspection_head)
    recovery = recover(case, inspector, "100")
    case_withdraw(case=case, actor=supervisor, reason="已和解")

    with pytest.raises(InvalidTransition):
        advance_correct(
            advance=paid, actor=inspector, amount=Decimal("1"), paid_on=clock.today(), reason="x"
        )
    with pytest.raises(InvalidTransition):
        advance_recovery_remove(recovery=recovery, actor=inspector, reason="x")
    assert figures(case) == (Decimal("1000.00"), Decimal("100.00"), Decimal("900.00"))


def test_a_correction_needs_a_reason_and_a_change(case, inspector, inspection_head):
    paid = record(case, inspector, inspection_head)
    with pytest.raises(ValidationError) as refused:
        advance_remove(advance=paid, actor=inspector, reason="  ")
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError):
        advance_correct(
            advance=paid, actor=inspector, amount=paid.amount, paid_on=paid.paid_on, reason="x"
        )
    assert AdvancePayment.objects.exists()


# --- the case page ----------------------------------------------------------------------


def test_the_page_corrects_an_advance_and_shows_it_on_the_timeline(
    client, case, inspector, inspection_head
):
    paid = record(case, inspector, inspection_head, "1000")
    client.force_login(inspector)
    page = client.get(reverse("complaints:case_detail", args=[case.ticket])).content.decode()
    assert reverse("complaints:case_advance_correct", args=[case.ticket]) in page

    response = client.post(
        reverse("complaints:case_advance_correct", args=[case.ticket]),
        {
            "advance": paid.pk,
            "amount": "900",
            "paid_on": clock.today().isoformat(),
            "reason": "多录一百",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("complaints:case_detail", args=[case.ticket])).content.decode()
    assert 'id="advances-advanced">¥900.00' in page
    assert "Advance to 张三 corrected: ¥1000.00 on" in page and "became ¥900.00" in page


def test_the_page_refuses_another_cases_advance_in_chinese(
    client, case, register_case, inspector, inspection_head
):
    other = register_case()
    paid = record(other, inspector, inspection_head, "500")
    client.force_login(inspector)
    client.cookies["django_language"] = "zh-hans"

    response = client.post(
        reverse("complaints:case_advance_remove", args=[case.ticket]),
        {"advance": paid.pk, "reason": "录错"},
    )
    assert response.status_code == 400
    assert 'id="advance-change-errors"' in response.content.decode()
    assert AdvancePayment.objects.filter(pk=paid.pk).exists()


def test_the_page_refuses_a_recovery_above_the_advances(client, case, inspector, inspection_head):
    record(case, inspector, inspection_head, "1000")
    recovery = recover(case, inspector, "100")
    client.force_login(inspector)

    response = client.post(
        reverse("complaints:case_recovery_correct", args=[case.ticket]),
        {
            "recovery": recovery.pk,
            "amount": "1200",
            "recovered_on": clock.today().isoformat(),
            "reason": "x",
        },
    )
    assert response.status_code == 400
    assert "Only ¥1000.00 of the advances is still to recover." in response.content.decode()
    recovery.refresh_from_db()
    assert recovery.amount == Decimal("100.00")
