"""Violation categories on a case: complained of at intake (or later), found by the inspection
(查实), on the case page in both languages, in the case list's filter and in the export; an
administrator's new category is offered at intake, a retired one stays on its cases."""

import uuid

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from complaints.events import describe
from complaints.exceptions import ActionNotPermitted, InvalidTransition
from complaints.models import (
    Case,
    CaseEvent,
    CaseViolation,
    Category,
    EventKind,
    Status,
    ViolationCategory,
)
from complaints.services.violations import case_set_violations, may_record_findings
from inspection.violation_findings import register_violation_findings
from reports.exports import cases as export_columns
from tests.builders import intake_form_body

INTAKE_URL = "/cases/new/"


def named(case) -> dict[str, tuple[bool, bool]]:
    """{code: (complained, found)} of the case's categories."""
    rows = CaseViolation.objects.filter(case=case).select_related("category")
    return {row.category.code: (row.complained, row.found) for row in rows}


def violation_events(case):
    return CaseEvent.objects.filter(case=case, kind=EventKind.VIOLATIONS_RECORDED)


def page(client, user, case, language="en") -> str:
    client.force_login(user)
    client.cookies["django_language"] = language
    return client.get(reverse("complaints:case_detail", args=[case.ticket])).content.decode()


def post_panel(client, user, case, complained=(), found=()):
    client.force_login(user)
    return client.post(
        reverse("complaints:case_violations", args=[case.ticket]),
        {"violations-complained": list(complained), "violations-found": list(found)},
    )


def intake_body(**fields) -> dict:
    body = intake_form_body("工地拖欠三个月工资", str(uuid.uuid4()))
    return body | {"duplicate_decision": "new"} | fields


@pytest.fixture
def retired(db):
    return ViolationCategory.objects.create(
        code="old_rule", name_en="An old rule", name_zh="旧规定", is_active=False
    )


# Registration.


def test_a_wage_arrears_case_without_a_choice_names_unpaid_wages(register_case):
    case = register_case()
    assert named(case) == {"wages_unpaid": (True, False)}


def test_the_categories_chosen_are_named_and_no_default_is_added(register_case):
    case = register_case(violations=["unpaid_overtime", "working_hours"])
    assert named(case) == {"unpaid_overtime": (True, False), "working_hours": (True, False)}


def test_another_category_of_complaint_without_a_choice_names_none(register_case):
    case = register_case(category=Category.SOCIAL_INSURANCE)
    assert named(case) == {}


def test_an_unknown_or_retired_code_refuses_the_registration(register_case, retired, counts):
    before = counts()
    for code in ("no_such_thing", "old_rule"):
        with pytest.raises(ValidationError) as error:
            register_case(violations=[code])
        assert f"Unknown violation category: {code}." in error.value.message_dict["violations"]
    assert counts() == before
    assert not CaseViolation.objects.exists()


def test_the_intake_page_offers_the_active_categories_and_records_the_chosen(
    client, window, retired
):
    client.force_login(window)
    content = client.get(INTAKE_URL).content.decode()
    assert 'id="intake-violations"' in content
    assert 'value="unpaid_overtime"' in content and "Unpaid overtime" in content
    assert 'value="old_rule"' not in content
    response = client.post(INTAKE_URL, intake_body(violations=["unpaid_overtime", "other"]))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert named(Case.objects.get()) == {"unpaid_overtime": (True, False), "other": (True, False)}


def test_the_intake_page_in_chinese_names_the_categories_in_chinese(client, window):
    client.force_login(window)
    client.cookies["django_language"] = "zh-hans"
    content = client.get(INTAKE_URL).content.decode()
    assert "未支付加班工资" in content and "投诉反映的违法情形" in content


def test_the_intake_page_refuses_an_unknown_code_and_saves_nothing(client, window, counts):
    client.force_login(window)
    before = counts()
    response = client.post(INTAKE_URL, intake_body(violations=["no_such_thing"]))
    assert response.status_code == 400
    assert "no_such_thing is not one of the available choices" in response.content.decode()
    assert counts() == before


# The administrator's list.


