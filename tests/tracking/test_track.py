"""The complainant's status look-up: /track/ (page) and /api/v1/track/ (JSON).

Correct answers, no personal data, one answer for a wrong ticket and a wrong phone, and
the rate limits per client address and per ticket.
"""

import re
from decimal import Decimal
from urllib.parse import quote_plus

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints import services as complaint_services
from complaints.models import Status
from complaints.services import ComplainantData, EmployerData
from complaints.tracking import ratelimit
from complaints.tracking.selectors import current_step, last4_of_phone, track_case
from dispatch import services as dispatch_services
from dispatch.models import Deadline

PAGE = "/track/"
API = "/api/v1/track/"
NAME, PHONE, LAST4 = "张三", "13800138000", "8000"
EMPLOYER = "宜昌某某建筑有限公司"
ID_NUMBER = "420502199003071234"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def case(register_case):
    """A routed case: one inspection referral with its acceptance deadline."""
    registered = register_case(
        complainants=[ComplainantData(name=NAME, phone=PHONE, id_number=ID_NUMBER)],
        employer=EmployerData(name=EMPLOYER, address="宜昌市西陵区某路1号"),
        amount_claimed=Decimal("123456.78"),
        site="某某花园二期",
    )
    dispatch_services.case_route(case_id=registered.pk)
    registered.refresh_from_db()
    return registered


def open_deadline(case) -> Deadline:
    return Deadline.objects.get(referral__case=case, closed_at__isnull=True)


def api(client, ticket=None, phone=None, **extra):
    params = {}
    if ticket is not None:
        params["ticket"] = ticket
    if phone is not None:
        params["phone"] = phone
    return client.get(API, params, **extra)


def page(client, ticket=None, phone=None, **extra):
    params = {}
    if ticket is not None:
        params["ticket"] = ticket
    if phone is not None:
        params["phone"] = phone
    return client.get(PAGE, params, **extra)


def test_the_url_names(db):
    assert reverse("tracking:track") == PAGE
    assert reverse("api:track") == API


# --- Correct answers ------------------------------------------------------------------


def test_the_api_answers_the_right_ticket_and_last_4(client, case, district):
    response = api(client, case.ticket, LAST4)
    assert response.status_code == 200
    deadline = open_deadline(case)
    assert response.json() == {
        "ticket": case.ticket,
        "status": "registered",
        "status_label": "Registered",
        "step": "Waiting for the acceptance decision",
        "office": district.name,
        "office_phone": district.phone,
        "next_due": deadline.due.isoformat(),
        "registered_on": timezone.localdate(case.registered_at).isoformat(),
    }
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_page_shows_the_result_card(client, case, district):
    response = page(client, case.ticket, LAST4)
    assert response.status_code == 200
    body = response.content.decode()
    deadline = open_deadline(case)
    assert case.ticket in body
    assert "Registered" in body
    assert "Waiting for the acceptance decision" in body
    assert district.name in body
    assert f'href="tel:{district.phone}"' in body
    assert deadline.due.strftime("%Y-%m-%d") in body
    assert deadline.policy.name_en in body
    assert timezone.localdate(case.registered_at).strftime("%Y-%m-%d") in body


def test_the_next_date_is_the_earliest_open_unpaused_deadline(client, case, supervisor):
    deadline = open_deadline(case)
    dispatch_services.deadline_pause(deadline=deadline, actor=supervisor, reason="等待材料")
    assert api(client, case.ticket, LAST4).json()["next_due"] is None


def test_a_case_not_yet_routed_has_no_next_date(client, register_case):
    unrouted = register_case()
    body = api(client, unrouted.ticket, LAST4).json()
    assert body["next_due"] is None
    assert body["status"] == "registered"


def test_an_accepted_case_is_with_labor_inspection(client, case, inspection_head):
    complaint_services.case_accept(case=case, actor=inspection_head)
    body = api(client, case.ticket, LAST4).json()
    assert body["status"] == Status.ACCEPTED
    assert body["step"] == "Being investigated by labor inspection"
    running = Deadline.objects.filter(
        referral__case=case, closed_at__isnull=True, paused_on__isnull=True
    ).order_by("due")
    assert body["next_due"] == (running[0].due.isoformat() if running else None)


def test_the_office_falls_back_to_the_bureau_hotline(client, case, district, settings):
    settings.BUREAU_HOTLINE = "12333"
    district.phone = ""
    district.save()
    assert api(client, case.ticket, LAST4).json()["office_phone"] == "12333"


