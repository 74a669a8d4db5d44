"""Zero-threshold registration and joining complainants: complaints.services.intake."""

import re
import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.roles import Role
from complaints import services
from complaints.exceptions import InvalidTransition
from complaints.models import (
    Case,
    Complainant,
    Employer,
    Outcome,
    Status,
)
from complaints.selectors.search import possible_duplicates
from complaints.services import ComplainantData, EmployerData
from complaints.services.intake import employer_find_or_create
from complaints.validators import (
    DESCRIPTION_MAX_LENGTH,
    credit_code_check_character,
    id_check_character,
)
from tests.builders import paid_in_full

DESCRIPTION = "工地拖欠三个月工资 Three months' wages unpaid"
VALID_ID = "420502199001010016"
CREDIT_CODE = "91420500MA4ABCDE1D"
OTHER_CREDIT_CODE = "91420500MA4FGHJK2R"
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"


def test_test_data_is_valid():
    assert credit_code_check_character(CREDIT_CODE[:17]) == CREDIT_CODE[17]
    assert credit_code_check_character(OTHER_CREDIT_CODE[:17]) == OTHER_CREDIT_CODE[17]
    assert id_check_character(VALID_ID[:17]) == VALID_ID[17]


def worker(name="张三", phone="13800138000", **extra) -> ComplainantData:
    return ComplainantData(name=name, phone=phone, **extra)


def register(actor, **fields):
    fields.setdefault("description", DESCRIPTION)
    fields.setdefault("complainants", [worker()])
    return services.case_register(actor=actor, **fields)


# --- Zero threshold -----------------------------------------------------------------


def test_one_name_one_phone_and_a_description_register_a_case(window, district):
    result = register(window, description="  老板欠了两个月工资  ", complainants=[worker()])

    case = result.case
    assert result.created is True
    year = timezone.localtime(case.registered_at).year
    assert case.ticket == f"{settings.TICKET_PREFIX}-{year}-000001"
    assert re.fullmatch(r"[A-Z]+-\d{4}-\d{6}", case.ticket)
    assert case.description == "老板欠了两个月工资"
    assert case.status == Status.REGISTERED
    assert case.first_responder == window
    assert case.registering_office == district
    assert case.responsible_office == district
    assert case.employer is None
    assert [(c.name, c.phone) for c in case.complainants.all()] == [("张三", "13800138000")]
    events = list(case.events.all())
    assert [event.kind for event in events] == ["registered"]
    assert events[0].payload == {"channel": "walk_in", "complainants": 1}
    assert events[0].actor == window


def test_an_address_is_enough_to_reach_the_complainant(window):
    result = register(window, complainants=[worker(phone="", address="西陵区工棚3号")])

    assert result.case.complainants.get().address == "西陵区工棚3号"


def test_a_25_worker_group_case_registers(window):
    workers = [
        worker(
            name=f"{SURNAMES[n]}工",
            phone=f"139{n:08d}",
            owed_amount=Decimal("4500.00"),
            is_representative=n == 0,
        )
        for n in range(25)
    ]

    result = register(
        window,
        complainants=workers,
        workers_affected=25,
        amount_claimed=Decimal("112500"),
        employer=EmployerData(name="宜昌某某建筑有限公司", credit_code=CREDIT_CODE),
        site="某某花园二期",
        contractor="刘某",
    )

    case = result.case
    assert case.complainants.count() == 25
    assert case.complainants.filter(is_representative=True).count() == 1
    assert case.workers_affected == 25
    assert case.amount_claimed == Decimal("112500.00")
    assert case.events.get().payload["complainants"] == 25


def test_tickets_are_consecutive(window):
    first = register(window).case
    second = register(window, complainants=[worker(name="李四")]).case

    assert first.ticket.endswith("-000001")
    assert second.ticket.endswith("-000002")


def test_missing_materials_recorded_once_each(window):
    case = register(window, missing_materials=["payroll", "id_document", "payroll"]).case

    assert list(case.missing_materials.values_list("kind", flat=True)) == [
        "payroll",
        "id_document",
    ]


def test_responsible_office_may_be_another_office(window, district, other_district):
    case = register(window, responsible_office=other_district).case

    assert case.responsible_office == other_district
    assert case.registering_office == district


def test_values_are_normalised_before_saving(window):
    case = register(
        window,
        complainants=[
            worker(name="  张三 ", phone="+86 138 0013 8000", id_number="11010519491231002x")
        ],
    ).case

    complainant = case.complainants.get()
    assert complainant.name == "张三"
    assert complainant.phone == "13800138000"
    assert complainant.id_number == "11010519491231002X"


