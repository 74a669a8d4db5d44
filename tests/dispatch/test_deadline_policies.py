"""The seeded time limits (docs/statutory-time-limits.md) and due dates computed from them."""

from datetime import date

import pytest
from django.db import IntegrityError
from django.urls import reverse

from dispatch.calendar import DueDate
from dispatch.due_dates import UnknownPolicy, compute_due, policy_get
from dispatch.models import DeadlinePolicy

pytestmark = pytest.mark.django_db  # the calendar is read from the database


# code: (limit, unit, desk, is_extension, basis), as in docs/statutory-time-limits.md; the
# basis as a Chinese installation stores it
# (dispatch/migrations/0012: 《条例》第十七条, not "条例 Art. 17").
TABLE = {
    "inspection.accept": (5, "WD", "inspection", False,
                          "《关于实施〈劳动保障监察条例〉若干规定》第十八条"),
    "inspection.investigate": (60, "WD", "inspection", False, "《劳动保障监察条例》第十七条"),
    "inspection.extend": (30, "WD", "inspection", True, "《劳动保障监察条例》第十七条"),
    "arbitration.accept": (5, "d", "arbitration", False, "《劳动争议调解仲裁法》第二十九条"),
    "arbitration.conclude": (45, "d", "arbitration", False, "《劳动争议调解仲裁法》第四十三条"),
    "arbitration.extend": (15, "d", "arbitration", True, "《劳动争议调解仲裁法》第四十三条"),
    "injury.accept": (15, "d", "work_injury", False, "《工伤认定办法》第八条"),
    "injury.decide": (60, "d", "work_injury", False, "《工伤保险条例》第二十条"),
    "injury.decide_simple": (15, "d", "work_injury", False, "《工伤保险条例》第二十条"),
    "legal_aid.decide": (7, "d", "legal_aid", False, "《法律援助法》第四十三条"),
    "legal_aid.assign": (3, "d", "legal_aid", False, "《法律援助法》第四十三条"),
    "social_insurance.accept": (5, "WD", "social_insurance", False,
                                "《劳动保障监察条例》《社会保险法》"),
    "social_insurance.investigate": (60, "WD", "social_insurance", False,
                                     "《劳动保障监察条例》《社会保险法》"),
    "social_insurance.extend": (30, "WD", "social_insurance", True,
                                "《劳动保障监察条例》《社会保险法》"),
    "penalty.serve": (7, "WD", "general", False, "《行政处罚法》第六十一条、第八十五条"),
    "criminal.approve": (3, "d", "general", False,
                         "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）第五条"),
    # Not statutory: the bureau's own standard for helping the worker apply to a desk that
    # counts from its own application; 5 working days is the seeded placeholder.
    "arbitration.apply": (5, "WD", "arbitration", False, "本局服务标准（非法定时限，由本局设定）"),
    "injury.apply": (5, "WD", "work_injury", False, "本局服务标准（非法定时限，由本局设定）"),
    "legal_aid.apply": (5, "WD", "legal_aid", False, "本局服务标准（非法定时限，由本局设定）"),
    # Not statutory: the wait for a completed complaint after 告知补正.
    "inspection.complete": (10, "WD", "inspection", False,
                            "本局服务标准（非法定时限，由本局设定）"),
    # Not statutory: serving an order to correct on the party (inspection/migrations/0002).
    "inspection.serve": (3, "WD", "inspection", False, "本局服务标准（非法定时限，由本局设定）"),
}  # fmt: skip
# Not a statutory count: an order to pay (责令改正) is due on the date the order names; the
# policy row only carries its name and basis for the chase (see dispatch/services/rectification.py).
ORDER_DATES = {
    "inspection.rectify": (1, "d", "inspection", False, "《劳动保障监察条例》第二十六条")
}
# The criminal transfer (dispatch/migrations/0018): 24 hours to transfer after approval,
# and the police's 3 days to decide on filing (chased, not statutory for the bureau);
# tests/dispatch/test_hour_deadlines.py checks them.
CRIMINAL_TRANSFER = {
    "criminal.transfer": (24, "h", "general", False,
                          "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）第五条"),
    "criminal.answer": (3, "d", "general", False,
                        "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）第八条"),
}  # fmt: skip
# Not statutory: the bureau's 2 hours to report a group wage-arrears case upward
# (dispatch/migrations/0020); tests/dispatch/test_group_cases.py checks its chase.
GROUP_CASES = {
    "group.report": (2, "h", "general", False,
                     "《保障农民工工资支付条例》：因欠薪引发的群体性事件及时报告"
                     "（2小时为本局时限，非法定）"),
}  # fmt: skip

