"""The window's intake page (/cases/new/) and the receipt, through the test client."""

import html
import re
import uuid

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.roles import Role
from complaints import services
from complaints.models import (
    Case,
    CaseEvent,
    Complainant,
    IntakeSubmission,
    Outcome,
)
from complaints.services import EmployerData
from complaints.validators import DESCRIPTION_MAX_LENGTH

INTAKE_URL = "/cases/new/"
CREDIT_CODE = "91420500MA4ABCDE1D"
VALID_ID = "420502199001010016"
ROW_FIELDS = ("name", "phone", "id_number", "sex", "owed_amount", "address")
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"


@pytest.fixture
def window_client(client, window):
    client.force_login(window)
    return client


def intake_post(*, rows=(), total=None, token=None, **fields) -> dict:
    """The POST body of the intake form as a browser sends it.

    `rows` are dicts of worker fields; every row field is sent (empty when not given),
    except the representative checkbox, which a browser only sends when ticked.
    """
    rows = list(rows)
    total = max(len(rows), 3) if total is None else total
    data = {
        "token": str(token or uuid.uuid4()),
        "channel": "walk_in",
        "category": "wage_arrears",
        "description": "工地拖欠三个月工资 Three months' wages unpaid",
        "employer_name": "",
        "employer_credit_code": "",
        "employer_address": "",
        "site": "",
        "contractor": "",
        "workers_affected": "",
        "amount_claimed": "",
        "arrears_from": "",
        "arrears_to": "",
        "responsible_office": "",
        "missing_materials": ["id_document", "labor_contract", "payroll"],
        "paste": "",
        "form-TOTAL_FORMS": str(total),
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "200",
    }
    for index in range(total):
        row = rows[index] if index < len(rows) else {}
        for name in ROW_FIELDS:
            data[f"form-{index}-{name}"] = row.get(name, "")
        if row.get("is_representative"):
            data[f"form-{index}-is_representative"] = "on"
    data.update(fields)
    return data


def one_worker(**extra) -> list[dict]:
    return [{"name": "张三", "phone": "13800138000", **extra}]


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def names_of(case) -> list[str]:
    """The case's workers in the order they were added."""
    return list(case.complainants.values_list("name", flat=True))


def words_of(response) -> str:
    """The page's text as read: tags removed, runs of white space made one space."""
    return " ".join(re.sub(r"<[^>]+>", " ", text_of(response)).split()).replace(" )", ")")


def input_value(body: str, name: str) -> str | None:
    """The value attribute of the input called `name` (None if absent or without value)."""
    tag = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', body)
    assert tag, f"no input {name}"
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else None


def textarea_value(body: str, name: str) -> str:
    match = re.search(
        rf'<textarea[^>]*\bname="{re.escape(name)}"[^>]*>\n?(.*?)</textarea>', body, re.S
    )
    assert match, f"no textarea {name}"
    return html.unescape(match.group(1))


def receipt_url(case_or_ticket) -> str:
    ticket = getattr(case_or_ticket, "ticket", case_or_ticket)
    return reverse("complaints:receipt", args=[ticket])


def existing_case(register_case, actor=None, **fields):
    fields.setdefault(
        "employer", EmployerData(name="宜昌某某建筑有限公司", credit_code=CREDIT_CODE)
    )
    fields.setdefault("site", "宜昌市西陵区某某花园二期")
    return register_case(actor=actor, **fields)