@pytest.mark.parametrize("name", ["𠀀明", "㐀强", "𪚥", "阿卜杜拉·艾力", "María-José O'Neil"])
def test_rare_and_minority_names_are_stored_exactly(window, name):
    case = register(window, complainants=[worker(name=name)]).case

    assert Complainant.objects.get(case=case).name == name


def test_a_20000_character_statement_is_kept_whole(window):
    # A statement is the worker's evidence; long ones were cut at 4,000 characters.
    statement = "".join(f"第{n}天，老板说下个月一定发工资。" for n in range(1, 1400))[:20_000]
    assert len(statement) == 20_000

    case = register(window, description=statement).case

    assert Case.objects.get(pk=case.pk).description == statement


def test_description_of_exactly_the_limit_is_accepted(window):
    case = register(window, description="欠" * DESCRIPTION_MAX_LENGTH).case

    assert len(Case.objects.get(pk=case.pk).description) == DESCRIPTION_MAX_LENGTH


# --- Double submission ----------------------------------------------------------------


def test_same_token_twice_returns_the_first_case(counts, window):
    token = uuid.uuid4()
    first = register(window, token=token)
    before = counts()

    second = register(window, token=token, complainants=[worker(name="李四")])

    assert first.created is True
    assert second.created is False
    assert second.case.pk == first.case.pk
    assert second.case.ticket == first.case.ticket
    assert counts() == before
    assert Case.objects.count() == 1


def test_different_tokens_give_different_cases(window):
    first = register(window, token=uuid.uuid4())
    second = register(window, token=uuid.uuid4())

    assert first.case.pk != second.case.pk


# --- Must-haves and bad values: clear errors, nothing half-saved -----------------------


@pytest.mark.parametrize(
    ("complainants", "code"),
    [
        ([], "complainant_required"),
        ([worker(phone="")], "contact_required"),
        ([worker(phone=""), worker(name="李四", phone="", address="   ")], "contact_required"),
    ],
    ids=["no-complainant", "no-contact", "blank-address"],
)
def test_complainant_must_haves(counts, window, complainants, code):
    before = counts()

    with pytest.raises(ValidationError) as error:
        register(window, complainants=complainants)

    assert [e.code for e in error.value.error_list] == [code]
    assert counts() == before


@pytest.mark.parametrize("description", ["", "   \n ", None])
def test_description_is_required(counts, window, description):
    before = counts()

    with pytest.raises(ValidationError) as error:
        register(window, description=description)

    assert error.value.error_list[0].code == "description_required"
    assert counts() == before


@pytest.mark.parametrize(
    ("complainant", "text"),
    [
        (worker(id_number="420502199001010017"), "check digit is wrong"),
        (worker(id_number="420502199002300011"), "real date"),
        (worker(id_number="420502209901010011"), "real date"),
        (worker(id_number="42050219900101001"), "exactly 18 characters"),
        (worker(phone="1380013800a"), "11-digit mobile number"),
        (worker(phone="phone"), "11-digit mobile number"),
        (worker(owed_amount=Decimal("-1")), "cannot be negative"),
        (worker(owed_amount=Decimal("1.005")), "2 decimal places"),
        (worker(name="张三😀"), "emoji"),
        (worker(name="张3"), "no digits"),
        (worker(name="   "), "enter the name"),
        (worker(name="张" * 51), "too long"),
    ],
    ids=[
        "id-check-digit",
        "id-feb-30",
        "id-future-birth",
        "id-length",
        "phone-letter",
        "phone-word",
        "owed-negative",
        "owed-precision",
        "name-emoji",
        "name-digit",
        "name-blank",
        "name-too-long",
    ],
)
def test_bad_complainant_values_are_refused(counts, window, complainant, text):
    before = counts()

    with pytest.raises(ValidationError) as error:
        register(window, complainants=[worker(name="李四"), complainant])

    messages = error.value.messages
    assert all(message.startswith("Complainant 2: ") for message in messages)
    assert any(text in message for message in messages), messages
    assert counts() == before


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        ({"description": "欠" * (DESCRIPTION_MAX_LENGTH + 1)}, "too long"),
        ({"amount_claimed": Decimal("-100")}, "cannot be negative"),
        ({"amount_claimed": Decimal("10") ** 12}, "too large"),
        ({"arrears_from": date(2025, 6, 1), "arrears_to": date(2025, 5, 1)}, "before its start"),
    ],
    ids=["description-over-limit", "amount-negative", "amount-too-large", "arrears-reversed"],
)
def test_bad_case_values_are_refused(counts, window, fields, text):
    before = counts()

    with pytest.raises(ValidationError) as error:
        register(window, **fields)

    assert any(text in message for message in error.value.messages), error.value.messages
    assert counts() == before


