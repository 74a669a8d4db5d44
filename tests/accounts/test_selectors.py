"""The supervisors of an office: one query however many offices are asked for."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from accounts.selectors import office_supervisors, supervisors_of_offices


def test_only_active_supervisors_of_the_office_are_named(
    district, other_district, user_factory, supervisor, inspector
):
    retired = user_factory("retired", district, Role.SUPERVISOR)
    retired.is_active = False
    retired.save(update_fields=["is_active"])
    elsewhere = user_factory("elsewhere", other_district, Role.SUPERVISOR)
    assert office_supervisors(district.pk) == [supervisor]
    assert office_supervisors(other_district.pk) == [elsewhere]


def test_many_offices_in_one_query_each_with_a_list(district, other_district, city, supervisor):
    with CaptureQueriesContext(connection) as seen:
        found = supervisors_of_offices([district.pk, other_district.pk, city.pk, None])
    assert len(seen.captured_queries) == 1
    assert found == {district.pk: [supervisor], other_district.pk: [], city.pk: []}


def test_no_office_asks_nothing(db):
    with CaptureQueriesContext(connection) as seen:
        assert supervisors_of_offices([]) == {}
        assert office_supervisors(None) == []
    assert seen.captured_queries == []
