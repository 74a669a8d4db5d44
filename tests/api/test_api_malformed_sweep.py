"""Malformed input at every endpoint of the API: a 4xx JSON error, and nothing changes.

The endpoints are the API URLs of tests/test_url_permissions.py (RULES has a rule for every
URL name, and a URL without one fails there), reached as its url_of() reaches them. What
each takes comes from the OpenAPI schema, so a new field or query parameter is swept with
no change here: every leaf of a POST body (nested objects and list items included), every
query parameter, the ticket in the path. The catch-alls outside the schema get the body
sweep. A POST body is a valid one (test_what_the_sweep_spoils_is_valid) with one value
spoilt, on a case in the status its action needs, so nothing else can be refused and a
value that got through would reach the database. The classes, each once a 500:

- nesting: 1,500 `[` (the reported 3 KB body), 1,500 objects, 100,000 levels, MAX_DEPTH + 1
  levels in each field (complaints/api/parsers.py);
- unicode: NUL (PostgreSQL's text columns refuse it, SQLite's do not), unpaired surrogates
  (high, low, a reversed pair) in values and in keys, bytes that are not UTF-8, another
  charset; Idempotency-Keys that are not visible ASCII;
- numbers: 1e400, 10**30, 2**63 (one beyond bigint), -(2**63) - 1, -1, 5,000 digits, as
  JSON numbers and as strings, in bodies, query parameters, forged cursors and the path;
- overlong: one character over each documented maxLength, 300,000 characters where none
  is documented, 10,000-character query parameters and Idempotency-Key; and text within
  the limit that NFKC makes longer than its column (U+FDFA is 18 characters normalized),
  which may be taken but must not be a 500.

Every answer must be a 4xx other than 429 (throttles are off here) in the API's error
shape, naming only fields that were sent, and leave the main tables as they were. A POST
is sent again with an Idempotency-Key (all of "unicode" and "numbers", the whole-body and
first-field probes of the others) and must get the same status and code. DEBUG is off and
the client does not re-raise: this is what a real client gets. CI runs it on PostgreSQL,
where NUL and overlong text fail; locally, set DATABASE_URL as DEVELOPERS.md says.
"""

import base64
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import parse_qs, urlencode

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle

from complaints import services
from complaints.api.parsers import MAX_DEPTH
from complaints.models import (
    Case,
    CaseEvent,
    Complainant,
    Consultation,
    Employer,
    IdempotencyRecord,
)
from config import clock
from dispatch import services as dispatch_services
from dispatch.models import Deadline, Desk, Referral
from inspection.services.credit import credit_propose
from tests.builders import order_to_pay
from tests.test_url_permissions import RULES, all_url_patterns, url_of

API = sorted(name for name in RULES if name.startswith("api:"))
CLASSES = ("nesting", "unicode", "numbers", "overlong")

# --- what is sent ------------------------------------------------------------------------

