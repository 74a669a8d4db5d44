"""dispatch's filters over complaints' case lists, registered when dispatch starts
(dispatch/apps.py), so the lists filter by desk, referral and deadline without importing
dispatch."""

import pytest

from complaints.models import Case, DeskKind
from complaints.selectors.lists import filter_cases
from dispatch.models import ReferralStatus


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("referral", {"desk": DeskKind.INSPECTION}),
        ("overdue_now", True),
        ("timeliness", "late"),
        ("referred_to_desk", DeskKind.INSPECTION),
        ("open_overdue_deadline", False),
    ],
)
def test_every_filter_the_case_lists_apply_is_registered(key, value):
    cases = Case.objects.all()
    assert str(filter_cases(cases, key, value).query) != str(cases.query)


def test_no_referral_filter_given_leaves_the_cases_as_they_are():
    cases = Case.objects.all()
    assert filter_cases(cases, "referral", {"status": "closed"}) is cases


def test_a_referral_of_the_case_must_match_every_referral_filter_given():
    sql, params = filter_cases(
        Case.objects.all(), "referral", {"desk": DeskKind.ARBITRATION, "work": "done"}
    ).query.sql_with_params()
    assert "EXISTS" in sql
    assert DeskKind.ARBITRATION in params and ReferralStatus.DONE in params


def test_an_unregistered_filter_is_an_error_not_silence():
    with pytest.raises(LookupError):
        filter_cases(Case.objects.all(), "no_such_filter", 1)