def test_a_category_added_in_the_admin_is_offered_at_intake(client, administrator, window):
    administrator.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="complaints",
            codename__in=["add_violationcategory", "change_violationcategory"],
        )
    )
    client.force_login(administrator)
    response = client.post(
        "/admin/complaints/violationcategory/add/",
        {
            "code": "wage_guarantee",
            "name_en": "Wage guarantee deposit",
            "name_zh": "工资保证金",
            "is_active": "on",
            "ordering": "5",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.force_login(window)
    assert 'value="wage_guarantee"' in client.get(INTAKE_URL).content.decode()


def test_a_retired_category_is_not_offered_but_stays_on_its_cases(
    client, register_case, window, inspector
):
    case = register_case(violations=["papers_deposits"])
    ViolationCategory.objects.filter(code="papers_deposits").update(is_active=False)
    client.force_login(window)
    assert 'value="papers_deposits"' not in client.get(INTAKE_URL).content.decode()
    content = page(client, inspector, case)
    assert "Confiscated papers or deposits" in content and "(retired)" in content
    # Kept when other categories change; a case that does not name it cannot take it.
    case_set_violations(
        case=case, actor=window, complained={"papers_deposits", "other"}, found=set()
    )
    assert named(case) == {"papers_deposits": (True, False), "other": (True, False)}
    other = register_case()
    with pytest.raises(ValidationError):
        case_set_violations(case=other, actor=window, complained={"papers_deposits"}, found=())
    assert named(other) == {"wages_unpaid": (True, False)}


# The case page.


def test_the_panel_shows_each_category_with_its_two_boxes(client, register_case, window):
    case = register_case()
    content = page(client, window, case)
    assert 'id="case-violations"' in content
    assert f'action="/cases/{case.ticket}/violations/"' in content
    assert 'name="violations-complained" value="wages_unpaid"' in content
    assert 'aria-label="Complained of: Unpaid or docked wages" checked>' in content
    # Window staff set what is complained of; only the inspection marks what was found.
    assert (
        'name="violations-found" value="wages_unpaid" aria-label="Found: Unpaid or '
        'docked wages" disabled>' in content
    )


def test_the_panel_in_chinese(client, register_case, window):
    content = page(client, window, register_case(), "zh-hans")
    assert "违法情形" in content and "拖欠或克扣工资" in content
    assert "投诉反映" in content and "查实" in content


def test_window_staff_change_what_is_complained_of_with_one_event(client, register_case, window):
    case = register_case()
    response = post_panel(client, window, case, complained=["unpaid_overtime", "wages_unpaid"])
    assert response.status_code == 302
    assert named(case) == {"wages_unpaid": (True, False), "unpaid_overtime": (True, False)}
    event = violation_events(case).get()
    assert event.actor == window
    assert describe(event) == "Violations: Unpaid overtime: complained of."
    with translation.override("zh-hans"):
        assert describe(event) == "违法情形：未支付加班工资：投诉反映。"


def test_a_row_neither_complained_of_nor_found_is_removed(register_case, window):
    case = register_case(violations=["wages_unpaid", "labor_contract"])
    changes = case_set_violations(
        case=case, actor=window, complained={"labor_contract"}, found=set()
    )
    assert named(case) == {"labor_contract": (True, False)}
    assert changes == [{"code": "wages_unpaid", "complained": False, "found": False}]
    assert "Unpaid or docked wages: removed" in describe(violation_events(case).get())


def test_no_change_writes_no_event(register_case, window):
    case = register_case()
    assert case_set_violations(case=case, actor=window, complained={"wages_unpaid"}, found=()) == []
    assert not violation_events(case).exists()


def test_a_supervisor_marks_a_category_found(client, register_case, supervisor):
    case = register_case()
    response = post_panel(
        client, supervisor, case, complained=["wages_unpaid"], found=["wages_unpaid", "other"]
    )
    assert response.status_code == 302
    assert named(case) == {"wages_unpaid": (True, True), "other": (False, True)}
    row = CaseViolation.objects.get(case=case, category__code="wages_unpaid")
    assert row.found_by == supervisor and row.found_at is not None
    summary = describe(violation_events(case).get())
    assert summary == "Violations: Unpaid or docked wages: complained of and found; Other: found."
    content = page(client, supervisor, case)
    assert 'aria-label="Found: Other" checked>' in content


def test_window_staff_and_an_inspector_not_on_the_case_may_not_mark_findings(
    client, register_case, window, inspector
):
    case = register_case()
    for user in (window, inspector):
        assert not may_record_findings(case=case, user=user)
        with pytest.raises(ActionNotPermitted) as refused:
            case_set_violations(case=case, actor=user, complained={"wages_unpaid"}, found={"other"})
        assert str(refused.value.message) == (
            "Only the inspector of this case, a supervisor or the head can mark findings."
        )
        # The page offers them the found boxes disabled; one sent all the same is not taken.
        response = post_panel(client, user, case, complained=["wages_unpaid"], found=["other"])
        assert response.status_code == 302
    assert named(case) == {"wages_unpaid": (True, False)}
    assert not violation_events(case).exists()


def test_the_inspector_of_the_cases_inspection_marks_findings(
    client, register_case, officer, inspector
):
    from dispatch import services as dispatch_services

    register_violation_findings()  # as the inspection app's ready() does
    case = register_case()
    referral = dispatch_services.case_route(case_id=case.pk)[0]
    dispatch_services.referral_accept(referral=referral, actor=officer)
    assert may_record_findings(case=case, user=officer)
    assert not may_record_findings(case=case, user=inspector)
    response = post_panel(
        client, officer, case, complained=["wages_unpaid"], found=["wages_unpaid"]
    )
    assert response.status_code == 302
    assert named(case) == {"wages_unpaid": (True, True)}


def test_a_refused_findings_box_sent_by_the_window_is_kept_as_it_was(
    client, register_case, window, supervisor
):
    """The window's found boxes are disabled: a browser sends none, the findings stay."""
    case = register_case()
    case_set_violations(case=case, actor=supervisor, complained={"wages_unpaid"}, found={"other"})
    response = post_panel(client, window, case, complained=["wages_unpaid", "labor_contract"])
    assert response.status_code == 302
    assert named(case) == {
        "wages_unpaid": (True, False),
        "other": (False, True),
        "labor_contract": (True, False),
    }


def test_an_unknown_code_is_refused_in_the_page_and_nothing_changes(client, register_case, window):
    case = register_case()
    response = post_panel(client, window, case, complained=["wages_unpaid", "no_such_thing"])
    assert response.status_code == 400
    assert "Unknown violation category: no_such_thing." in response.content.decode()
    assert named(case) == {"wages_unpaid": (True, False)}
    assert not violation_events(case).exists()


def test_on_an_ended_case_only_a_supervisor_changes_them(register_case, window, supervisor):
    case = register_case()
    Case.objects.filter(pk=case.pk).update(status=Status.WITHDRAWN)
    with pytest.raises(InvalidTransition):
        case_set_violations(case=case, actor=window, complained={"other"}, found=())
    case_set_violations(case=case, actor=supervisor, complained={"other"}, found=())
    assert named(case) == {"other": (True, False)}


def test_a_role_without_the_right_is_refused(register_case, user_factory, district):
    from accounts.roles import Role

    case = register_case()
    head = user_factory("dept-head-v", district, Role.DEPARTMENT_HEAD)
    with pytest.raises(ActionNotPermitted):
        case_set_violations(case=case, actor=head, complained={"other"}, found=())
    assert named(case) == {"wages_unpaid": (True, False)}


# The case list and the export.


def test_the_case_list_filter_shows_and_keeps_the_cases_naming_the_category(
    client, register_case, inspector, supervisor
):
    overtime = register_case(violations=["unpaid_overtime"])
    register_case()
    found = register_case(category=Category.SOCIAL_INSURANCE)
    case_set_violations(case=found, actor=supervisor, complained=(), found={"unpaid_overtime"})
    client.force_login(inspector)
    content = client.get(reverse("complaints:case_list")).content.decode()
    assert 'name="violation"' in content and '<option value="unpaid_overtime">' in content
    listed = client.get(reverse("complaints:case_list"), {"violation": "unpaid_overtime"})
    text = listed.content.decode()
    assert overtime.ticket in text and found.ticket in text
    assert Case.objects.exclude(pk__in=[overtime.pk, found.pk]).get().ticket not in text


def test_the_export_names_the_categories_and_marks_the_found(register_case, supervisor):
    case = register_case(violations=["wages_unpaid", "unpaid_overtime"])
    case_set_violations(
        case=case,
        actor=supervisor,
        complained={"wages_unpaid", "unpaid_overtime"},
        found={"wages_unpaid"},
    )
    column = export_columns.headers().index("Violations (found ones marked)")
    (row,) = export_columns.rows(Case.objects.filter(pk=case.pk), unmasked=False)
    assert row[column] == "Unpaid or docked wages (found)；Unpaid overtime"
    with translation.override("zh-hans"):
        column = export_columns.headers().index("违法情形（已标注查实）")
        (row,) = export_columns.rows(Case.objects.filter(pk=case.pk), unmasked=False)
    assert row[column] == "拖欠或克扣工资（查实）；未支付加班工资"