# A valid body for each POST endpoint, keyed by URL name; test_the_sweep_covers_every_api_url
# makes a new endpoint say what it takes. Placeholders: "<target>" another open case's
# ticket, "<office>" another office's id, "<own office>" the user's office's id, "<case>"
# the swept case's ticket.
CLOSE_BODY = {
    "outcome": "paid_in_full",
    "outcome_amount": "1000.00",
    "followup_at": "2026-01-05T10:00:00+08:00",
    "followup_method": "phone",
    "followup_result": "已拿到工资",
    "satisfaction": "satisfied",
}
VALID_BODIES = {
    "api:case-list": {
        "description": "工地拖欠三个月工资",
        "complainants": [
            {
                "name": "张三",
                "phone": "13800138000",
                "id_number": "420502199001010016",
                "sex": "M",
                "address": "宜昌市西陵区",
                "owed_amount": "9000.00",
                "is_representative": True,
            }
        ],
        "channel": "walk_in",
        "external_ref": "REF-1",
        "category": "wage_arrears",
        "employer": {
            "name": "宜昌某某建筑有限公司",
            "credit_code": "91420500MA4914YH5K",
            "address": "宜昌市",
        },
        "site": "某某小区",
        "contractor": "王五",
        "workers_affected": 3,
        "amount_claimed": "27000.00",
    },
    "api:case-complainants": {
        "complainants": [{"name": "李四", "phone": "13900139000", "owed_amount": 100}],
        "account": "李四也来了",
    },
    "api:consultation-list": {
        "topic": "加班费怎么算",
        "channel": "hotline",
        "category": "wage_arrears",
        "answer": "按劳动法第四十四条",
        "contact_name": "赵六",
        "contact_phone": "13700137000",
    },
    "api:case-accept": {"note": "材料齐全"},
    "api:case-not-accept": {"reason": "超过两年", "ground": "not_accepted_time_limit"},
    "api:case-start": {},
    "api:case-resolve": {"note": "已调解"},
    "api:case-reopen": {"reason": "工人反映仍未支付"},
    "api:case-close": CLOSE_BODY,
    "api:case-reopen-closed": {"reason": "复查"},
    "api:case-withdraw": {"reason": "已和解"},
    "api:case-request-withdrawal": {"reason": "工资已结清，申请撤回投诉"},
    "api:case-cancel-filing": {"reason": "情节轻微且已改正"},
    "api:case-continue-ex-officio": {"reason": "涉及多名工人，依职权继续调查"},
    "api:case-merge": {"target": "<target>", "reason": "同一工地"},
    "api:case-transfer": {"to_office": "<office>", "reason": "用人单位在东区"},
    # On a filed case whose served order went unpaid past its pay-by date (credit_case).
    "api:case-credit-proposals": {
        "measure": "joint_punishment",
        "basis": "<basis>",
        "grounds": "指令书逾期仍未支付",
    },
    "api:case-credit-decide": {"decision": "approve", "note": "同意"},
}
# A valid query for the GET endpoints that take one, so a spoilt parameter is the only fault.
VALID_QUERIES = {
    "api:case-list": {"status": "registered", "search": "张三", "office": "<own office>"},
    "api:stats-summary": {"office": "<own office>", "from": "2026-01-01", "to": "2026-01-31"},
    "api:due-date": {"policy": "inspection.accept", "start": "2026-02-13"},
    "api:track": {"ticket": "<case>", "phone": "8000"},
}
# The status a case needs for the action to be allowed (complaints/workflow.py): a valid
# body really acts, so a spoilt value is the only thing that can be refused.
ACTION_STATUS = {
    "api:case-start": "accepted",
    "api:case-resolve": "in_progress",
    "api:case-reopen": "resolved",
    "api:case-close": "resolved",
    "api:case-reopen-closed": "closed",
    "api:case-request-withdrawal": "accepted",
    "api:case-cancel-filing": "withdrawal_requested",
    "api:case-continue-ex-officio": "withdrawal_requested",
}

HUGE_DIGITS = "9" * 5000  # more digits than Python converts to an int (4,300)
# (label, JSON text): out-of-range numbers, as JSON numbers and as strings.
RAW_NUMBERS = [
    ("1e400", "1e400"),
    ("10**30", str(10**30)),
    ("2**63", str(2**63)),
    ("-(2**63)-1", str(-(2**63) - 1)),
    ("-1", "-1"),
    ("-1e400", "-1e400"),
    ("5000 digits", HUGE_DIGITS),
]
NUMBERS = [
    *RAW_NUMBERS,
    *((f'"{label}"', json.dumps(text)) for label, text in RAW_NUMBERS if label != "-1e400"),
]
# (label, JSON text): strings no column may hold. json.dumps escapes surrogates (\udxxx).
BAD_TEXT = [
    ("NUL", json.dumps("ab\x00c")),
    ("lone high surrogate", json.dumps("x\ud800")),
    ("only NUL", json.dumps("\x00")),
    ("lone low surrogate", json.dumps("\udc00x")),
    ("reversed surrogate pair", json.dumps("\ude00\ud83d")),
    ("high surrogate at the end", json.dumps("工资\udbff")),
    ("invalid UTF-8", b'"\xff\xfe"'),  # raw bytes from here on
    ("UTF-8 of a surrogate", b'"\xed\xa0\x80"'),
    ("truncated UTF-8", b'"\xe5\xb7"'),
]
PER_FIELD = 2  # the first BAD_TEXT and RAW_NUMBERS go into every field; all into some
NO_LIMIT_LENGTH = 300_000  # beyond every limit of the API, under the 2.5 MB body limit
LIGATURE = "\ufdfa"  # one character, 18 once NFKC-normalized (as employer names and sites are)
DEEP = b"[" * 1500 + b"]" * 1500  # the reported body: 3 KB


@dataclass(frozen=True)
class Probe:
    """One request: what is sent, and whether it must be refused (else: just no 5xx)."""

    label: str
    method: str
    url: str
    body: bytes | None = None
    content_type: str = "application/json"
    refuse: bool = True
    key: str | None = None  # an Idempotency-Key of its own (else sent without, then with one)
    keyed: bool = True  # a POST is sent again with an Idempotency-Key


# --- the schema: what each endpoint takes ----------------------------------------------


