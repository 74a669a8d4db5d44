"""Supervision (督办): start, report back, lift; the chase of the report-back date; pages.

Dates: the case is registered and routed on Monday 2026-03-02; the report-back date is
Friday 2026-03-06. Two working days before it is Wednesday 03-04; the first day it is
overdue is Monday 03-09 (after the weekend).
"""

from datetime import date

import pytest
from dispatch_steps import at, moment, page_queries, sweep
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.roles import Role
from complaints.exceptions import ActionNotPermitted, CaseNotVisible, InvalidTransition
from complaints.models import CaseEvent
from complaints.services import EmployerData
from dispatch import services
from dispatch.models import (
    Notification,
    Supervision,
    SupervisionEscalation,
    SupervisionReminder,
)

REPORT_BY = date(2026, 3, 6)


def sent(prefix: str) -> list[tuple[str, str]]:
    rows = Notification.objects.filter(channel="inbox", key__startswith=prefix)
    return sorted(rows.values_list("key", "recipient__username"))


@pytest.fixture
def case(routed):
    return routed.case


@pytest.fixture
def supervised(case, supervisor):
    with at(3, 2, 11):
        return services.supervision_start(
            case=case, actor=supervisor, instructions="三日内约谈企业负责人", report_by=REPORT_BY
        )


def test_a_supervisor_puts_a_case_under_supervision_and_the_officer_is_told(
    supervised, case, supervisor
):
    assert supervised.is_active and supervised.created_by == supervisor
    event = CaseEvent.objects.get(case=case, kind="supervision_started")
    assert event.message == "三日内约谈企业负责人"
    assert event.payload == {"report_by": "2026-03-06"}
    note = Notification.objects.get(key=f"supervision:{supervised.pk}:start", channel="inbox")
    assert note.recipient.username == "officer" and note.body == "三日内约谈企业负责人"


