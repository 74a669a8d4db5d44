"""`manage.py due_date POLICY START_DATE`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db  # the calendar is read from the database


def run(*args) -> str:
    out = StringIO()
    call_command("due_date", *args, stdout=out)
    return out.getvalue()


def test_prints_the_due_date_and_final():
    assert run("inspection.accept", "2026-02-13") == "2026-02-27\nfinal\n"


def test_a_date_in_an_unloaded_year_is_provisional():
    assert run("inspection.accept", "2027-03-05") == "2027-03-12\nprovisional\n"


def test_explain_adds_limit_unit_and_basis():
    lines = run("arbitration.accept", "2026-09-30", "--explain").splitlines()
    assert lines[:2] == ["2026-10-08", "final"]
    assert "5 calendar days" in lines[2]
    assert lines[3] == "Basis: 《劳动争议调解仲裁法》第二十九条"


def test_unknown_policy_is_a_friendly_error_naming_the_valid_codes():
    with pytest.raises(CommandError, match="Unknown deadline policy") as excinfo:
        run("inspection.acept", "2026-02-13")
    assert "inspection.accept" in str(excinfo.value)
    assert "criminal.approve" in str(excinfo.value)


@pytest.mark.parametrize("value", ["2026-02-30", "13/02/2026", "tomorrow"])
def test_a_bad_date_is_a_friendly_error(value):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("inspection.accept", value)


def test_a_start_date_far_outside_any_calendar_is_a_clear_error(db):
    with pytest.raises(CommandError):
        call_command("due_date", "inspection.accept", "9999-12-20", stdout=StringIO())