@pytest.fixture(scope="module")
def openapi() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema: dict, name: str) -> dict:
    """{method: operation} of the URL name in the schema (none for excluded endpoints)."""
    found = {}
    for template, ops in schema["paths"].items():
        path = template.replace("{ticket}", "YC-2026-000001").replace("{id}", "1")
        if resolve(path).view_name == name:
            found.update({method.upper(): op for method, op in ops.items()})
    return found


def deref(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    if len(node.get("allOf", ())) == 1:
        rest = {key: value for key, value in node.items() if key != "allOf"}
        return {**deref(schema, node["allOf"][0]), **rest}
    return node


def kinds(schema: dict, node: dict) -> set[str]:
    """The JSON types a leaf takes: string, number, integer, boolean."""
    node = deref(schema, node)
    if "oneOf" in node:
        return set().union(*(kinds(schema, option) for option in node["oneOf"]))
    return {node["type"]} if "type" in node else {"string"} if "enum" in node else set()


def leaves(schema: dict, node: dict, path: tuple = ()) -> Iterator[tuple[tuple, dict]]:
    """(path, schema) of every scalar of a request body; of a list, its first item's."""
    node = deref(schema, node)
    if "properties" in node:
        for key, sub in node["properties"].items():
            if not deref(schema, sub).get("readOnly"):
                yield from leaves(schema, sub, (*path, key))
    elif node.get("type") == "array":
        yield from leaves(schema, node["items"], (*path, 0))
    else:
        yield path, node


def body_fields(schema: dict, operation: dict | None) -> list[tuple[tuple, dict]]:
    content = (operation or {}).get("requestBody", {}).get("content", {})
    node = content.get("application/json", {}).get("schema")
    return list(leaves(schema, node)) if node else []


# --- building requests -------------------------------------------------------------------

MARK = "@@spoilt@@"


def with_value(body: dict, path: tuple, raw: bytes) -> bytes:
    """The JSON of `body` with the value at `path` replaced by the raw JSON text `raw`."""
    data = json.loads(json.dumps(body))
    node = data
    for step, following in zip(path, path[1:], strict=False):
        if isinstance(step, int):
            node.extend({} for _index in range(step + 1 - len(node)))
        elif not isinstance(node.get(step), dict | list):
            node[step] = [] if isinstance(following, int) else {}
        node = node[step]
    if isinstance(path[-1], int):
        node.extend(None for _index in range(path[-1] + 1 - len(node)))
    node[path[-1]] = MARK
    return json.dumps(data).encode().replace(json.dumps(MARK).encode(), raw)


def with_key(body: dict, raw_key: bytes) -> bytes:
    """The JSON of `body` with one more key, the raw JSON string `raw_key`."""
    valid = json.dumps(body).encode()
    return (valid[:-1] + b", " if body else b"{") + raw_key + b": 1}"


def nested(depth: int) -> bytes:
    return b"[" * depth + b"1" + b"]" * depth


def encoded(raw: str | bytes) -> bytes:
    return raw if isinstance(raw, bytes) else raw.encode()


def dotted(path: tuple) -> str:
    return ".".join(map(str, path))


def body_probes(schema: dict, url: str, body: dict, operation: dict | None, kind: str):
    """The spoilt bodies of one class for a POST endpoint."""

    def post(label, raw, **extra):
        return Probe(label, "POST", url, raw, **extra)

    fields = body_fields(schema, operation) or [(("x",), {})]
    if kind == "nesting":
        yield post("1,500 [ (3 KB)", DEEP)
        yield post("1,500 nested objects", b'{"a":' * 1500 + b"1" + b"}" * 1500)
        yield post("100,000 [", nested(100_000))
        yield post("50,000 [ never closed", b"[" * 50_000)
        yield post(f"{dotted(fields[0][0])}: 1,500 levels", with_value(body, fields[0][0], DEEP))
        for path, _leaf in fields:
            deeper = nested(MAX_DEPTH + 1)
            label = f"{dotted(path)}: {MAX_DEPTH + 1} levels"
            yield post(label, with_value(body, path, deeper), keyed=path == fields[0][0])
    elif kind == "unicode":
        for number, (label, raw) in enumerate(BAD_TEXT):
            yield post(f"the whole body: {label}", encoded(raw))
            yield post(f"a key: {label}", with_key(body, encoded(raw)))
            for path, _leaf in fields if number < PER_FIELD else fields[:1]:
                yield post(f"{dotted(path)}: {label}", with_value(body, path, encoded(raw)))
        text = json.dumps({"x": "\ud800"}, ensure_ascii=False).encode("utf-16", "surrogatepass")
        utf16 = "application/json; charset=utf-16"
        yield post("charset utf-16, a lone surrogate", text, content_type=utf16)
        latin1 = "application/json; charset=latin-1"
        yield post("charset latin-1, a NUL", with_key(body, b'"\x00"'), content_type=latin1)
        valid = json.dumps(body).encode()
        for label, key in (("NUL", "k\x00"), ("not ASCII", "ключ"), ("a surrogate", "k\udc80")):
            yield post(f"an Idempotency-Key with {label}", valid, key=key)
    elif kind == "numbers":
        for label, raw in RAW_NUMBERS[:3]:
            yield post(f"the whole body: {label}", raw.encode())
        for path, leaf in fields:
            numeric = bool(kinds(schema, leaf) & {"number", "integer"})
            # Text fields: a number is the wrong type ("10**30" is a fine name for a site).
            for label, raw in NUMBERS if numeric else RAW_NUMBERS[:PER_FIELD]:
                yield post(f"{dotted(path)}: {label}", with_value(body, path, raw.encode()))
    elif kind == "overlong":
        text = json.dumps("工" * NO_LIMIT_LENGTH).encode()
        yield post(f"an unknown key of {NO_LIMIT_LENGTH} characters", with_key(body, text))
        valid = json.dumps(body).encode()
        yield post("an Idempotency-Key of 10,000 characters", valid, key="k" * 10_000)
        for path, leaf in fields:
            node = deref(schema, leaf)
            if "string" not in kinds(schema, leaf) or "enum" in node:
                continue
            limit = node.get("maxLength")
            length = limit + 1 if limit else NO_LIMIT_LENGTH
            text = json.dumps("工" * length).encode()
            label = f"{dotted(path)}: {length} characters"
            yield post(label, with_value(body, path, text), keyed=path == fields[0][0])
            if limit:  # within the limit, but longer than the column once normalized
                text = json.dumps(LIGATURE * limit).encode()
                label = f"{dotted(path)}: {limit} x U+FDFA"
                yield post(label, with_value(body, path, text), refuse=False)


def forged_cursor(query: str) -> str:
    return base64.b64encode(query.encode()).decode()


def query_probes(schema: dict, url: str, operation: dict, kind: str):
    """Spoilt query parameters (and tickets in the path) for a GET endpoint."""
    base, _sep, query = url.partition("?")
    parameters = operation.get("parameters", [])
    params = [param for param in parameters if param["in"] == "query"]
    has_ticket = any(param["name"] == "ticket" for param in parameters if param["in"] == "path")

    def get(label, target, **extra):
        return Probe(label, "GET", target, **extra)

    def with_param(name: str, value: str) -> str:
        kept = [part for part in query.split("&") if part and not part.startswith(f"{name}=")]
        return f"{base}?{'&'.join([*kept, urlencode({name: value})])}"

    def with_ticket(segment: str) -> str:
        return re.sub(r"/cases/[^/]+/", f"/cases/{segment}/", base, count=1)

    if kind == "unicode":
        for param in params:
            yield get(f"?{param['name']}=NUL", with_param(param["name"], "ab\x00c"))
            yield get(f"?{param['name']}=only NUL", with_param(param["name"], "\x00"))
            if param["name"] == "cursor":
                cursor = forged_cursor("p=\x00")
                yield get("?cursor=a position with NUL", with_param("cursor", cursor))
        if has_ticket:
            for label, segment in (
                ("NUL", "%00"),
                ("a ticket and NUL", "YC-2026-000001%00"),
                ("invalid UTF-8", "%FF%FE"),
                ("UTF-8 of a surrogate", "%ED%A0%80"),
            ):
                yield get(f"ticket: {label}", with_ticket(segment))
    elif kind == "numbers":
        for param in params:
            if kinds(schema, param["schema"]) & {"number", "integer"}:
                for label, raw in NUMBERS:
                    value = json.loads(raw) if raw.startswith('"') else raw
                    yield get(f"?{param['name']}={label}", with_param(param["name"], value))
            if param["name"] == "cursor":
                for label, cursor in (
                    ("offset 10**30", f"o={10**30}"),
                    ("offset of 5000 digits", f"o={HUGE_DIGITS}"),
                    ("position 10**30", f"p={10**30}"),
                ):
                    yield get(f"?cursor={label}", with_param("cursor", forged_cursor(cursor)))
        if has_ticket:
            for label, segment in (("2**63", str(2**63)), ("-1", "-1"), ("10**30", str(10**30))):
                yield get(f"ticket: {label}", with_ticket(segment))
        ignored = "?page=10**30 (no such parameter: ignored)"
        yield get(ignored, with_param("page", str(10**30)), refuse=False)
    elif kind == "overlong":
        for param in params:
            yield get(
                f"?{param['name']}=10,000 characters", with_param(param["name"], "1" * 10_000)
            )
        if has_ticket:
            yield get("ticket: 5,000 characters", with_ticket("Y" * 5000))


# --- the world -------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _as_a_real_client_sees_it(settings, monkeypatch):
    """DEBUG off, and no throttle: a 429 would hide what the request itself gets."""
    settings.DEBUG = False
    settings.TRACK_RATE_PER_ADDRESS = settings.TRACK_RATE_PER_TICKET = 10**9
    monkeypatch.setattr(SimpleRateThrottle, "allow_request", lambda self, request, view: True)


def token_client(user) -> Client:
    client = Client(raise_request_exception=False)  # a 500 is answered, not raised
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.create(user=user).key}"
    return client