# Every policy counted from Monday 2026-03-02 (the day itself not counted), by hand:
# March has 21 working days after 03-02 (03-03..03-06, three full weeks, 03-30, 03-31);
# April has 21 (Qingming takes Mon 04-06); May 2026 starts with the 05-01..05-05 rest
# period and has the make-up Saturday 05-09.
FROM_MARCH_2 = {
    # 03-03, 04, 05, 06, then Mon 03-09.
    "inspection.accept": date(2026, 3, 9),
    # 21 in March, 21 in April (42); May: 06, 07, 08 (45), Sat 09 (46), 11-15 (51),
    # 18-22 (56), 25, 26, 27, 28 (60).
    "inspection.investigate": date(2026, 5, 28),
    # 21 in March; 04-01, 02, 03 (24), 04-06 rest, 07, 08, 09, 10 (28), 13, 14 (30).
    "inspection.extend": date(2026, 4, 14),
    # 03-07 is a Saturday: rolls to Monday 03-09.
    "arbitration.accept": date(2026, 3, 9),
    # 29 days to 03-31, 16 more: Thursday 04-16.
    "arbitration.conclude": date(2026, 4, 16),
    "arbitration.extend": date(2026, 3, 17),  # Tuesday
    "injury.accept": date(2026, 3, 17),
    # 29 to 03-31, 30 in April (59), 05-01 (60) is Labor Day: 05-01..05-05 rest -> Wed 05-06.
    "injury.decide": date(2026, 5, 6),
    "injury.decide_simple": date(2026, 3, 17),
    "legal_aid.decide": date(2026, 3, 9),  # Monday
    "legal_aid.assign": date(2026, 3, 5),  # Thursday
    "social_insurance.accept": date(2026, 3, 9),
    "social_insurance.investigate": date(2026, 5, 28),
    "social_insurance.extend": date(2026, 4, 14),
    # 5 working days reach 03-09; 03-10, 03-11.
    "penalty.serve": date(2026, 3, 11),
    "criminal.approve": date(2026, 3, 5),
    "arbitration.apply": date(2026, 3, 9),
    "injury.apply": date(2026, 3, 9),
    "legal_aid.apply": date(2026, 3, 9),
    "inspection.complete": date(2026, 3, 16),
    "inspection.serve": date(2026, 3, 5),
}


def test_the_seeded_table_is_deadlines_md():
    seeded = {
        policy.code: (policy.limit, policy.unit, policy.desk, policy.is_extension, policy.basis)
        for policy in DeadlinePolicy.objects.all()
    }
    assert seeded == TABLE | ORDER_DATES | CRIMINAL_TRANSFER | GROUP_CASES


def test_every_policy_has_a_name_in_both_languages_and_a_start_event():
    for policy in DeadlinePolicy.objects.all():
        assert policy.name_en and policy.name_zh and policy.counted_from


@pytest.mark.parametrize("code", sorted(FROM_MARCH_2))
def test_every_policy_from_monday_march_2(code):
    assert compute_due(policy_get(code), date(2026, 3, 2)) == DueDate(FROM_MARCH_2[code], False)


def test_dragon_boat_festival_is_skipped():
    # Fri 06-12 + 5 WD: 06-15..06-18 (4), Fri 06-19 is rest, Mon 06-22 (5).
    assert compute_due(policy_get("inspection.accept"), date(2026, 6, 12)).due == date(2026, 6, 22)


def test_an_extension_counts_from_the_end_of_the_step_it_extends():
    investigate = compute_due(policy_get("inspection.investigate"), date(2026, 3, 2))
    extended = compute_due(policy_get("inspection.extend"), investigate.due)
    # From Thu 05-28: 05-29 (1), June has 21 working days with Fri 06-19 off (22),
    # July 1..8 (Wed..Wed): 01, 02, 03, 06, 07, 08 (28), 09, 10 (30).
    assert extended == DueDate(date(2026, 7, 10), False)


def test_an_edited_limit_is_used():
    policy = policy_get("arbitration.accept")
    policy.limit = 7
    policy.save(update_fields=["limit"])
    assert compute_due(policy_get("arbitration.accept"), date(2026, 3, 2)).due == date(2026, 3, 9)


def test_unknown_policy_names_the_valid_codes():
    with pytest.raises(UnknownPolicy) as excinfo:
        policy_get("inspection.accpet")
    assert isinstance(excinfo.value, ValueError)
    assert excinfo.value.valid_codes == sorted(
        TABLE | ORDER_DATES | CRIMINAL_TRANSFER | GROUP_CASES
    )
    assert "inspection.accept" in str(excinfo.value)


# "h" (hours) is a unit since 0018: "x" is none.
@pytest.mark.parametrize("field, value", [("desk", "police"), ("unit", "x"), ("limit", 0)], ids=str)
def test_choices_and_limit_are_constrained_in_the_database(field, value):
    fields = {"code": "test.x", "desk": "general", "name_en": "x", "name_zh": "x", "limit": 1,
              "unit": "d", "counted_from": "receipt", "basis": "x"}  # fmt: skip
    fields[field] = value
    with pytest.raises(IntegrityError):
        DeadlinePolicy.objects.create(**fields)


def test_admin_keeps_the_code_read_only_after_creation(admin_client):
    policy = policy_get("legal_aid.assign")
    response = admin_client.get(reverse("admin:dispatch_deadlinepolicy_change", args=[policy.pk]))
    assert response.status_code == 200
    assert 'name="code"' not in response.content.decode()
    response = admin_client.get(reverse("admin:dispatch_deadlinepolicy_add"))
    assert 'name="code"' in response.content.decode()


def test_admin_changelist_edits_limit_and_unit(admin_client):
    response = admin_client.get(reverse("admin:dispatch_deadlinepolicy_changelist"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="form-0-limit"' in body and 'name="form-0-unit"' in body
