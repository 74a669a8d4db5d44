"""Advance payments (先行垫付) in the API's case read: each advance and the totals, kept
apart from the complainants' recovered_amount, as the schema describes them."""

from decimal import Decimal

from complaints.services.advances import (
    advance_correct,
    advance_record,
    advance_recovery_record,
    advance_recovery_remove,
)
from config import clock
from tests.api.test_api_schema import conforms, openapi  # noqa: F401

URL = "/api/v1/cases/"


def test_the_case_read_returns_the_advances_and_their_totals(
    api_client,
    register_case,
    inspector,
    inspection_head,
    conforms,  # noqa: F811
):
    case = register_case()
    paid = advance_record(
        complainant=case.complainants.get(),
        actor=inspector,
        source="guarantee_deposit",
        amount=Decimal("700"),
        paid_on=clock.today(),
        approved_by=inspection_head,
    )
    recovery = advance_recovery_record(
        case=case, actor=inspector, amount=Decimal("200"), recovered_on=clock.today()
    )
    read = conforms(api_client(inspector).get(f"{URL}{case.ticket}/")).json()
    assert read["advances"] == {
        "payments": [
            {
                "id": paid.pk,
                "worker": "张三",
                "amount": "700.00",
                "source": "guarantee_deposit",
                "paid_on": clock.today().isoformat(),
            }
        ],
        "recoveries": [
            {"id": recovery.pk, "amount": "200.00", "recovered_on": clock.today().isoformat()}
        ],
        "advanced": "700.00",
        "recovered": "200.00",
        "still_to_recover": "500.00",
    }
    assert read["complainants"][0]["recovered_amount"] == "0.00"


def test_a_case_without_advances_reads_zero(api_client, register_case, window):
    case = register_case()
    read = api_client(window).get(f"{URL}{case.ticket}/").json()
    assert read["advances"]["payments"] == []
    assert read["advances"]["still_to_recover"] == "0.00"


def test_the_case_read_shows_the_advances_as_corrected(
    api_client,
    register_case,
    inspector,
    inspection_head,
    conforms,  # noqa: F811
):
    case = register_case()
    paid = advance_record(
        complainant=case.complainants.get(),
        actor=inspector,
        source="emergency_fund",
        amount=Decimal("700"),
        paid_on=clock.today(),
        approved_by=inspection_head,
    )
    recovery = advance_recovery_record(
        case=case, actor=inspector, amount=Decimal("200"), recovered_on=clock.today()
    )
    advance_correct(
        advance=paid, actor=inspector, amount=Decimal("650"), paid_on=clock.today(), reason="笔误"
    )
    advance_recovery_remove(recovery=recovery, actor=inspector, reason="未实际追回")

    advances = conforms(api_client(inspector).get(f"{URL}{case.ticket}/")).json()["advances"]
    assert [(p["id"], p["amount"]) for p in advances["payments"]] == [(paid.pk, "650.00")]
    assert advances["recoveries"] == []
    assert (advances["advanced"], advances["recovered"]) == ("650.00", "0.00")
    assert advances["still_to_recover"] == "650.00"