def case_in(status: str, *, register_case, inspector, head, client) -> Case:
    """A case brought to `status` by the services (closed through the API)."""
    case = register_case()
    steps = ("accepted", "in_progress", "resolved", "closed")
    actions = (services.case_accept, services.case_start, services.case_resolve)
    for step, action in zip(steps, actions, strict=False):
        if status not in steps[steps.index(step) :]:
            break
        case = action(case=case, actor=head if action is services.case_accept else inspector)
    if status == "withdrawal_requested":  # filed, and the complainant asked to withdraw
        case = services.case_accept(case=case, actor=head)
        case = services.case_request_withdrawal(case=case, actor=inspector, reason="已结清")
    if status == "closed":
        url = f"/api/v1/cases/{case.ticket}/close/"
        response = client.post(url, CLOSE_BODY, content_type="application/json")
        assert response.status_code == 200, response.content
    return Case.objects.get(pk=case.pk)


def credit_case(*, register_case, inspector, head, district) -> tuple[Case, int]:
    """A case filed 40 days ago, its order to pay served then and unpaid past its pay-by
    date (tests/builders.py): the basis of a credit consequence. (the case, the order's
    document id)"""
    Desk.objects.get_or_create(office=district, kind="inspection")[0].members.add(inspector)
    with clock.frozen_at(clock.now() - timedelta(days=40)):
        case = register_case()
        referral = dispatch_services.case_route(case_id=case.pk)[0]
        dispatch_services.referral_accept(referral=referral, actor=inspector)
        services.case_accept(case=case, actor=head)
        order = order_to_pay(case, inspector)
    document = case.documents.get(kind="rectification", number=order.number)
    return Case.objects.get(pk=case.pk), document.pk