@pytest.mark.parametrize(
    ("status", "desks", "step"),
    [
        (Status.REGISTERED, ["inspection"], "Waiting for the acceptance decision"),
        (Status.IN_PROGRESS, ["inspection"], "Being investigated by labor inspection"),
        (Status.IN_PROGRESS, [], "Being handled by the responsible office"),
        (
            Status.IN_PROGRESS,
            ["work_injury", "legal_aid", "legal_aid"],
            "Being handled by Work injury, Legal aid",
        ),
        (Status.RESOLVED, [], "Resolved; the bureau will call you back"),
        (Status.CLOSED, [], "Closed"),
        (Status.WITHDRAWN, [], "Withdrawn"),
    ],
)
def test_the_current_step_in_plain_words(status, desks, step):
    assert current_step(status, desks) == step


# --- No personal data -----------------------------------------------------------------


def test_no_personal_data_in_the_answers(client, case):
    for response in (api(client, case.ticket, LAST4), page(client, case.ticket, LAST4)):
        assert response.status_code == 200
        body = response.content.decode()
        for secret in (NAME, PHONE, "138****8000", ID_NUMBER, EMPLOYER, "123456.78", "123,456"):
            assert secret not in body
        assert "某某花园" not in body
        assert "Three months" not in body  # the description


# --- One answer for a wrong ticket, a malformed ticket and a wrong phone ---------------

WRONG = [
    ("wrong ticket", lambda case: ("YC-2099-999999", LAST4)),
    ("malformed ticket", lambda case: ("NOT A TICKET; DROP TABLE", LAST4)),
    ("wrong phone", lambda case: (case.ticket, "0000")),
    ("empty-looking ticket", lambda case: ("--", LAST4)),
    ("NUL in the ticket", lambda case: (case.ticket + "\x00", LAST4)),
]


def test_the_api_gives_byte_identical_404s(client, case):
    responses = [api(client, *make(case)) for _label, make in WRONG]
    assert {response.status_code for response in responses} == {404}
    assert len({response.content for response in responses}) == 1
    assert responses[0].json()["error"]["code"] == "not_found"
    assert responses[0].json()["error"]["fields"] == {}
    headers = [sorted(response.headers.items()) for response in responses]
    assert all(header == headers[0] for header in headers)


def _page_body_without_echo(response, ticket, phone) -> str:
    """The page minus what differs by construction: the echo of the typed input and the
    per-response CSRF mask of the language switcher."""
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", body)
    for typed in (ticket, phone):
        for form in (quote_plus(typed), typed.replace("&", "&amp;").replace('"', "&quot;")):
            body = body.replace(form, "TYPED")
    return body


def test_the_page_gives_the_same_404_for_every_miss(client, case):
    bodies = set()
    for _label, make in WRONG:
        ticket, phone = make(case)
        response = page(client, ticket, phone)
        assert response.status_code == 404
        bodies.add(_page_body_without_echo(response, ticket, phone))
        assert "No complaint matches this ticket number" in response.content.decode()
    assert len(bodies) == 1


def test_a_wrong_ticket_and_a_wrong_phone_cost_the_same_queries(case):
    counts = []
    for ticket, phone in [("YC-2099-999999", LAST4), (case.ticket, "0000"), ("junk", LAST4)]:
        with CaptureQueriesContext(connection) as queries:
            assert track_case(ticket=ticket, phone_last4=phone) is None
        counts.append(len(queries))
    assert counts == [1, 1, 1]


# --- Matching the phone ---------------------------------------------------------------


def test_any_complainant_of_a_group_case_may_look_it_up(client, register_case):
    group = register_case(
        complainants=[
            ComplainantData(name="张三", phone="13800138000"),
            ComplainantData(name="李四", phone="13912345678"),
            ComplainantData(name="王五", phone=""),
        ]
    )
    assert api(client, group.ticket, "8000").status_code == 200
    assert api(client, group.ticket, "5678").status_code == 200
    assert api(client, group.ticket, "1234").status_code == 404


def test_full_width_and_lower_case_input_is_accepted(client, case):
    full_width_ticket = case.ticket.lower().translate(
        {ord(c): ord(c) + 0xFEE0 for c in "0123456789-abcdefghijklmnopqrstuvwxyz"}
    )
    response = api(client, f"  {full_width_ticket} ", "８０００")
    assert response.status_code == 200
    assert response.json()["ticket"] == case.ticket
    assert page(client, full_width_ticket, "８０００").status_code == 200


def test_a_landline_is_matched_without_its_extension():
    assert last4_of_phone("0717-6221234转88") == "1234"
    assert last4_of_phone("010-12345678-123") == "5678"
    assert last4_of_phone("13800138000") == "8000"
    assert last4_of_phone("") == "----"


# --- Bad input ------------------------------------------------------------------------


@pytest.mark.parametrize("phone", ["12a4", "123", "12345", "", "８０００0"])
def test_phone_digits_that_are_not_4_digits_are_a_400(client, case, phone):
    response = api(client, case.ticket, phone)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "phone" in error["fields"]
    assert page(client, case.ticket, phone).status_code == 400


