"""ID numbers (#7, security item 2): found by a keyed digest, seen whole only on the record.

The search box of the case list, My cases and the API finds a case by a complainant's
full ID number through `Complainant.id_number_digest` (an HMAC under PII_HASH_KEY).
A supervisor may ask to see one full ID number on the case page; that is recorded on the
timeline (without the number). Other roles get 403, other offices 404, and nothing is
recorded; the API always answers masked.
"""

import hashlib
import hmac
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from complaints.events import describe
from complaints.models import CaseEvent, Complainant, DeskKind
from complaints.pii import id_number_digest, refresh_id_number_digests
from complaints.services import ComplainantData
from complaints.validators import id_check_character
from dispatch import services as dispatch
from dispatch.models import Desk


def valid_id(first17: str) -> str:
    return first17 + id_check_character(first17)


ID_NUMBER = valid_id("42050219900101001")  # ends in a digit
ID_WITH_X = next(
    number
    for number in (valid_id(f"42050219850203{n:03d}") for n in range(1000))
    if number.endswith("X")
)
OTHER_ID = valid_id("42050319920303002")


@pytest.fixture
def case_with_ids(register_case):
    """A case of two workers: 张三 with an ID number ending in X, 李四 with none."""
    return register_case(
        complainants=[
            ComplainantData(name="张三", phone="13800138000", id_number=ID_WITH_X.lower()),
            ComplainantData(name="李四", phone="13900139000"),
        ]
    )


def tickets_on(response) -> set[str]:
    assert response.status_code == 200, response.content[:300]
    return set(re.findall(r'href="/cases/([A-Z]+-\d{4}-\d{6})/"', response.content.decode()))


# --- the digest ---------------------------------------------------------------------


def test_the_digest_is_an_hmac_of_the_normalised_number_under_the_configured_key(settings):
    settings.PII_HASH_KEY = "test-key-1"
    expected = hmac.new(b"test-key-1", ID_WITH_X.encode(), hashlib.sha256).hexdigest()

    assert id_number_digest(ID_WITH_X) == expected
    # NFKC (full-width digits), a lower-case x and spaces give the same digest.
    full_width = ID_WITH_X[:-1].translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})
    assert id_number_digest(f" {full_width}x ") == expected
    assert id_number_digest("") == id_number_digest(None) == ""
    settings.PII_HASH_KEY = "test-key-2"
    assert id_number_digest(ID_WITH_X) != expected


def test_registration_keeps_the_digest_beside_the_id_number(case_with_ids):
    zhang, li = case_with_ids.complainants.order_by("id")

    assert zhang.id_number == ID_WITH_X
    assert zhang.id_number_digest == id_number_digest(ID_WITH_X)
    assert len(zhang.id_number_digest) == 64
    assert li.id_number == li.id_number_digest == ""


def test_an_edit_of_the_id_number_keeps_the_digest_in_step(case_with_ids):
    zhang = case_with_ids.complainants.get(name="张三")
    zhang.id_number = OTHER_ID
    zhang.save(update_fields=["id_number"])

    assert Complainant.objects.get(pk=zhang.pk).id_number_digest == id_number_digest(OTHER_ID)


def test_the_backfill_fills_every_digest_in_batches(register_case):
    people = [ComplainantData(name=name, phone="13800138000") for name in ("张三", "李四")]
    people += [
        ComplainantData(name="王五", phone="13600136000", id_number=ID_NUMBER),
        ComplainantData(name="赵六"),
    ]
    people += [ComplainantData(name="钱七", id_number=OTHER_ID)]
    case = register_case(complainants=people)
    case.complainants.update(id_number_digest="")  # as before migration 0010

    read = refresh_id_number_digests(connection, batch_size=1)

    assert read == 2
    digests = dict(case.complainants.values_list("name", "id_number_digest"))
    assert digests["王五"] == id_number_digest(ID_NUMBER)
    assert digests["钱七"] == id_number_digest(OTHER_ID)
    assert digests["赵六"] == digests["张三"] == ""


# --- search by ID number ----------------------------------------------------------------


def test_the_case_list_finds_a_case_by_full_id_number_through_the_digest(
    client, window, case_with_ids, register_case
):
    other = register_case(complainants=[ComplainantData(name="王五", phone="13700137000")])
    client.force_login(window)

    with CaptureQueriesContext(connection) as queries:
        found = tickets_on(client.get("/cases/", {"q": ID_WITH_X}))

    assert found == {case_with_ids.ticket}
    sql = " ".join(query["sql"] for query in queries)
    assert "id_number_digest" in sql
    assert not re.search(r'"id_number"\s+(I?LIKE|GLOB)', sql, re.I)
    assert ID_WITH_X not in sql  # the query carries the digest, not the number
    # As typed at the window: lower-case x, spaces around it.
    assert tickets_on(client.get("/cases/", {"q": f"  {ID_WITH_X.lower()} "})) == {
        case_with_ids.ticket
    }
    # Only a full ID number is looked up: a part of one finds nothing.
    assert case_with_ids.ticket not in tickets_on(client.get("/cases/", {"q": ID_WITH_X[:14]}))
    assert other.ticket in tickets_on(client.get("/cases/"))