def credit_target(name, *, register_case, inspector, head, district, supervisor):
    """The credit endpoints' case (and, to decide, the inspector's proposal on it)."""
    case, basis = credit_case(
        register_case=register_case, inspector=inspector, head=head, district=district
    )
    url = f"/api/v1/cases/{case.ticket}/credit-proposals/"
    if name == "api:case-credit-proposals":
        return Target(url, {**VALID_BODIES[name], "basis": basis}, token_client(supervisor))
    proposal = credit_propose(
        case=case,
        actor=inspector,
        measure="joint_punishment",
        basis=case.documents.get(pk=basis),
        grounds="逾期",
    )
    return Target(f"{url}{proposal.pk}/decide/", dict(VALID_BODIES[name]), token_client(head))


@dataclass
class Target:
    url: str
    body: dict | None
    client: Client


@pytest.fixture
def target_of(supervisor, inspector, inspection_head, register_case, district, other_district):
    """target_of(name) -> the URL to sweep (reached as url_of() reaches it) and its body."""

    def make(name: str) -> Target:
        if name in ("api:case-credit-proposals", "api:case-credit-decide"):
            return credit_target(
                name,
                register_case=register_case,
                inspector=inspector,
                head=inspection_head,
                district=district,
                supervisor=supervisor,
            )
        # The acceptance decision and the decision on a withdrawal after filing are the
        # head's (立案审批, 撤销立案); the supervisor does the rest.
        deciding = name in (
            "api:case-accept",
            "api:case-not-accept",
            "api:case-cancel-filing",
            "api:case-continue-ex-officio",
        )
        client = token_client(inspection_head if deciding else supervisor)
        status = ACTION_STATUS.get(name, "registered")
        case = case_in(
            status,
            register_case=register_case,
            inspector=inspector,
            head=inspection_head,
            client=client,
        )
        values = {
            "<case>": case.ticket,
            "<target>": register_case().ticket if name == "api:case-merge" else "",
            "<office>": other_district.pk,
            "<own office>": str(district.pk),
        }

        def filled(data: dict) -> dict:
            return {
                key: values.get(value, value) if isinstance(value, str) else value
                for key, value in data.items()
            }

        world = SimpleNamespace(own=SimpleNamespace(case=case))
        url = url_of(name, RULES[name], world, user=None, own=True).partition("?")[0]
        query = filled(VALID_QUERIES.get(name, {}))
        body = VALID_BODIES.get(name)
        url = f"{url}?{urlencode(query)}" if query else url
        return Target(url, None if body is None else filled(body), client)

    return make


