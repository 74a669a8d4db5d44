"""The open tallies: kept by the database equal to a direct count, whatever writes."""

import importlib
import threading

import pytest
from django.db import connection, connections  # noqa: F401 - connection: read by skipif
from django.db.models import Count

from accounts.roles import Role
from complaints import services
from complaints.models import OPEN_STATUSES, Case
from complaints.selectors.predicates import cases_of_office, office_tree
from config import clock
from dispatch import services as dispatch
from dispatch.models import OPEN_REFERRAL_STATUSES, Desk, Referral
from reports import tallies
from reports.models import OpenCaseTally, OpenReferralTally
from reports.restriction import restricted_to
from tests.conftest import make_user
from tests.reports.conftest import at


def open_cases_counted(office) -> int:
    return cases_of_office(Case.objects.all(), office).filter(status__in=OPEN_STATUSES).count()


def open_referrals_counted(office) -> dict:
    referrals = Referral.objects.filter(
        desk__office__in=office_tree(office).values("id"), status__in=OPEN_REFERRAL_STATUSES
    )
    return dict(referrals.values_list("officer").annotate(n=Count("id")).order_by())


def assert_tallies_agree(*offices):
    for office in offices:
        assert tallies.open_case_count(office) == open_cases_counted(office), office
        by_officer = tallies.open_referrals_by_officer(office)
        assert {k: n for k, n in by_officer.items() if n} == open_referrals_counted(office)


def test_the_triggers_count_the_same_open_statuses_as_the_code():
    migration = importlib.import_module("reports.migrations.0008_open_tallies")
    as_sql = lambda statuses: "(" + ", ".join(f"'{s}'" for s in statuses) + ")"  # noqa: E731
    assert as_sql(OPEN_STATUSES) == migration.CASE_OPEN
    assert as_sql(OPEN_REFERRAL_STATUSES) == migration.REFERRAL_OPEN


def test_registration_routing_transfer_merge_closing_and_withdrawal_move_the_tallies(
    january, district, other_district, city
):
    # January (tests/reports/conftest.py): C transferred to East and G still open; A and
    # B closed, D merged into C, H withdrawn.
    assert tallies.open_case_count(district) == 2  # C (registered at West) and G
    assert tallies.open_case_count(other_district) == 1  # C
    assert tallies.open_case_count(city) == 2
    assert_tallies_agree(district, other_district, city)
    assert sum(tallies.open_referrals_by_officer(district).values()) == 1  # G's


def test_a_withdrawal_closing_referrals_in_bulk_and_a_reassignment_are_counted(
    january, district, other_district, city, window, supervisor
):
    colleague = make_user("inspector2", district, Role.INSPECTOR)
    (referral,) = Referral.objects.filter(case=january.g, status__in=OPEN_REFERRAL_STATUSES)
    Desk.objects.get(pk=referral.desk_id).members.add(colleague)
    with clock.frozen_at(at(2026, 2, 2)):
        dispatch.referral_reassign(referral=referral, officer=colleague, actor=supervisor)
    by_officer = tallies.open_referrals_by_officer(district)
    assert by_officer.get(referral.officer_id, 0) == 0
    assert by_officer[colleague.pk] == 1
    assert_tallies_agree(district, other_district, city)
    with clock.frozen_at(at(2026, 2, 3)):
        services.case_withdraw(case=january.g, actor=window, reason="已协商")
    # The case's referrals end with one UPDATE (dispatch/services/case_end.py).
    assert open_cases_counted(district) == 1
    assert_tallies_agree(district, other_district, city)


def test_compacting_folds_the_rows_into_one_per_key_and_keeps_every_sum(
    january, district, other_district, city
):
    sums = {o.pk: (tallies.open_case_count(o), open_referrals_counted(o)) for o in (district, city)}
    rows = OpenCaseTally.objects.count() + OpenReferralTally.objects.count()
    left = tallies.tallies_compact()
    assert left == OpenCaseTally.objects.count() + OpenReferralTally.objects.count() < rows
    pairs = OpenCaseTally.objects.values_list(
        "registering_office", "responsible_office", "construction"
    )
    assert pairs.distinct().count() == OpenCaseTally.objects.count()
    assert not OpenCaseTally.objects.filter(delta=0).exists()
    assert not OpenReferralTally.objects.filter(delta=0).exists()
    for office in (district, city):
        assert (tallies.open_case_count(office), open_referrals_counted(office)) == sums[office.pk]
    assert_tallies_agree(district, other_district, city)
    assert tallies.tallies_compact() == left  # a second run changes nothing


def assert_keyed_tallies_agree(*offices):
    """Narrowed to construction cases and to the rest, the tallies read by their key."""
    for marked in (True, False):
        with restricted_to({"construction": "yes" if marked else "no"}):
            for office in offices:
                cases = cases_of_office(Case.objects.filter(is_construction=marked), office)
                assert (
                    tallies.open_case_count(office)
                    == cases.filter(status__in=OPEN_STATUSES).count()
                )
                referrals = Referral.objects.filter(
                    desk__office__in=office_tree(office).values("id"),
                    status__in=OPEN_REFERRAL_STATUSES,
                    case__is_construction=marked,
                )
                counted = dict(referrals.values_list("officer").annotate(n=Count("id")).order_by())
                by_officer = tallies.open_referrals_by_officer(office)
                assert {k: n for k, n in by_officer.items() if n} == counted, (office, marked)


def test_marking_a_case_construction_moves_it_and_its_open_referrals_to_that_key(
    january, district, other_district, city
):
    offices = (district, other_district, city)
    assert_keyed_tallies_agree(*offices)
    open_referral = Referral.objects.filter(
        status__in=OPEN_REFERRAL_STATUSES, case__status__in=OPEN_STATUSES
    ).first()
    marked = open_referral.case
    Case.objects.filter(pk=marked.pk).update(is_construction=True)  # whatever writes
    with restricted_to({"construction": "yes"}):
        assert tallies.open_case_count(city) == 1
    assert_keyed_tallies_agree(*offices)
    tallies.tallies_compact()
    assert_keyed_tallies_agree(*offices)
    Case.objects.filter(pk=marked.pk).update(is_construction=False)
    assert_keyed_tallies_agree(*offices)
    tallies.tallies_recount()
    assert_keyed_tallies_agree(*offices)
    assert_tallies_agree(*offices)


def test_recounting_rebuilds_tallies_written_around_the_triggers(
    january, district, other_district, city
):
    OpenCaseTally.objects.all().delete()  # as after a bulk load with triggers off
    OpenReferralTally.objects.all().delete()
    assert tallies.open_case_count(city) == 0
    tallies.tallies_recount()
    assert tallies.open_case_count(city) == 2
    assert_tallies_agree(district, other_district, city)


@pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="the concurrent case is PostgreSQL's; SQLite's writers take turns",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_compacting_while_cases_are_registered_loses_and_doubles_nothing(
    register_case, district, other_district, city
):
    """Registrations commit while another connection folds the rows, again and again."""
    errors, done = [], threading.Event()

    def register_many():
        try:
            for _ in range(40):
                register_case()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            done.set()
            connections.close_all()

    def compact_until_done():
        try:
            while not done.is_set():
                tallies.tallies_compact()
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register_many), threading.Thread(target=compact_until_done)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert open_cases_counted(district) == 40
    assert_tallies_agree(district, other_district, city)