# --- Role gate ------------------------------------------------------------------------


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get(INTAKE_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert "next=/cases/new/" in response.url


def test_anonymous_post_creates_nothing(client, db):
    response = client.post(INTAKE_URL, intake_post(rows=one_worker()))

    assert response.status_code == 302
    assert Case.objects.count() == 0


def test_desk_officer_is_forbidden(client, user_factory, district):
    client.force_login(user_factory("desk", district, Role.DESK_OFFICER))

    assert client.get(INTAKE_URL).status_code == 403
    assert client.post(INTAKE_URL, intake_post(rows=one_worker())).status_code == 403
    assert Case.objects.count() == 0


@pytest.mark.parametrize("role", [Role.WINDOW, Role.INSPECTOR, Role.SUPERVISOR])
def test_intake_roles_see_the_form(client, user_factory, district, role):
    client.force_login(user_factory("someone", district, role))

    response = client.get(INTAKE_URL)

    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="intake-form"' in body
    uuid.UUID(input_value(body, "token"))


def test_each_form_gets_its_own_token(window_client):
    first = input_value(window_client.get(INTAKE_URL).content.decode(), "token")
    second = input_value(window_client.get(INTAKE_URL).content.decode(), "token")

    assert first != second


# --- Zero threshold -------------------------------------------------------------------


def test_one_name_one_phone_and_a_description_register(window_client, window):
    response = window_client.post(INTAKE_URL, intake_post(rows=one_worker()))

    case = Case.objects.get()
    assert response.status_code == 302
    assert response.url == receipt_url(case)
    assert case.first_responder == window
    assert [(c.name, c.phone) for c in case.complainants.all()] == [("张三", "13800138000")]
    assert sorted(case.missing_materials.values_list("kind", flat=True)) == [
        "id_document",
        "labor_contract",
        "payroll",
    ]
    assert list(case.events.values_list("kind", flat=True)) == ["registered"]


def test_a_25_worker_group_case_registers(window_client):
    rows = [
        {
            "name": f"{SURNAMES[n]}工",
            "phone": f"139{n:08d}",
            "owed_amount": "4,500.00",
            "is_representative": n == 0,
        }
        for n in range(25)
    ]
    data = intake_post(
        rows=rows,
        employer_name="宜昌某某建筑有限公司",
        employer_credit_code=CREDIT_CODE,
        site="某某花园二期",
        workers_affected="25",
        amount_claimed="112,500",
    )

    response = window_client.post(INTAKE_URL, data)

    assert response.status_code == 302
    case = Case.objects.get()
    assert case.complainants.count() == 25
    assert case.complainants.filter(is_representative=True).count() == 1
    assert {str(c.owed_amount) for c in case.complainants.all()} == {"4500.00"}
    assert case.workers_affected == 25
    assert case.employer.credit_code == CREDIT_CODE


def test_a_group_case_from_the_paste_box_and_typed_rows(window_client):
    paste = "姓名\t电话\t身份证号\t欠薪\n" + "\n".join(
        f"{SURNAMES[n]}工\t139{n:08d}\t\t3000" for n in range(1, 25)
    )
    data = intake_post(rows=one_worker(is_representative=True), paste=paste)

    response = window_client.post(INTAKE_URL, data)

    assert response.status_code == 302
    case = Case.objects.get()
    assert case.complainants.count() == 25
    assert case.complainants.first().name == "张三"
    assert case.events.get().payload["complainants"] == 25


def test_bad_paste_lines_are_shown_and_nothing_is_lost(counts, window_client):
    paste = "张三丰\t13700137000\n李四\t1390013900a\n王五\t13600136000\t\t-5"
    data = intake_post(rows=[{"name": "赵六", "phone": "13500135000"}], paste=paste)
    before = counts()

    response = window_client.post(INTAKE_URL, data)

    assert response.status_code == 400
    assert counts() == before
    body = response.content.decode()
    text = text_of(response)
    assert "3 pasted lines read: 1 ready to add, 2 to correct (lines 2–3)" in text
    assert "Nothing has been added" in text
    assert "the rest are kept" not in text
    assert "Line 2" in text and "李四\t1390013900a" in text
    assert "Line 3" in text and "cannot be negative" in text
    assert "Line 1:" not in text
    assert textarea_value(body, "paste") == paste
    assert input_value(body, "form-0-name") == "赵六"
    assert input_value(body, "form-0-phone") == "13500135000"
    assert "工地拖欠三个月工资" in textarea_value(body, "description")
    assert input_value(body, "token") == data["token"]


def test_corrected_paste_then_registers(window_client):
    data = intake_post(rows=one_worker(), paste="李四\tabc")
    assert window_client.post(INTAKE_URL, data).status_code == 400

    data["paste"] = "李四\t13900139000"
    response = window_client.post(INTAKE_URL, data)

    assert response.status_code == 302
    assert names_of(Case.objects.get()) == ["张三", "李四"]


def test_paste_line_numbers_match_the_text_shown(window_client):
    data = intake_post(rows=one_worker(), paste="\n\n李四\tabc")

    response = window_client.post(INTAKE_URL, data)

    assert response.status_code == 400
    assert "Line 3" in text_of(response)


@pytest.mark.parametrize("name", ["𠀀明", "㐀强", "阿卜杜拉·艾力"])
def test_rare_cjk_names_are_accepted_and_stored_exactly(window_client, name):
    response = window_client.post(
        INTAKE_URL, intake_post(rows=[{"name": name, "phone": "13800138000"}])
    )

    assert response.status_code == 302
    assert Complainant.objects.get().name == name


def test_rare_cjk_name_through_the_paste_box(window_client):
    response = window_client.post(
        INTAKE_URL, intake_post(rows=one_worker(), paste="𠀀明\t13900139000")
    )

    assert response.status_code == 302
    assert sorted(Complainant.objects.values_list("name", flat=True)) == sorted(["张三", "𠀀明"])


# --- The paste box: columns by content, a preview, what is added and what not ----------


def group_lines(count: int, *, first: int = 1) -> list[str]:
    """`count` lines of the most natural three columns: name, phone, amount owed."""
    return [f"{SURNAMES[n]}工,139{n:08d},{3000 + 100 * n}" for n in range(first, first + count)]


def test_name_phone_amount_lines_register_with_their_amounts(window_client):
    paste = "\n".join(group_lines(20))

    response = window_client.post(INTAKE_URL, intake_post(paste=paste), follow=True)

    case = Case.objects.get()
    owed = dict(case.complainants.values_list("name", "owed_amount"))
    assert len(owed) == 20
    assert str(owed[f"{SURNAMES[1]}工"]) == "3100.00"
    assert str(owed[f"{SURNAMES[20]}工"]) == "5000.00"
    assert not case.complainants.exclude(id_number="").exists()
    assert f"20 workers from the paste box were added to {case.ticket}." in text_of(response)


def test_a_chinese_heading_names_the_columns_in_any_order(window_client):
    paste = "序号\t欠薪金额（元）\t姓名\t手机\t身份证号\n1\t4500\t张三\t13800138000\t" + VALID_ID

    response = window_client.post(INTAKE_URL, intake_post(paste=paste))

    assert response.status_code == 302
    worker = Complainant.objects.get()
    assert (worker.name, worker.phone, worker.id_number) == ("张三", "13800138000", VALID_ID)
    assert str(worker.owed_amount) == "4500.00"


def test_when_every_pasted_line_is_wrong_the_page_says_none_was_added(counts, window_client):
    paste = "\n".join(f"{SURNAMES[n]}工,1390000{n:03d},3000" for n in range(1, 21))  # 10 digits
    before = counts()

    response = window_client.post(INTAKE_URL, intake_post(rows=one_worker(), paste=paste))

    assert response.status_code == 400
    assert counts() == before
    text = text_of(response)
    assert "20 pasted lines read: none can be added until they are corrected (lines 1–20)." in text
    assert "the rest are kept" not in text
    assert text.count("not added: Enter an 11-digit mobile number") == 20


def test_preview_shows_what_will_be_added_and_saves_nothing(counts, window_client):
    paste = "\n".join([*group_lines(3), "王五,13700137000,很多", ""])
    data = intake_post(rows=one_worker(), paste=paste, description="", preview_paste="1")
    before = counts()

    response = window_client.post(INTAKE_URL, data)

    assert response.status_code == 200
    assert counts() == before
    body, text = response.content.decode(), text_of(response)
    assert "4 pasted lines read: 3 ready to add, 1 to correct (line 4)." in text
    # Its third column is read as the others' (amounts), so the error speaks of an amount.
    assert (
        "Line 4: 王五,13700137000,很多 (read as Name, Phone, Owed (yuan)) — not added: "
        "Enter the amount in yuan as a number"
    ) in words_of(response)
    ready = re.search(r'<table class="paste-ready">.*?</table>', body, re.S).group(0)
    rows = re.findall(
        r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td>.*?<td>([^<]*)</td>", ready
    )
    assert [row[0] for row in rows] == ["1", "2", "3"]
    assert rows[0][1:3] == (f"{SURNAMES[1]}工", "13900000001")
    assert "3100.00" in ready and "ID number" in ready
    # The preview checks nothing else and keeps everything typed.
    assert "This field is required." not in text
    assert textarea_value(body, "paste") == paste
    assert input_value(body, "form-0-name") == "张三"
    assert input_value(body, "token") == data["token"]


def test_preview_of_good_lines_says_all_will_be_added(window_client):
    data = intake_post(paste="\n".join(group_lines(2)), preview_paste="1")

    response = window_client.post(INTAKE_URL, data)

    assert "2 pasted lines read: all will be added when the case is registered." in text_of(
        response
    )
    assert Case.objects.count() == 0


# --- Bad values: a clear error on the page, nothing half-saved ---------------------------


@pytest.mark.parametrize(
    ("fields", "row", "message"),
    [
        ({}, {"id_number": "420502199001010017"}, "check digit is wrong"),
        ({}, {"id_number": "420502199002300011"}, "must be a real date"),
        ({}, {"id_number": "420502209901010011"}, "must be a real date"),
        ({}, {"phone": "1380013800a"}, "Enter an 11-digit mobile number"),
        ({}, {"phone": "一三八"}, "Enter an 11-digit mobile number"),
        ({}, {"owed_amount": "-100"}, "The amount cannot be negative."),
        ({"amount_claimed": "-1"}, {}, "The amount cannot be negative."),
        ({"amount_claimed": "abc"}, {}, "Enter the amount in yuan as a number"),
        (
            {"description": "欠" * (DESCRIPTION_MAX_LENGTH + 1)},
            {},
            '"What happened" is too long: 20,001 characters, the limit is 20,000.',
        ),
        ({}, {"name": "张三😀"}, "no digits, emoji or other symbols"),
        ({}, {"name": "张" * 51}, "at most 50 characters"),
        ({"employer_credit_code": "91420500MA4ABCDE1A"}, {}, "check character is wrong"),
        ({"workers_affected": "-3"}, {}, "greater than or equal to 1"),
        ({"arrears_from": "2025-06-01", "arrears_to": "2025-05-01"}, {}, "before its start"),
        ({"channel": "fax"}, {}, "Select a valid choice"),
    ],
    ids=[
        "id-check-digit",
        "id-feb-30",
        "id-future-birth",
        "phone-letter",
        "phone-chinese-digits",
        "owed-negative",
        "amount-negative",
        "amount-word",
        "description-over-limit",
        "name-emoji",
        "name-too-long",
        "credit-code",
        "workers-negative",
        "arrears-reversed",
        "channel",
    ],
)
def test_bad_values_give_a_clear_error_and_save_nothing(
    counts, window_client, fields, row, message
):
    data = intake_post(rows=one_worker(**row), **fields)
    before = counts()

    response = window_client.post(INTAKE_URL, data)

    assert response.status_code == 400
    assert message in text_of(response)
    assert 'role="alert"' in response.content.decode()
    assert counts() == before


def test_description_of_exactly_the_limit_is_accepted(window_client):
    response = window_client.post(
        INTAKE_URL, intake_post(rows=one_worker(), description="欠" * DESCRIPTION_MAX_LENGTH)
    )

    assert response.status_code == 302
    assert len(Case.objects.get().description) == DESCRIPTION_MAX_LENGTH


def test_a_20000_character_statement_with_line_breaks_is_saved_whole(window_client):
    # A browser sends each line break as CRLF: it is one character, as the counter shows.
    paragraphs = [f"第{n}段：老板一直说下个月发工资。" + "欠" * 84 for n in range(1, 201)]
    statement = "\n".join(paragraphs)[:20_000]
    assert len(statement) == 20_000

    response = window_client.post(
        INTAKE_URL,
        intake_post(rows=one_worker(), description=statement.replace("\n", "\r\n")),
    )

    assert response.status_code == 302
    assert Case.objects.get().description == statement


def test_the_statement_box_does_not_cut_and_shows_the_limit_to_the_counter(window_client):
    body = window_client.get(INTAKE_URL).content.decode()

    textarea = re.search(r'<textarea[^>]*name="description"[^>]*>', body).group(0)
    assert "maxlength" not in textarea  # a browser would cut a pasted statement silently
    assert 'data-char-limit="20000"' in textarea
    assert "js/charcount.js" in body


@pytest.mark.parametrize(
    ("language", "label", "message", "other_name"),
    [
        ("en", "What happened", '"What happened" is too long', "The description is too long"),
        ("zh-hans", "事情经过", "“事情经过”过长", "情况描述"),
    ],
)
def test_a_too_long_statement_gets_one_message_that_names_the_field_as_labelled(
    counts, window_client, language, label, message, other_name
):
    statement = "欠" * (DESCRIPTION_MAX_LENGTH + 1)
    before = counts()

    response = window_client.post(
        INTAKE_URL,
        intake_post(rows=one_worker(), description=statement),
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert response.status_code == 400
    assert counts() == before
    body, text = response.content.decode(), text_of(response)
    field = re.search(
        r'<div class="field has-error[^"]*">\s*<label for="id_description">(.*?)</div>\s*</div>',
        body,
        re.S,
    )
    assert field, "the description field is not marked"
    assert f">{label}</label>" in field.group(0)
    errors = re.findall(r'<div class="error" role="alert">(.*?)</div>', field.group(0))
    assert len(errors) == 1
    assert message in html.unescape(errors[0])
    assert "20,001" in errors[0] and "20,000" in errors[0]
    assert other_name not in text and "Ensure this value" not in text
    assert textarea_value(body, "description") == statement  # nothing lost


def test_a_bad_row_among_good_ones_keeps_every_row(counts, window_client):
    rows = [
        {"name": "张三", "phone": "13800138000"},
        {"name": "李四", "phone": "13900139000", "id_number": "420502199001010017"},
        {"name": "王五", "phone": "13700137000", "id_number": VALID_ID},
    ]
    before = counts()

    response = window_client.post(INTAKE_URL, intake_post(rows=rows))

    assert response.status_code == 400
    assert counts() == before
    body = response.content.decode()
    assert [input_value(body, f"form-{i}-name") for i in range(3)] == ["张三", "李四", "王五"]
    assert input_value(body, "form-1-id_number") == "420502199001010017"


# --- Must-haves -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "fields", "message"),
    [
        ([], {}, "Add at least one complainant with a name and a phone number or an address."),
        ([{"phone": "13800138000"}], {}, "Please enter the name."),
        (
            [{"name": "张三"}, {"name": "李四", "id_number": VALID_ID}],
            {},
            "Give at least one way to reach the complainants",
        ),
        ([{"name": "张三"}], {"paste": "李四\t\t" + VALID_ID}, "Give at least one way to reach"),
        (one_worker(), {"description": ""}, "This field is required."),
        (one_worker(), {"description": "   "}, "This field is required."),
    ],
    ids=[
        "no-complainant",
        "phone-without-name",
        "no-phone-no-address",
        "no-contact-in-paste-either",
        "no-description",
        "blank-description",
    ],
)
def test_must_haves(counts, window_client, rows, fields, message):
    before = counts()

    response = window_client.post(INTAKE_URL, intake_post(rows=rows, **fields))

    assert response.status_code == 400
    assert message in text_of(response)
    assert counts() == before


@pytest.mark.parametrize(
    ("rows", "paste"),
    [
        ([{"name": "张三", "address": "西陵区工棚3号"}], ""),
        ([{"name": "张三"}], "李四\t13900139000"),
        ([], "张三\t13800138000"),
    ],
    ids=["address-only", "phone-in-paste", "paste-only"],
)
def test_one_way_to_reach_anyone_is_enough(window_client, rows, paste):
    response = window_client.post(INTAKE_URL, intake_post(rows=rows, paste=paste))

    assert response.status_code == 302
    assert Case.objects.count() == 1


# --- Every error in one pass ------------------------------------------------------------


def test_an_empty_form_shows_every_must_have_at_once(counts, window_client):
    before = counts()

    response = window_client.post(INTAKE_URL, intake_post(description=""))

    assert response.status_code == 400
    assert counts() == before
    text = text_of(response)
    assert "This field is required." in text  # the description
    assert "Add at least one complainant with a name and a phone number or an address." in text


def test_field_errors_row_errors_and_the_contact_rule_come_together(counts, window_client):
    rows = [{"name": "张三", "id_number": "420502199001010017"}]  # wrong check digit, no phone
    fields = {"description": "", "employer_credit_code": "91420500MA4ABCDE1A"}
    before = counts()

    response = window_client.post(INTAKE_URL, intake_post(rows=rows, **fields))

    assert response.status_code == 400
    assert counts() == before
    text = text_of(response)
    assert "This field is required." in text
    assert "check character is wrong" in text  # the credit code
    assert "check digit is wrong" in text  # the worker's ID number
    assert "Give at least one way to reach the complainants" in text


def test_a_bad_paste_line_with_a_phone_is_not_also_called_unreachable(window_client):
    # The line is wrong (its ID number), but it has a phone: correcting the ID is enough.
    paste = "李四\t13900139000\t420502199001010017"

    response = window_client.post(INTAKE_URL, intake_post(paste=paste, description=""))

    assert response.status_code == 400
    text = text_of(response)
    assert "check digit is wrong" in text
    assert "Add at least one complainant" not in text
    assert "Give at least one way to reach" not in text


# --- Duplicates and "add to existing case" ---------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"employer_name": "宜昌某某建筑公司 "},
        {"employer_name": "宜昌某某建筑有限公司"},
        {"employer_credit_code": CREDIT_CODE.lower()},
        {"employer_name": "另一家公司", "employer_credit_code": CREDIT_CODE},
        {"site": "宜昌市西陵区 某某花园二期"},
    ],
    ids=["normalised-name", "same-name", "credit-code", "credit-code-other-name", "site"],
)
def test_duplicate_panel_shows_the_existing_ticket_and_creates_nothing(
    counts, window_client, register_case, fields
):
    existing = existing_case(register_case)
    before = counts()

    response = window_client.post(
        INTAKE_URL, intake_post(rows=[{"name": "李四", "phone": "13900139000"}], **fields)
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="duplicates"' in body
    assert existing.ticket in body
    assert f'value="join:{existing.ticket}"' in body
    assert 'value="new"' in body
    assert counts() == before
    # What was typed is still there for the second press.
    assert input_value(body, "form-0-name") == "李四"


def test_no_duplicate_panel_for_an_unrelated_employer(window_client, register_case):
    existing_case(register_case)

    response = window_client.post(
        INTAKE_URL,
        intake_post(rows=one_worker(), employer_name="宜昌另一劳务有限公司", site="点军区某工地"),
    )

    assert response.status_code == 302
    assert Case.objects.count() == 2


def test_join_adds_the_complainants_to_the_existing_case(counts, window_client, register_case):
    existing = existing_case(register_case)
    data = intake_post(
        rows=[{"name": "李四", "phone": "13900139000"}, {"name": "王五", "address": "工棚"}],
        employer_name="宜昌某某建筑公司",
    )
    assert window_client.post(INTAKE_URL, data).status_code == 200
    before = counts()

    data["duplicate_decision"] = f"join:{existing.ticket}"
    response = window_client.post(INTAKE_URL, data)

    assert response.status_code == 302
    assert response.url == receipt_url(existing)
    assert Case.objects.count() == before["Case"]
    assert counts()["last_ticket"] == before["last_ticket"]
    assert names_of(existing) == ["张三", "李四", "王五"]
    added = existing.events.filter(kind="complainants_added")
    assert added.count() == 1
    assert added.get().payload == {"count": 2}


def test_join_posted_twice_adds_once(window_client, register_case):
    existing = existing_case(register_case)
    data = intake_post(
        rows=[{"name": "李四", "phone": "13900139000"}],
        employer_name="宜昌某某建筑公司",
        duplicate_decision=f"join:{existing.ticket}",
    )

    first = window_client.post(INTAKE_URL, data)
    second = window_client.post(INTAKE_URL, data)

    assert first.url == second.url == receipt_url(existing)
    assert existing.complainants.count() == 2
    assert existing.events.filter(kind="complainants_added").count() == 1


def test_join_still_checks_the_complainants(counts, window_client, register_case):
    existing = existing_case(register_case)
    before = counts()

    response = window_client.post(
        INTAKE_URL,
        intake_post(
            rows=[{"name": "李四"}],
            employer_name="宜昌某某建筑公司",
            duplicate_decision=f"join:{existing.ticket}",
        ),
    )

    assert response.status_code == 400
    assert "Give at least one way to reach" in text_of(response)
    assert counts() == before


def test_decision_new_registers_a_new_case(window_client, register_case):
    existing = existing_case(register_case)
    data = intake_post(
        rows=[{"name": "李四", "phone": "13900139000"}], employer_name="宜昌某某建筑公司"
    )
    assert window_client.post(INTAKE_URL, data).status_code == 200

    data["duplicate_decision"] = "new"
    response = window_client.post(INTAKE_URL, data)

    assert response.status_code == 302
    new_case = Case.objects.exclude(pk=existing.pk).get()
    assert response.url == receipt_url(new_case)
    assert new_case.employer_id == existing.employer_id
    assert names_of(new_case) == ["李四"]
    assert existing.complainants.count() == 1


@pytest.fixture
def east_duplicate(register_case, east_window):
    """A case of the other district that a new registration duplicates."""
    return existing_case(register_case, actor=east_window)


def test_another_districts_duplicate_is_listed_but_not_joinable(
    counts, window_client, east_duplicate
):
    before = counts()

    response = window_client.post(
        INTAKE_URL, intake_post(rows=one_worker(), employer_name="宜昌某某建筑公司")
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert east_duplicate.ticket in body
    assert "East District" in body
    assert f'value="join:{east_duplicate.ticket}"' not in body
    assert "Handled by another office" in body
    assert 'value="new"' in body
    assert counts() == before


def test_another_districts_duplicate_does_not_show_its_people(window_client, east_duplicate):
    response = window_client.post(
        INTAKE_URL,
        intake_post(
            rows=[{"name": "李四", "phone": "13900139000"}], employer_name="宜昌某某建筑公司"
        ),
    )

    body = text_of(response)
    assert east_duplicate.ticket in body
    assert "张三" not in body
    assert "13800138000" not in body


def test_forged_join_of_another_districts_case_is_404(counts, window_client, east_duplicate):
    before = counts()

    response = window_client.post(
        INTAKE_URL,
        intake_post(
            rows=[{"name": "李四", "phone": "13900139000"}],
            employer_name="宜昌某某建筑公司",
            duplicate_decision=f"join:{east_duplicate.ticket}",
        ),
    )

    assert response.status_code == 404
    assert counts() == before
    assert east_duplicate.complainants.count() == 1


def test_forged_join_of_an_unknown_ticket_is_404(window_client, db):
    response = window_client.post(
        INTAKE_URL, intake_post(rows=one_worker(), duplicate_decision="join:YC-2000-999999")
    )

    assert response.status_code == 404
    assert Case.objects.count() == 0


@pytest.mark.parametrize("ending", ["withdrawn", "not_accepted"])
def test_ended_cases_are_not_offered_as_duplicates(
    window_client, register_case, window, inspection_head, ending
):
    existing = existing_case(register_case)
    if ending == "withdrawn":
        services.case_withdraw(case=existing, actor=window, reason="已和解")
    else:
        services.case_not_accept(
            case=existing,
            actor=inspection_head,
            reason="超过时效",
            ground=Outcome.objects.get(code="not_accepted_time_limit"),
        )

    response = window_client.post(
        INTAKE_URL,
        intake_post(
            rows=one_worker(), employer_name="宜昌某某建筑公司", site="宜昌市西陵区某某花园二期"
        ),
    )

    assert response.status_code == 302
    assert Case.objects.count() == 2


def test_forged_join_of_an_ended_case_is_refused(counts, window_client, register_case, window):
    existing = existing_case(register_case)
    services.case_withdraw(case=existing, actor=window, reason="已和解")
    before = counts()

    response = window_client.post(
        INTAKE_URL,
        intake_post(
            rows=[{"name": "李四", "phone": "13900139000"}],
            duplicate_decision=f"join:{existing.ticket}",
        ),
    )

    assert response.status_code == 400
    assert "only be added to an open case" in text_of(response)
    assert counts() == before


# --- Double submission ------------------------------------------------------------------


def test_the_same_form_posted_twice_creates_one_case(window_client):
    data = intake_post(rows=one_worker(), employer_name="宜昌某某建筑有限公司")

    first = window_client.post(INTAKE_URL, data)
    second = window_client.post(INTAKE_URL, data)

    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    case = Case.objects.get()
    assert first.url == receipt_url(case)
    assert case.complainants.count() == 1
    assert CaseEvent.objects.count() == 1
    assert IntakeSubmission.objects.count() == 1


def test_a_new_form_is_a_new_case(window_client):
    window_client.post(INTAKE_URL, intake_post(rows=one_worker()))
    window_client.post(INTAKE_URL, intake_post(rows=one_worker()))

    assert Case.objects.count() == 2


# --- More rows without JavaScript --------------------------------------------------------


def test_more_rows_adds_five_empty_rows_and_keeps_what_was_typed(
    counts, window_client, other_district
):
    rows = [
        {"name": "张三", "phone": "13800138000", "id_number": VALID_ID, "owed_amount": "3,000"},
        {"name": "李四", "address": "工棚", "is_representative": True},
        {},
    ]
    data = intake_post(
        rows=rows,
        more_rows="1",
        paste="王五\t13700137000",
        employer_name="宜昌某某建筑有限公司",
        site="某某花园",
        responsible_office=str(other_district.pk),
        missing_materials=["payroll"],
    )

    response = window_client.post(INTAKE_URL, data)

    assert response.status_code == 200
    assert counts()["Case"] == 0
    body = response.content.decode()
    assert body.count('class="worker-row') == 8
    assert input_value(body, "form-TOTAL_FORMS") == "8"
    assert input_value(body, "form-0-name") == "张三"
    assert input_value(body, "form-0-phone") == "13800138000"
    assert input_value(body, "form-0-id_number") == VALID_ID
    assert input_value(body, "form-0-owed_amount") == "3,000"
    assert input_value(body, "form-1-name") == "李四"
    assert input_value(body, "form-1-address") == "工棚"
    assert re.search(r'<input[^>]*name="form-1-is_representative"[^>]*checked', body)
    for index in range(2, 8):
        assert input_value(body, f"form-{index}-name") in (None, "")
    assert textarea_value(body, "paste") == "王五\t13700137000"
    assert "工地拖欠三个月工资" in textarea_value(body, "description")
    assert input_value(body, "employer_name") == "宜昌某某建筑有限公司"
    assert input_value(body, "site") == "某某花园"
    assert input_value(body, "token") == data["token"]
    assert re.search(rf'<option value="{other_district.pk}" selected>', body)
    assert re.search(r'<input[^>]*value="payroll"[^>]*checked', body)
    assert not re.search(r'<input[^>]*value="id_document"[^>]*checked', body)


def test_more_rows_does_not_validate_or_save(counts, window_client):
    data = intake_post(rows=[{"name": "张三😀", "phone": "abc"}], description="", more_rows="1")

    response = window_client.post(INTAKE_URL, data)

    assert response.status_code == 200
    assert counts()["Case"] == 0
    assert "emoji" not in text_of(response)


def test_rows_added_then_submitted_register(window_client):
    """The form as re-shown after "more rows" (typed rows become initial forms) saves."""
    data = intake_post(rows=[{"name": "张三", "phone": "13800138000"}], more_rows="1")
    body = window_client.post(INTAKE_URL, data).content.decode()
    resubmit = intake_post(
        rows=[
            {"name": "张三", "phone": "13800138000"},
            {},
            {},
            {"name": "李四", "address": "工棚"},
        ],
        total=int(input_value(body, "form-TOTAL_FORMS")),
        token=data["token"],
    )
    resubmit["form-INITIAL_FORMS"] = input_value(body, "form-INITIAL_FORMS")

    response = window_client.post(INTAKE_URL, resubmit)

    assert response.status_code == 302
    assert names_of(Case.objects.get()) == ["张三", "李四"]


def test_more_rows_never_renders_more_than_the_formset_maximum(window_client):
    data = intake_post(rows=one_worker(), more_rows="1")
    data["form-TOTAL_FORMS"] = "260"  # only the count is forged; no row fields are sent

    response = window_client.post(INTAKE_URL, data)

    assert response.status_code == 200
    assert response.content.decode().count('class="worker-row') <= 200


def test_more_rows_with_a_tampered_row_count_is_not_a_server_error(window_client):
    data = intake_post(rows=one_worker(), more_rows="1")
    data["form-TOTAL_FORMS"] = "three"

    window_client.raise_request_exception = False
    response = window_client.post(INTAKE_URL, data)

    assert response.status_code < 500
    assert Case.objects.count() == 0


# --- The receipt ------------------------------------------------------------------------


@pytest.fixture
def registered(window_client):
    response = window_client.post(
        INTAKE_URL,
        intake_post(
            rows=[
                {"name": "张三", "phone": "13800138000", "id_number": VALID_ID},
                {"name": "李四", "phone": "+86 139 0013 9000"},
            ],
            employer_name="宜昌某某建筑有限公司",
        ),
    )
    assert response.status_code == 302
    return Case.objects.get()


def test_receipt_in_english(window_client, registered):
    response = window_client.get(receipt_url(registered), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    body = text_of(response)
    assert registered.ticket in body
    assert "What happens next" in body
    assert "5 working days" in body
    assert "若干规定" in body


def test_receipt_in_chinese_has_the_ticket_and_the_citation(window_client, registered):
    response = window_client.get(receipt_url(registered), HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "zh-hans"
    body = text_of(response)
    assert registered.ticket in body
    assert "若干规定" in body


def test_receipt_in_chinese_by_cookie(window_client, registered):
    window_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    response = window_client.get(receipt_url(registered))

    assert response.headers["Content-Language"] == "zh-hans"
    assert registered.ticket in text_of(response)


def test_receipt_next_steps_in_chinese(window_client, registered):
    window_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    body = text_of(window_client.get(receipt_url(registered), HTTP_ACCEPT_LANGUAGE="zh-hans"))

    assert "接下来的办理流程" in body
    assert "5个工作日内" in body
    assert registered.ticket in body
    assert "What happens next" not in body


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_receipt_masks_phone_numbers(window_client, registered, language):
    body = text_of(window_client.get(receipt_url(registered), HTTP_ACCEPT_LANGUAGE=language))

    assert "138****8000" in body
    assert "139****9000" in body
    assert "13800138000" not in body
    assert "13900139000" not in body
    assert VALID_ID not in body


def test_receipt_needs_login(client, registered):
    client.logout()

    response = client.get(receipt_url(registered))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_receipt_of_another_districts_case_is_404(window_client, east_case):
    assert window_client.get(receipt_url(east_case)).status_code == 404


def test_merging_into_an_unknown_ticket_is_a_form_error_not_a_404(
    window_client, registered, inspector, client
):
    client.force_login(inspector)
    response = client.post(
        f"/cases/{registered.ticket}/actions/merge/",
        {"merge-target": "YC-2026-999999", "merge-reason": "同一工地"},
    )
    assert response.status_code == 400
    assert "YC-2026-999999" in response.content.decode()
    registered.refresh_from_db()
    assert registered.status == "registered"