@pytest.mark.parametrize(
    ("ticket", "phone"), [(None, LAST4), ("YC-2026-000001", None), (None, None)]
)
def test_a_missing_parameter_is_a_400(client, db, ticket, phone):
    response = api(client, ticket, phone)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_the_page_names_the_phone_error(client, case):
    response = page(client, case.ticket, "12a4")
    assert "Enter the last 4 digits of the phone number" in response.content.decode()


# --- Anonymous access -----------------------------------------------------------------


def test_the_empty_page_works_for_anonymous_visitors(client, db):
    response = client.get(PAGE)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="site-header' in body
    assert "Log out" not in body
    assert 'inputmode="numeric"' in body
    assert 'autocomplete="off"' in body
    assert 'method="get"' in body
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_logged_in_user_is_not_needed_nor_used_by_the_api(client, case, window):
    client.force_login(window)
    assert api(client, case.ticket, "0000").status_code == 404  # no staff privilege
    client.logout()
    assert api(client, case.ticket, LAST4).status_code == 200


def test_other_methods_answer_in_the_error_shape(client, db):
    response = client.post(API, {"ticket": "YC-2026-000001", "phone": LAST4})
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert response.json()["error"]["fields"] == {}


def test_the_api_answers_json_whatever_the_accept_header(client, case):
    response = api(client, case.ticket, LAST4, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_the_api_is_in_the_schema_without_authentication():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/track/"]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} == {"ticket", "phone"}
    assert {"200", "400", "404", "429"} <= set(operation["responses"])
    assert operation.get("security") in (None, [], [{}])


# --- Rate limits ----------------------------------------------------------------------


def test_the_per_address_limit(client, case, settings):
    settings.TRACK_RATE_PER_ADDRESS = 3
    settings.TRACK_RATE_PER_TICKET = 100
    for number in range(3):
        assert api(client, f"YC-2099-00000{number}", LAST4).status_code == 404
    refused = api(client, case.ticket, LAST4)  # even the right answer, once over the limit
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    assert "Too many look-ups" in refused.json()["error"]["message"]
    assert 1 <= int(refused["Retry-After"]) <= ratelimit.RATE_WINDOW
    # The page shares the counter, and X-Forwarded-For does not make a new client.
    forged = page(client, case.ticket, LAST4, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert forged.status_code == 429
    assert int(forged["Retry-After"]) >= 1
    assert "Too many look-ups" in forged.content.decode()
    # Another client is not affected.
    assert api(client, case.ticket, LAST4, REMOTE_ADDR="198.51.100.7").status_code == 200


def test_the_per_ticket_limit_holds_across_addresses(client, case, settings):
    settings.TRACK_RATE_PER_ADDRESS = 100
    settings.TRACK_RATE_PER_TICKET = 2
    assert api(client, case.ticket, LAST4, REMOTE_ADDR="198.51.100.1").status_code == 200
    assert api(client, case.ticket, "0000", REMOTE_ADDR="198.51.100.2").status_code == 404
    refused = api(client, case.ticket.lower(), LAST4, REMOTE_ADDR="198.51.100.3")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    page_refused = page(client, case.ticket, LAST4, REMOTE_ADDR="198.51.100.4")
    assert page_refused.status_code == 429
    assert "Retry-After" in page_refused
    # Other tickets from the same addresses are still answered.
    assert api(client, "YC-2099-000001", LAST4, REMOTE_ADDR="198.51.100.3").status_code == 404


def test_invalid_input_counts_too(client, case, settings):
    settings.TRACK_RATE_PER_ADDRESS = 2
    assert api(client, case.ticket, "12a4").status_code == 400
    assert api(client, case.ticket, "12a4").status_code == 400
    assert api(client, case.ticket, LAST4).status_code == 429


def test_the_empty_form_does_not_count(client, case, settings):
    settings.TRACK_RATE_PER_ADDRESS = 1
    for _ in range(3):
        assert client.get(PAGE).status_code == 200
    assert page(client, case.ticket, LAST4).status_code == 200


def test_an_ipv6_client_counts_by_its_64(client, case, settings):
    settings.TRACK_RATE_PER_ADDRESS = 1
    settings.TRACK_RATE_PER_TICKET = 100
    assert api(client, case.ticket, LAST4, REMOTE_ADDR="2001:db8:1:2::10").status_code == 200
    assert api(client, case.ticket, LAST4, REMOTE_ADDR="2001:db8:1:2::99").status_code == 429
    assert api(client, case.ticket, LAST4, REMOTE_ADDR="2001:db8:1:3::10").status_code == 200


def test_look_ups_are_refused_when_the_counters_are_unreachable(client, case, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(ratelimit.cache, "incr", broken)
    response = api(client, case.ticket, LAST4)
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "unavailable"
    assert response["Retry-After"] == str(ratelimit.UNAVAILABLE_RETRY_AFTER)
    assert page(client, case.ticket, LAST4).status_code == 503