def test_only_one_active_supervision_per_case(supervised, case, supervisor):
    with at(3, 2, 12), pytest.raises(InvalidTransition):
        services.supervision_start(
            case=case, actor=supervisor, instructions="again", report_by=REPORT_BY
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Supervision.objects.create(
            case=case,
            instructions="x",
            report_by=REPORT_BY,
            created_by=supervisor,
            created_at=moment(3, 2),
        )


@pytest.mark.parametrize("report_by", [date(2026, 3, 2), date(2026, 3, 1), None])
def test_the_report_back_date_must_be_in_the_future(case, supervisor, report_by):
    with at(3, 2), pytest.raises(ValidationError):
        services.supervision_start(
            case=case, actor=supervisor, instructions="x", report_by=report_by
        )
    assert not Supervision.objects.exists()


def test_an_officer_cannot_start_or_lift_a_supervision(case, officer, supervised):
    with at(3, 2), pytest.raises(ActionNotPermitted):
        services.supervision_start(case=case, actor=officer, instructions="x", report_by=REPORT_BY)
    with pytest.raises(ActionNotPermitted):
        services.supervision_lift(case=case, actor=officer)
    supervised.refresh_from_db()
    assert supervised.is_active


def test_another_offices_supervisor_cannot_see_the_case(case, other_district, user_factory):
    outsider = user_factory("outsider", other_district, Role.SUPERVISOR)
    with at(3, 2), pytest.raises(CaseNotVisible):
        services.supervision_start(case=case, actor=outsider, instructions="x", report_by=REPORT_BY)


def test_the_officer_reports_back_once_and_the_supervisor_is_told(
    supervised, case, officer, window, supervisor
):
    with pytest.raises(ActionNotPermitted):  # first responder, but not working the case
        services.supervision_report(case=case, actor=window, report="x")
    with at(3, 4):
        services.supervision_report(case=case, actor=officer, report="已约谈，承诺月底前支付")
    supervised.refresh_from_db()
    assert supervised.reported_by == officer and supervised.reported_at == moment(3, 4)
    assert CaseEvent.objects.filter(case=case, kind="supervision_reported").count() == 1
    assert sent(f"supervision:{supervised.pk}:report") == [
        (f"supervision:{supervised.pk}:report", "supervisor")
    ]
    with pytest.raises(InvalidTransition):
        services.supervision_report(case=case, actor=officer, report="again")


def test_lifting_ends_the_supervision_and_allows_a_new_one(supervised, case, supervisor):
    with at(3, 5):
        services.supervision_lift(case=case, actor=supervisor, note="已解决")
    supervised.refresh_from_db()
    assert not supervised.is_active and supervised.lift_note == "已解决"
    assert CaseEvent.objects.filter(case=case, kind="supervision_lifted").count() == 1
    with pytest.raises(InvalidTransition):
        services.supervision_lift(case=case, actor=supervisor)
    with at(3, 5):
        services.supervision_start(
            case=case, actor=supervisor, instructions="again", report_by=REPORT_BY
        )
    assert Supervision.objects.filter(case=case).count() == 2


def test_the_report_back_date_is_chased_once_each_step(supervised, officer, supervisor):
    prefix = f"supervision-reminder:{supervised.pk}:"
    sweep(3, 3)  # three working days left
    assert sent(prefix) == []
    sweep(3, 4)
    sweep(3, 4, 11)  # the sweep runs again: nothing new
    sweep(3, 5)
    assert sent(prefix) == [(f"{prefix}two_days_left:2026-03-06", "officer")]
    sweep(3, 6)
    sweep(3, 6, 15)
    assert sent(prefix)[0] == (f"{prefix}due_today:2026-03-06", "officer")
    assert SupervisionReminder.objects.filter(supervision=supervised).count() == 2

    escalations = f"supervision-escalation:{supervised.pk}:"
    sweep(3, 7)  # Saturday: no message on a rest day
    sweep(3, 9, 7)  # Monday before office hours
    assert sent(escalations) == []
    sweep(3, 9)
    sweep(3, 9, 14)
    assert sent(escalations) == [(f"{escalations}2026-03-09", "supervisor")]
    sweep(3, 10)
    assert len(sent(escalations)) == 2
    assert SupervisionEscalation.objects.filter(supervision=supervised).count() == 2


def test_reporting_back_stops_the_chase(supervised, case, officer):
    with at(3, 5):
        services.supervision_report(case=case, actor=officer, report="done")
    sweep(3, 6)
    sweep(3, 9)
    assert sent(f"supervision-reminder:{supervised.pk}:due_today") == []
    assert sent(f"supervision-escalation:{supervised.pk}:") == []


def test_lifting_stops_the_chase(supervised, case, supervisor):
    with at(3, 5):
        services.supervision_lift(case=case, actor=supervisor)
    sweep(3, 9)
    assert not SupervisionEscalation.objects.exists()


def test_escalation_of_a_retired_supervisor_goes_to_the_office(
    supervised, supervisor, user_factory, district
):
    user_factory("boss2", district, Role.SUPERVISOR)
    supervisor.is_active = False
    supervisor.save(update_fields=["is_active"])
    sweep(3, 9)
    assert [name for _key, name in sent("supervision-escalation:")] == ["boss2"]


# Pages ----------------------------------------------------------------------------------


def test_case_page_panel_forms_and_actions(client, case, supervisor, officer):
    client.force_login(supervisor)
    page = client.get(f"/cases/{case.ticket}/").content.decode()
    assert "Put under supervision" in page and 'id="supervision"' in page
    with at(3, 2):
        response = client.post(
            f"/cases/{case.ticket}/supervision/start/",
            {"supervision-instructions": "督促调查", "supervision-report_by": "2026-03-06"},
        )
    assert response.status_code == 302
    assert Supervision.objects.get(case=case).instructions == "督促调查"

    client.force_login(officer)
    with at(3, 9):  # after the report-back date
        page = client.get(f"/cases/{case.ticket}/").content.decode()
    assert "督促调查" in page and "2026-03-06" in page and "report overdue" in page
    assert "Send the report" in page and "Lift the supervision" not in page
    client.post(f"/cases/{case.ticket}/supervision/report/", {"supervision-report": "已办理"})
    assert Supervision.objects.get(case=case).report == "已办理"


def test_a_forged_post_by_an_officer_changes_nothing(client, case, officer):
    client.force_login(officer)
    with at(3, 2):
        page = client.get(f"/cases/{case.ticket}/").content.decode()
        assert "Put under supervision" not in page
        response = client.post(
            f"/cases/{case.ticket}/supervision/start/",
            {"supervision-instructions": "x", "supervision-report_by": "2026-03-06"},
            follow=True,
        )
    assert response.status_code == 200
    assert "Only a supervisor" in response.content.decode()
    assert not Supervision.objects.exists()


def test_another_offices_supervisor_gets_404(client, case, other_district, user_factory):
    client.force_login(user_factory("outsider", other_district, Role.SUPERVISOR))
    with at(3, 2):
        response = client.post(
            f"/cases/{case.ticket}/supervision/start/",
            {"supervision-instructions": "x", "supervision-report_by": "2026-03-06"},
        )
    assert response.status_code == 404
    assert not Supervision.objects.exists()


def test_the_case_list_marks_cases_under_supervision(client, supervised, register_case, supervisor):
    other = register_case(employer=EmployerData(name="另一家公司"))
    client.force_login(supervisor)
    page = client.get("/cases/").content.decode()
    assert page.count("mark-supervision") == 1
    row = next(line for line in page.splitlines() if supervised.case.ticket in line)
    assert "Under supervision" in row
    assert other.ticket in page


def test_the_case_page_query_count_does_not_grow_with_supervisions(
    client, supervised, case, supervisor, officer
):
    def report_lift_and_restart(note):
        services.supervision_report(case=case, actor=officer, report=note)
        services.supervision_lift(case=case, actor=supervisor)
        services.supervision_start(
            case=case, actor=supervisor, instructions=note, report_by=REPORT_BY
        )

    client.force_login(supervisor)
    with at(3, 3):
        report_lift_and_restart("1")
    before = page_queries(client, f"/cases/{case.ticket}/")
    with at(3, 3):
        report_lift_and_restart("2")
        report_lift_and_restart("3")
    assert page_queries(client, f"/cases/{case.ticket}/") == before
