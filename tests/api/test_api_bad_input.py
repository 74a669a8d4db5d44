"""Bad input to POST /api/v1/cases/: a 400 (or 404) JSON answer, a message, nothing saved."""

import json

import pytest

from complaints.models import Case, Complainant, Employer

URL = "/api/v1/cases/"
PERSON = {"name": "张三", "phone": "13800138000"}


def body(**changes):
    data = {"description": "欠薪", "complainants": [dict(PERSON)]}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not ...}


def person(**changes):
    row = {key: value for key, value in {**PERSON, **changes}.items() if value is not ...}
    return body(complainants=[row])


BAD_BODIES = {
    "missing description": (body(description=...), "description"),
    "blank description": (body(description="   "), "description"),
    "description a number": (body(description=123), "description"),
    "description a list": (body(description=["欠薪"]), "description"),
    "description of 1 MB": (body(description="x" * (1 << 20)), "description"),
    "description of 1 MB of CJK": (body(description="欠" * ((1 << 20) // 3)), "description"),
    "no complainants key": (body(complainants=...), "complainants"),
    "empty complainants": (body(complainants=[]), "complainants"),
    "complainants an object": (body(complainants=PERSON), "complainants"),
    "complainant a string": (body(complainants=["张三"]), "complainants"),
    "complainant without a name": (person(name=...), "complainants"),
    "complainant name with digits": (person(name="张三3"), "complainants"),
    "no way to reach anyone": (person(phone=...), "complainants"),
    "letters in the phone": (person(phone="1380013800O"), "complainants"),
    "phone a number": (person(phone=13800138000), "complainants"),
    "bad ID number": (person(id_number="110101199003077777"), "complainants"),
    "negative owed amount": (person(owed_amount=-1), "complainants"),
    "owed amount as text": (person(owed_amount="lots"), "complainants"),
    "owed amount a boolean": (person(owed_amount=True), "complainants"),
    "bad sex": (person(sex="X"), "complainants"),
    "unknown complainant field": (person(wechat="zs"), "complainants"),
    "negative claim": (body(amount_claimed="-5"), "amount_claimed"),
    "huge claim": (body(amount_claimed=10**12), "amount_claimed"),
    "claim with 3 decimals": (body(amount_claimed="1.234"), "amount_claimed"),
    "workers a string": (body(workers_affected="many"), "workers_affected"),
    "workers a float": (body(workers_affected=2.5), "workers_affected"),
    "workers zero": (body(workers_affected=0), "workers_affected"),
    "unknown channel": (body(channel="fax"), "channel"),
    "unknown category": (body(category="noise"), "category"),
    "employer a string": (body(employer="某某公司"), "employer"),
    "bad credit code": (body(employer={"credit_code": "91420500MA4914YH5X"}), "employer"),
    "unknown employer field": (body(employer={"name": "某某", "boss": "王"}), "employer"),
    "site too long": (body(site="工" * 201), "site"),
    "external_ref too long": (body(external_ref="r" * 101), "external_ref"),
    "unknown top-level field": (body(status="closed"), "status"),
    "misspelt field": (body(descripton="欠薪"), "descripton"),
}


@pytest.mark.parametrize("name", BAD_BODIES)
def test_bad_bodies_are_400_with_a_message_and_nothing_saved(
    name, api_client, window, assert_error
):
    data, field = BAD_BODIES[name]
    response = api_client(window).post(URL, data, format="json")
    error = assert_error(response, 400, "invalid")
    assert field in error["fields"], error
    assert not Case.objects.exists()
    assert not Complainant.objects.exists() and not Employer.objects.exists()


def test_an_amount_beyond_any_float_is_400(api_client, window, assert_error):
    raw = b'{"description": "x", "complainants": [{"name": "Li", "phone": "13800138000"}], '
    raw += b'"amount_claimed": 1e400}'
    response = api_client(window).post(URL, raw, content_type="application/json")
    error = assert_error(response, 400, "invalid")
    assert set(error["fields"]) == {"amount_claimed"}
    assert not Case.objects.exists()


def test_nested_errors_say_which_complainant(api_client, window, assert_error):
    data = body(complainants=[dict(PERSON), {**PERSON, "phone": "12345"}])
    error = assert_error(api_client(window).post(URL, data, format="json"), 400)
    assert "complainants" in error["message"] and "phone" in error["message"]


@pytest.mark.parametrize(
    "raw",
    [
        b'{"description": "x", ',  # truncated JSON
        b"\xff\xfe not utf-8",  # invalid UTF-8
        b'{"description": NaN}',  # not JSON
        b"",  # empty body: an empty object, so the required fields are missing
        b"[]",
        b'"just a string"',
        b"null",
    ],
)
def test_unreadable_or_non_object_bodies_are_400(raw, api_client, window, assert_error):
    response = api_client(window).post(URL, raw, content_type="application/json")
    error = assert_error(response, 400)
    assert error["code"] in {"parse_error", "invalid"}
    assert not Case.objects.exists()


def test_a_body_over_the_upload_limit_is_400(api_client, window, assert_error, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1 << 20
    raw = json.dumps(body(description="x" * (2 << 20))).encode()
    response = api_client(window).post(URL, raw, content_type="application/json")
    assert_error(response, 400, "parse_error")
    assert not Case.objects.exists()


def test_form_encoded_bodies_are_refused(api_client, window, assert_error):
    response = api_client(window).post(URL, {"description": "欠薪"}, format="multipart")
    assert_error(response, 415, "unsupported_media_type")


def test_bad_list_filters_are_400(api_client, window, assert_error):
    client = api_client(window)
    for query in ({"status": "lost"}, {"office": "west"}, {"registered_from": "2026-02-30"}):
        error = assert_error(client.get(URL, query), 400, "invalid")
        assert set(query) <= set(error["fields"])


def test_a_forged_cursor_is_bad_input(api_client, window, assert_error):
    assert_error(api_client(window).get(URL, {"cursor": "forged"}), 400, "invalid")


@pytest.mark.parametrize("escape", [b"\\u0000", b"\\ud800"])
@pytest.mark.parametrize("where", ["description", "name", "site"])
def test_nul_and_lone_surrogates_are_400(escape, where, api_client, window, assert_error):
    text = b'"abc' + escape + b'"'
    name = text if where == "name" else b'"Li"'
    description = text if where == "description" else b'"x"'
    site = text if where == "site" else b'""'
    raw = (
        b'{"description": ' + description + b', "site": ' + site + b', "complainants": '
        b'[{"name": ' + name + b', "phone": "13800138000"}]}'
    )
    response = api_client(window).post(URL, raw, content_type="application/json")
    assert_error(response, 400)
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("raw", "chinese"),
    [
        (b"[" * 1500 + b"]" * 1500, "嵌套超过32层"),
        ('{"description": "工资"}'.encode("gbk"), "不是utf-8编码的文本"),
        (b'{"description": ', "不是有效的JSON"),
    ],
)
def test_an_unreadable_body_is_explained_in_the_readers_language(
    raw, chinese, api_client, window, assert_error
):
    response = api_client(window).generic(
        "POST",
        "/api/v1/cases/",
        raw,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert chinese in assert_error(response, 400, "parse_error")["message"]
    assert not Case.objects.exists()