@pytest.mark.parametrize(
    "fields",
    [
        {"employer": EmployerData(name="某某公司", credit_code="91420500MA4ABCDE1A")},
        {"employer": EmployerData(name="某某公司", phone="not a phone")},
        {"complainants": [worker(sex="X")]},
        {"complainants": [worker(address="街" * 301)]},
        {"site": "工" * 201},
        {"workers_affected": -3},
        {"channel": "fax"},
    ],
    ids=[
        "credit-code",
        "employer-phone",
        "sex",
        "address-too-long",
        "site-too-long",
        "workers-negative",
        "channel",
    ],
)
def test_errors_found_after_the_ticket_is_issued_roll_everything_back(counts, window, fields):
    """These are caught inside the transaction, after the ticket counter moved."""
    before = counts()

    with pytest.raises(ValidationError):
        register(window, **fields)

    assert counts() == before
    # The number is not lost: the next registration gets the first ticket.
    assert register(window).case.ticket.endswith("-000001")


def test_a_failed_registration_does_not_use_up_its_token(window):
    token = uuid.uuid4()
    with pytest.raises(ValidationError):
        register(window, token=token, complainants=[])

    result = register(window, token=token)

    assert result.created is True


# --- Employer matching ----------------------------------------------------------------


def test_same_credit_code_finds_the_same_employer(window):
    first = register(
        window, employer=EmployerData(name="宜昌某某建筑有限公司", credit_code=CREDIT_CODE)
    ).case
    second = register(
        window, employer=EmployerData(name="某某建筑（宜昌）", credit_code=CREDIT_CODE.lower())
    ).case

    assert second.employer_id == first.employer_id
    assert Employer.objects.count() == 1
    assert Employer.objects.get().name == "宜昌某某建筑有限公司"


@pytest.mark.parametrize(
    "second_name",
    [
        "宜昌某某建筑公司 ",
        "宜昌某某建筑有限责任公司",
        " 宜昌某某建筑股份有限公司",
        "宜昌　某某建筑有限公司",
    ],
)
def test_same_normalised_name_finds_the_same_employer(window, second_name):
    first = register(window, employer=EmployerData(name="宜昌某某建筑有限公司")).case
    second = register(window, employer=EmployerData(name=second_name)).case

    assert second.employer_id == first.employer_id
    assert Employer.objects.count() == 1


def test_a_match_fills_in_blanks_but_keeps_what_is_known(window):
    register(window, employer=EmployerData(name="宜昌某某建筑有限公司", address="西陵区"))
    register(
        window,
        employer=EmployerData(
            name="宜昌某某建筑公司",
            credit_code=CREDIT_CODE,
            address="伍家岗区",
            phone="0717-6221234",
        ),
    )

    employer = Employer.objects.get()
    assert employer.name == "宜昌某某建筑有限公司"
    assert employer.credit_code == CREDIT_CODE
    assert employer.address == "西陵区"
    assert employer.phone == "0717-6221234"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (EmployerData(name="宜昌某某建筑有限公司"), EmployerData(name="宜昌某某劳务有限公司")),
        (
            EmployerData(name="宜昌某某建筑有限公司", credit_code=CREDIT_CODE),
            EmployerData(name="宜昌另一建筑有限公司", credit_code=OTHER_CREDIT_CODE),
        ),
    ],
    ids=["different-name", "different-name-and-code"],
)
def test_a_different_employer_is_a_new_row(window, first, second):
    one = register(window, employer=first).case
    two = register(window, employer=second).case

    assert one.employer_id != two.employer_id
    assert Employer.objects.count() == 2


def test_same_normalised_name_but_a_different_credit_code_is_a_new_employer(window):
    first = register(
        window, employer=EmployerData(name="宜昌某某建筑有限公司", credit_code=CREDIT_CODE)
    ).case
    second = register(
        window,
        employer=EmployerData(name="宜昌某某建筑分公司", credit_code=OTHER_CREDIT_CODE),
    ).case

    assert second.employer.credit_code == OTHER_CREDIT_CODE
    assert second.employer_id != first.employer_id


@pytest.mark.parametrize("data", [None, EmployerData(), EmployerData(name="  ", credit_code=" ")])
def test_no_employer_given(db, data):
    assert employer_find_or_create(data) is None
    assert Employer.objects.count() == 0