MAIN_TABLES = (
    Case,
    Complainant,
    Employer,
    CaseEvent,
    Consultation,
    IdempotencyRecord,
    Referral,
    Deadline,
)


def state() -> tuple:
    """What a refused request must not change: the main tables' row counts, the cases."""
    counts = ", ".join(
        f"(SELECT COUNT(*) FROM {connection.ops.quote_name(model._meta.db_table)})"
        for model in MAIN_TABLES
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        numbers = tuple(cursor.fetchone())
    fields = ("status", "responsible_office_id", "description", "merged_into_id")
    return numbers, tuple(Case.objects.order_by("pk").values_list(*fields))


def send(client: Client, probe: Probe, key: str | None = None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    if probe.method == "GET":
        return client.get(probe.url, **headers)
    return client.generic("POST", probe.url, probe.body, content_type=probe.content_type, **headers)


def problem(probe: Probe, response) -> str | None:
    """What is wrong with the answer to a probe, or None."""
    status = response.status_code
    if status >= 500 or status == 429 or (probe.refuse and not 400 <= status < 500):
        return f"{status}: {response.content[:200]!r}"
    if status < 400:
        return None
    if not response.get("Content-Type", "").startswith("application/json"):
        return f"{status} is not JSON: {response.content[:200]!r}"
    body = response.json()
    error = body.get("error") if isinstance(body, dict) else None
    if (
        set(body) != {"error"}
        or not isinstance(error, dict)
        or set(error) != {"code", "message", "fields"}
    ):
        return f"{status}, not the API's error shape: {body}"
    if not (
        isinstance(error["message"], str) and error["message"] and isinstance(error["fields"], dict)
    ):
        return f"{status}, an empty message or no fields: {body}"
    unsent = set(error["fields"]) - sent_keys(probe) - {"non_field_errors"}
    if unsent:
        return f"{status} names fields that were not sent: {sorted(unsent)}: {body}"
    return None


def sent_keys(probe: Probe) -> set[str]:
    """The query's parameters, or a body's keys (NUL, surrogates escaped as the API does)."""
    if probe.method == "GET":
        return set(parse_qs(probe.url.partition("?")[2], keep_blank_values=True))
    try:
        data = json.loads(probe.body or b"")
    except (ValueError, RecursionError):
        return set()
    keys = set(data) if isinstance(data, dict) else set()
    escaped = {key.encode("utf-8", "backslashreplace").decode() for key in keys}
    return keys | {key.replace("\x00", "\\x00") for key in escaped}


def found_first(wrong: list[str], probe: Probe) -> bool:
    return any(line.startswith(f"{probe.label}: ") for line in wrong)


def run(client: Client, probe: Probe, with_key: bool) -> list[str]:
    """Send the probe (again with an Idempotency-Key for a POST); what went wrong."""
    wrong = []
    with transaction.atomic():
        before = state()
        first = send(client, probe, key=probe.key)
        found = problem(probe, first)
        if found:
            wrong.append(f"{probe.label}: {found}")
        if with_key and probe.method == "POST" and probe.key is None and probe.keyed:
            keyed = send(client, probe, key=uuid.uuid4().hex)
            found = problem(probe, keyed)
            if found:
                wrong.append(f"{probe.label} (Idempotency-Key): {found}")
            elif probe.refuse and not found_first(wrong, probe):
                plain = (first.status_code, first.json()["error"]["code"])
                with_key_ = (keyed.status_code, keyed.json()["error"]["code"])
                if plain != with_key_:
                    wrong.append(
                        f"{probe.label}: {plain} without an Idempotency-Key, {with_key_} with one"
                    )
        if probe.refuse and state() != before:
            wrong.append(f"{probe.label}: the database changed")
        transaction.set_rollback(True)
    return wrong


# --- the tests -----------------------------------------------------------------------------


def test_the_sweep_covers_every_api_url(openapi):
    """Every API URL is swept, and every POST endpoint of the schema has a valid body."""
    names = {name for name, _route, _pattern in all_url_patterns() if name.startswith("api:")}
    assert names == set(API)
    posts = {name for name in API if "POST" in operations(openapi, name)}
    assert posts == set(VALID_BODIES), "give each POST endpoint a valid body in VALID_BODIES"
    assert {name for name in API if "GET" in operations(openapi, name)} >= set(VALID_QUERIES)


@pytest.mark.parametrize(
    ("name", "method"),
    [*((name, "POST") for name in VALID_BODIES), *((name, "GET") for name in VALID_QUERIES)],
)
def test_what_the_sweep_spoils_is_valid(name, method, target_of):
    """The valid bodies and queries are taken: a refusal comes from the spoilt value alone."""
    target = target_of(name)
    with transaction.atomic():
        if method == "GET":
            response = target.client.get(target.url)
        else:
            url = target.url.partition("?")[0]
            response = target.client.post(url, target.body, content_type="application/json")
        transaction.set_rollback(True)
    assert 200 <= response.status_code < 300, response.content[:500]


def probes_for(name: str, target: Target, schema: dict, kind: str) -> list[Probe]:
    ops = operations(schema, name)
    url, body = target.url, target.body or {}
    probes = []
    if "POST" in ops or not ops:  # the catch-alls, outside the schema, get a POST sweep
        probes += body_probes(schema, url.partition("?")[0], body, ops.get("POST"), kind)
    if "GET" in ops:
        probes += query_probes(schema, url, ops["GET"], kind)
        if kind == "nesting" and "POST" not in ops:  # 405, as JSON
            probes.append(Probe("POST 1,500 [ to a GET endpoint", "POST", url, DEEP))
    return probes


@pytest.mark.parametrize("kind", CLASSES)
@pytest.mark.parametrize("name", API)
def test_malformed_input_is_a_4xx_json_error_that_changes_nothing(name, kind, target_of, openapi):
    target = target_of(name)
    probes = probes_for(name, target, openapi, kind)
    assert probes, f"nothing to send to {name}"
    wrong = []
    for probe in probes:
        wrong += run(target.client, probe, with_key=name in VALID_BODIES)
    assert not wrong, f"{name} {target.url} ({len(probes)} probes):\n" + "\n".join(wrong)


def test_the_reported_deep_body_is_a_json_400_with_debug_off(window):
    """1,500 `[` (3 KB) to cases/ and consultations/: the JSON 400, not an HTML 500."""
    client = token_client(window)
    for url in ("/api/v1/cases/", "/api/v1/consultations/"):
        response = client.post(url, DEEP, content_type="application/json")
        assert response.status_code == 400, response.content[:300]
        assert response["Content-Type"] == "application/json"
        assert response.json()["error"]["code"] == "parse_error"
    assert not Case.objects.exists() and not Consultation.objects.exists()


def test_a_lone_surrogate_with_an_idempotency_key_is_the_400_it_is_without(window):
    raw = b'{"description": "x\\ud800", "complainants": [{"name": "Li", "phone": "13800138000"}]}'
    client = token_client(window)
    plain = client.post("/api/v1/cases/", raw, content_type="application/json")
    keyed = client.post(
        "/api/v1/cases/", raw, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert plain.status_code == keyed.status_code == 400
    assert plain.json() == keyed.json()
    message = "Surrogate characters are not allowed: U+D800."
    assert plain.json()["error"]["fields"] == {"description": [message]}
    assert not Case.objects.exists() and not IdempotencyRecord.objects.exists()


def test_a_surrogate_pair_is_one_character_and_taken(window):
    raw = (
        b'{"description": "\\u5de5\\u8d44 \\ud83d\\ude00", '
        b'"complainants": [{"name": "Li", "phone": "13800138000"}]}'
    )
    response = token_client(window).post("/api/v1/cases/", raw, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Case.objects.get().description == "工资 \U0001f600"


def test_a_nul_in_a_nested_key_is_named_where_it_is(window):
    raw = (
        b'{"description": "x", "complainants": '
        b'[{"name": "Li", "phone": "13800138000"}, {"na\\u0000me": "Wu"}]}'
    )
    response = token_client(window).post("/api/v1/cases/", raw, content_type="application/json")
    assert response.status_code == 400
    error = response.json()["error"]
    message = "Null characters are not allowed."
    assert error["fields"] == {"complainants": [{}, {"na\\x00me": [message]}]}
    assert error["message"] == f"complainants[1].na\\x00me: {message}"


def integer_path_urls(ticket: str) -> Iterator[tuple[str, str]]:
    """(name, URL) of every URL with an integer in its path, the integers beyond bigint."""
    for name, route, pattern in all_url_patterns():
        converters = getattr(pattern.pattern, "converters", {})
        ints = {key for key, conv in converters.items() if type(conv).__name__ == "IntConverter"}
        for huge in (2**63, 10**30) if ints else ():

            def fill(match, huge=huge, ints=ints):
                key = match.group(1)
                return str(huge) if key in ints else ticket if key == "ticket" else "accept"

            yield name, "/" + re.sub(r"<(?:\w+:)?(\w+)>", fill, route)


def test_ids_beyond_bigint_in_any_path_are_a_4xx(supervisor, register_case):
    """Every URL with an integer in its path, pages too: 2**63 and 10**30 are a 4xx."""
    client = Client(raise_request_exception=False)
    client.force_login(supervisor)
    urls = list(integer_path_urls(register_case().ticket))
    assert urls
    wrong = []
    for name, url in urls:
        for method in (client.get, client.post):
            with transaction.atomic():
                response = method(url)
                transaction.set_rollback(True)
            if not 400 <= response.status_code < 500:
                wrong.append(f"{method.__name__.upper()} {name} {url}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


# --- what the sweep found, one by one -----------------------------------------------------


@pytest.mark.parametrize("office", ["1.5", "1e400", "true", '"1.0"', '"١"', "[1]", '{"id": 1}'])
def test_an_office_id_is_a_whole_number_or_nothing(office, supervisor, register_case, district):
    """DRF took 1.5 for office 1 (a transfer!) and 1e400 overflowed int(): a 500."""
    case = register_case()
    body = '{"to_office": ' + office + ', "reason": "用人单位在东区"}'
    response = token_client(supervisor).post(
        f"/api/v1/cases/{case.ticket}/transfer/", body, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert set(response.json()["error"]["fields"]) == {"to_office"}
    assert Case.objects.get(pk=case.pk).responsible_office == district


@pytest.mark.parametrize("value", ["0", "201", "abc", "-1", "1e3", str(10**30)])
def test_a_page_size_out_of_range_is_a_400(value, window, register_case):
    """DRF answered its default for page_size=abc and 200 rows for page_size=10**30."""
    register_case()
    client = token_client(window)
    for url in ("/api/v1/cases/", "/api/v1/consultations/"):
        response = client.get(url, {"page_size": value})
        assert response.status_code == 400, response.content
        assert set(response.json()["error"]["fields"]) == {"page_size"}
    assert len(client.get("/api/v1/cases/", {"page_size": "200"}).json()["results"]) == 1
    assert client.get("/api/v1/cases/", {"page_size": ""}).status_code == 200


def test_overdue_is_true_false_or_nothing(window, register_case):
    """Django's NullBooleanSelect read anything else as "no filter"."""
    register_case()
    client = token_client(window)
    for value in ("maybe", "2", "\x00", "yes"):
        response = client.get("/api/v1/cases/", {"overdue": value})
        assert response.status_code == 400, (value, response.content)
        assert set(response.json()["error"]["fields"]) == {"overdue"}
    for value, rows in (("true", 0), ("false", 1), ("0", 1), ("", 1)):
        response = client.get("/api/v1/cases/", {"overdue": value})
        assert len(response.json()["results"]) == rows, value


@pytest.mark.parametrize(
    "cursor",
    ["!!!", "\x00", "cj0x\x00", forged_cursor(f"o={10**30}"), forged_cursor("o=1001"), "%%%"],
)
def test_a_cursor_drf_could_not_have_written_is_a_400(cursor, window):
    """b64decode skipped what is not base64 and DRF cut big offsets down: a first page."""
    response = token_client(window).get("/api/v1/cases/", {"cursor": cursor})
    assert response.status_code == 400, response.content
    assert set(response.json()["error"]["fields"]) == {"cursor"}


@pytest.mark.parametrize(
    ("field", "body"),
    [
        ("employer", {"employer": {"name": LIGATURE * 200}}),
        ("site", {"site": LIGATURE * 200}),
    ],
)
def test_text_longer_than_its_column_once_normalized_is_refused_by_name(field, body, window):
    """200 x U+FDFA fits the field, but not normalized_name or normalized_site (3,000)."""
    data = {**VALID_BODIES["api:case-list"], **body}
    response = token_client(window).post("/api/v1/cases/", data, content_type="application/json")
    assert response.status_code == 400, response.content
    assert set(response.json()["error"]["fields"]) == {field}
    assert not Case.objects.exists() and not Employer.objects.exists()