def test_the_search_by_id_number_keeps_other_offices_cases_out(
    client, window, register_case, user_factory, other_district
):
    east = user_factory("east-window", other_district, Role.WINDOW)
    mine = register_case(
        complainants=[ComplainantData(name="甲", phone="13600136000", id_number=ID_NUMBER)]
    )
    register_case(
        actor=east,
        complainants=[ComplainantData(name="乙", phone="13700137000", id_number=ID_NUMBER)],
    )
    client.force_login(window)

    assert tickets_on(client.get("/cases/", {"q": ID_NUMBER})) == {mine.ticket}


def test_my_cases_finds_a_case_by_full_id_number(client, inspector, case_with_ids, register_case):
    Desk.objects.get_or_create(office=inspector.office, kind=DeskKind.INSPECTION)[0].members.set(
        [inspector]
    )
    other = register_case(complainants=[ComplainantData(name="王五", phone="13700137000")])
    for case in (case_with_ids, other):
        dispatch.case_route(case_id=case.pk)
    client.force_login(inspector)

    assert tickets_on(client.get("/work/")) >= {case_with_ids.ticket, other.ticket}
    assert tickets_on(client.get("/work/", {"q": ID_WITH_X})) == {case_with_ids.ticket}


def test_the_api_search_finds_a_case_by_full_id_number(
    client, window, case_with_ids, register_case
):
    register_case(complainants=[ComplainantData(name="王五", phone="13700137000")])
    client.force_login(window)

    response = client.get("/api/v1/cases/", {"search": ID_WITH_X})

    assert response.status_code == 200
    assert [row["ticket"] for row in response.json()["results"]] == [case_with_ids.ticket]


# --- seeing a full ID number --------------------------------------------------------


def reveal_url(case, complainant) -> str:
    return reverse("complaints:complainant_id_reveal", args=[case.ticket, complainant.pk])


def viewed_events(case):
    return CaseEvent.objects.filter(case=case, kind="id_number_viewed")


def test_a_supervisor_sees_a_full_id_number_once_and_it_is_on_the_timeline(
    client, supervisor, case_with_ids
):
    zhang = case_with_ids.complainants.get(name="张三")
    page_url = reverse("complaints:case_detail", args=[case_with_ids.ticket])
    client.force_login(supervisor)
    before = client.get(page_url).content.decode()
    assert ID_WITH_X not in before and "420502********" in before
    assert reveal_url(case_with_ids, zhang) in before  # the button

    response = client.post(reveal_url(case_with_ids, zhang))

    assert response.status_code == 302
    assert response.url == f"{page_url}#complainant-{zhang.pk}"
    showing = client.get(page_url)
    shown = showing.content.decode()
    assert ID_WITH_X in shown
    assert showing["Cache-Control"] == "no-store"  # no cache keeps the page with the number
    again = client.get(page_url)
    assert ID_WITH_X not in again.content.decode()  # once only
    event = viewed_events(case_with_ids).get()
    assert event.actor == supervisor
    assert ID_WITH_X not in json.dumps(event.payload) + event.message
    assert describe(event) == "Full ID number of 张三 viewed by supervisor."
    assert "Full ID number of 张三 viewed by supervisor." in shown  # on the timeline


@pytest.mark.parametrize("role", ["window", "inspector", "administrator"])
def test_other_roles_may_not_see_a_full_id_number_and_nothing_is_recorded(
    client, request, role, case_with_ids
):
    user = request.getfixturevalue(role)
    zhang = case_with_ids.complainants.get(name="张三")
    client.force_login(user)
    page = client.get(reverse("complaints:case_detail", args=[case_with_ids.ticket]))

    assert reveal_url(case_with_ids, zhang) not in page.content.decode()  # no button
    response = client.post(reveal_url(case_with_ids, zhang))

    assert response.status_code == 403
    assert not viewed_events(case_with_ids).exists()
    assert ID_WITH_X not in client.get(page.wsgi_request.path).content.decode()


def test_another_district_gets_404_and_nothing_is_recorded(client, east_supervisor, case_with_ids):
    zhang = case_with_ids.complainants.get(name="张三")
    client.force_login(east_supervisor)

    assert client.post(reveal_url(case_with_ids, zhang)).status_code == 404
    assert not viewed_events(case_with_ids).exists()


def test_a_complainant_of_another_case_or_without_id_number_is_404(
    client, supervisor, case_with_ids, register_case
):
    other = register_case(
        complainants=[ComplainantData(name="王五", phone="13600136000", id_number=ID_NUMBER)]
    )
    li = case_with_ids.complainants.get(name="李四")
    client.force_login(supervisor)

    assert client.post(reveal_url(case_with_ids, other.complainants.get())).status_code == 404
    assert client.post(reveal_url(case_with_ids, li)).status_code == 404
    assert client.get(reveal_url(case_with_ids, li)).status_code == 405
    assert not CaseEvent.objects.filter(kind="id_number_viewed").exists()


def test_the_api_answers_id_numbers_masked_even_to_a_supervisor(client, supervisor, case_with_ids):
    client.force_login(supervisor)

    body = client.get(f"/api/v1/cases/{case_with_ids.ticket}/").content.decode()

    assert ID_WITH_X not in body
    assert "420502********" in body
    assert not viewed_events(case_with_ids).exists()


def test_after_a_new_key_the_command_recomputes_the_digests(
    client, window, settings, case_with_ids
):
    settings.PII_HASH_KEY = "a-new-key"
    client.force_login(window)
    assert tickets_on(client.get("/cases/", {"q": ID_WITH_X})) == set()  # stale digests

    call_command("refresh_id_number_digests", stdout=StringIO())

    assert tickets_on(client.get("/cases/", {"q": ID_WITH_X})) == {case_with_ids.ticket}