def test_credit_code_only_employer(db):
    employer = employer_find_or_create(EmployerData(credit_code=f" {CREDIT_CODE.lower()} "))

    assert employer.credit_code == CREDIT_CODE
    assert employer.name == CREDIT_CODE


# --- Possible duplicates (the selector the intake page asks) ---------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"employer_name": "宜昌某某建筑公司 "},
        {"credit_code": CREDIT_CODE.lower()},
        {"site": "宜昌市西陵区 某某花园二期"},
        {"employer_name": "无关公司", "site": "宜昌市西陵区某某花园（二期）"},
    ],
    ids=["name", "credit-code", "site", "site-punctuation"],
)
def test_possible_duplicates_match(window, query):
    case = register(
        window,
        employer=EmployerData(name="宜昌某某建筑有限公司", credit_code=CREDIT_CODE),
        site="宜昌市西陵区某某花园二期",
    ).case

    assert list(possible_duplicates(**query)) == [case]


def test_possible_duplicates_without_anything_to_match(window):
    register(window, employer=None, site="")

    assert list(possible_duplicates()) == []
    assert list(possible_duplicates(employer_name=" ", credit_code=" ", site=" ")) == []


def _close(case, inspector, head):
    case = services.case_accept(case=case, actor=head)
    case = services.case_start(case=case, actor=inspector)
    case = services.case_resolve(case=case, actor=inspector)
    return services.case_close(case=case, actor=inspector, **paid_in_full())


@pytest.mark.parametrize("ending", ["closed", "withdrawn", "not_accepted"])
def test_ended_cases_are_not_duplicates(window, inspector, inspection_head, ending):
    case = register(window).case
    if ending == "closed":
        _close(case, inspector, inspection_head)
    elif ending == "withdrawn":
        services.case_withdraw(case=case, actor=window, reason="已和解")
    else:
        services.case_not_accept(
            case=case,
            actor=inspection_head,
            reason="超过时效",
            ground=Outcome.objects.get(code="not_accepted_time_limit"),
        )

    assert Case.objects.get(pk=case.pk).status == ending
    assert list(possible_duplicates(employer_name="宜昌某某建筑有限公司")) == []


# --- Adding complainants to an existing case ------------------------------------------


def test_add_complainants_to_an_open_case(counts, window):
    case = register(window).case
    ticket_counter = counts()["last_ticket"]

    result = services.case_add_complainants(
        case=case,
        actor=window,
        complainants=[worker(name="李四", phone="13900139000"), worker(name="王五", phone="")],
        token=uuid.uuid4(),
    )

    assert result.created is False
    assert [c.name for c in result.added] == ["李四", "王五"]
    assert list(case.complainants.values_list("name", flat=True)) == ["张三", "李四", "王五"]
    added = case.events.filter(kind="complainants_added")
    assert added.count() == 1
    assert added.get().payload == {"count": 2}
    assert Case.objects.count() == 1
    assert counts()["last_ticket"] == ticket_counter


def test_add_complainants_same_token_twice_adds_once(counts, window):
    case = register(window).case
    token = uuid.uuid4()
    services.case_add_complainants(
        case=case, actor=window, complainants=[worker(name="李四")], token=token
    )
    before = counts()

    again = services.case_add_complainants(
        case=case, actor=window, complainants=[worker(name="李四")], token=token
    )

    assert again.added == []
    assert counts() == before
    assert case.events.filter(kind="complainants_added").count() == 1


def test_add_complainants_refuses_bad_values(counts, window):
    case = register(window).case
    before = counts()

    with pytest.raises(ValidationError):
        services.case_add_complainants(
            case=case, actor=window, complainants=[worker(name="李四", phone="abc")]
        )
    with pytest.raises(ValidationError):
        services.case_add_complainants(case=case, actor=window, complainants=[])

    assert counts() == before


def test_add_complainants_to_an_ended_case_is_refused(counts, window):
    case = register(window).case
    services.case_withdraw(case=case, actor=window, reason="已和解")
    before = counts()

    with pytest.raises(InvalidTransition):
        services.case_add_complainants(
            case=case, actor=window, complainants=[worker(name="李四")], token=uuid.uuid4()
        )

    assert counts() == before


def test_inspector_and_supervisor_may_register_too(user_factory, district):
    for number, role in enumerate((Role.INSPECTOR, Role.SUPERVISOR)):
        actor = user_factory(f"user{number}", district, role)
        assert register(actor).case.first_responder == actor
