"""Ticket numbers: <prefix>-<Shanghai year>-<6 digits>, unique and gap-free.

The counter row is locked inside the registration transaction, so a registration that
fails rolls its number back, and concurrent registrations queue on the lock.
"""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection

from accounts.roles import Role
from complaints import services
from complaints.models import Case, CaseEvent, TicketCounter
from complaints.services import ComplainantData, EmployerData
from config import clock
from tests.at_once import run_at_once

NEW_YEAR_IN_SHANGHAI = datetime(2026, 12, 31, 16, 30, tzinfo=UTC)  # 2027-01-01 00:30 local
NEW_YEARS_EVE_IN_SHANGHAI = datetime(2026, 12, 31, 15, 30, tzinfo=UTC)  # 2026-12-31 23:30


def number(ticket: str) -> int:
    return int(ticket.rsplit("-", 1)[1])


def test_sequential_registrations_count_up(register_case):
    with clock.frozen_at(NEW_YEARS_EVE_IN_SHANGHAI):
        tickets = [register_case().ticket for _ in range(3)]

    assert tickets == ["YC-2026-000001", "YC-2026-000002", "YC-2026-000003"]


def test_the_year_is_the_shanghai_year_and_the_counter_restarts(register_case):
    with clock.frozen_at(NEW_YEARS_EVE_IN_SHANGHAI):
        last_of_2026 = [register_case().ticket for _ in range(2)]
    with clock.frozen_at(NEW_YEAR_IN_SHANGHAI):
        first_of_2027 = register_case()
        second_of_2027 = register_case()

    assert last_of_2026 == ["YC-2026-000001", "YC-2026-000002"]
    assert first_of_2027.ticket == "YC-2027-000001"  # UTC still says 2026-12-31
    assert second_of_2027.ticket == "YC-2027-000002"
    assert first_of_2027.registered_at == NEW_YEAR_IN_SHANGHAI
    counters = dict(TicketCounter.objects.values_list("year", "last_number"))
    assert counters == {2026: 2, 2027: 2}


def test_the_prefix_follows_the_setting(register_case, settings):
    settings.TICKET_PREFIX = "XL"
    with clock.frozen_at(NEW_YEAR_IN_SHANGHAI):
        first = register_case()
        second = register_case()
    settings.TICKET_PREFIX = "YC"
    with clock.frozen_at(NEW_YEAR_IN_SHANGHAI):
        other = register_case()

    assert [first.ticket, second.ticket] == ["XL-2027-000001", "XL-2027-000002"]
    assert other.ticket == "YC-2027-000001"  # each prefix counts on its own


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"channel": "carrier_pigeon"}, ValidationError),  # refused by Case.full_clean()
        (
            {"employer": EmployerData(name="某公司", credit_code="91420500000000000X")},
            ValidationError,
        ),
        ({"missing_materials": ["not_a_material"]}, IntegrityError),  # a database constraint
    ],
    ids=["bad-channel", "bad-credit-code", "bad-material"],
)
@pytest.mark.parametrize("already_issued", [0, 2])
def test_a_failed_registration_uses_no_number(register_case, fields, error, already_issued):
    with clock.frozen_at(NEW_YEAR_IN_SHANGHAI):
        for _ in range(already_issued):
            register_case()

        with pytest.raises(error):
            register_case(**fields)

        after = register_case()

    assert after.ticket == f"YC-2027-{already_issued + 1:06d}"
    assert Case.objects.count() == already_issued + 1
    assert TicketCounter.objects.get(prefix="YC", year=2027).last_number == already_issued + 1
    assert CaseEvent.objects.filter(kind="registered").count() == already_issued + 1


# --- concurrency (PostgreSQL) ------------------------------------------------------------

THREADS, PER_THREAD = 8, 5


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL for concurrent writers"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_registrations_get_unique_gap_free_numbers(user_factory, district):
    actors = [user_factory(f"window{index}", district, Role.WINDOW) for index in range(THREADS)]

    def register_five(actor) -> list[str]:
        return [
            services.case_register(
                actor=actor,
                description=f"并发登记 {actor.username} #{index}",
                complainants=[ComplainantData(name="张三", phone="13800138000")],
                employer=EmployerData(name="宜昌某某建筑有限公司"),
            ).case.ticket
            for index in range(PER_THREAD)
        ]

    results = run_at_once([lambda actor=actor: register_five(actor) for actor in actors])
    assert [result for result in results if isinstance(result, Exception)] == []
    tickets = [ticket for result in results for ticket in result]
    total = THREADS * PER_THREAD
    assert len(set(tickets)) == total
    assert sorted(number(ticket) for ticket in tickets) == list(range(1, total + 1))
    assert len({ticket.rsplit("-", 1)[0] for ticket in tickets}) == 1  # one prefix and year
    assert Case.objects.count() == total
    counter = TicketCounter.objects.get()
    assert counter.last_number == total
