"""Issue #7.10: twenty people use the system at once for a minute; nothing fails, no case
is lost or registered twice.

Real processes (conftest.py): gunicorn with 2 workers, a Celery worker, this test's own
Redis, the test database on PostgreSQL. The demo offices, desks and accounts (seed_demo,
without cases) log in over HTTP, then for DURATION seconds:

- window staff register group cases through the intake page (form, CSRF, 302 to the
  receipt, the receipt) and through the API (token, a unique external_ref and
  Idempotency-Key; every RESEND_EVERY-th request is sent again, as a client retrying after
  a lost answer would, and must be replayed, not registered twice);
- inspectors open My cases, the case list, a case of their office and search for one by
  its employer;
- the public looks cases up on /track/ with the ticket and the last 4 phone digits.

Every answer is recorded: any status outside the expected one, any exception or timeout
fails the test. Afterwards, once the worker has routed everything: each registration is
exactly one case (found by the unique site it was given), there are as many cases as
registrations, and each case was routed exactly once. Throughput and p50/p95 per kind
are printed, not asserted (CI machines differ).
"""

import io
import random
import re
import threading
import time
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from faults_harness import WebClient, free_port, wait_until
from rest_framework.authtoken.models import Token
from routing_checks import pending_count, routed_count, routing_problems

from accounts.models import User
from complaints.models import Case

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DURATION = 60  # seconds of load, as issue #7 asks
REQUEST_TIMEOUT = 30  # seconds; a slower answer is a timeout, hence an error
DRAIN_TIMEOUT = 40  # seconds for the worker to route what was registered
THINK_SECONDS = (0.05, 0.25)  # a pause between two visits of one user
RESEND_EVERY = 4  # every 4th API registration is resent with the same Idempotency-Key
PASSWORD = "load-test-password-2026"

# Per office (seed_demo): its window and its inspector. Users are spread over both.
OFFICES = {"xiling": ("window", "inspector"), "yiling": ("window2", "inspector3")}
PAGE_WINDOWS, API_WINDOWS, INSPECTORS, PUBLIC = 6, 4, 6, 4  # 20 users

KINDS = {
    *("intake form", "intake post", "receipt", "api register", "api resend"),
    *("my cases", "case list", "case page", "search", "track"),
}
TOKEN_RE = re.compile(r'name="token" value="([0-9a-f-]{36})"')
RECEIPT_RE = re.compile(r"^/cases/([^/]+)/receipt/$")
THROTTLES_LIFTED = {
    # API_RATE_INTAKE and API_RATE_PER_USER: already lifted by system_environment.
    "TRACK_RATE_PER_ADDRESS": "1000000",  # every look-up comes from 127.0.0.1
    "TRACK_RATE_PER_TICKET": "1000000",
}


@dataclass(frozen=True)
class Call:
    kind: str
    seconds: float
    problem: str = ""  # empty when the answer was the expected one


@dataclass(frozen=True)
class Registration:
    ticket: str
    site: str  # unique per registration: how the case is found afterwards
    employer: str
    phone_last4: str
    via: str


class Ledger:
    """Every call and every registration, shared by the users' threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self.calls: list[Call] = []
        self.registrations: dict[str, list[Registration]] = defaultdict(list)

    def record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)

    def registered(self, office: str, registration: Registration) -> None:
        with self._lock:
            self.registrations[office].append(registration)

    def pick(self, rng: random.Random, office: str | None = None) -> Registration | None:
        with self._lock:
            offices = [office] if office else list(self.registrations)
            pool = [item for code in offices for item in self.registrations[code]]
        return rng.choice(pool) if pool else None

    def all_registrations(self) -> list[Registration]:
        return [item for items in self.registrations.values() for item in items]

    def errors(self) -> list[Call]:
        return [call for call in self.calls if call.problem]


class SimulatedUser:
    """One person at a keyboard: their own HTTP session, every answer recorded."""

    def __init__(self, client: WebClient, ledger: Ledger, office: str, number: int):
        self.client, self.ledger, self.office, self.number = client, ledger, office, number

    def send(self, kind: str, expected: int, method: str, path: str, check=None, **options):
        """One request; its time and any problem recorded. The response, or None."""
        options = {"allow_redirects": False, "timeout": REQUEST_TIMEOUT, **options}
        started = time.monotonic()
        try:
            response = self.client.session.request(method, self.client.base + path, **options)
        except Exception as error:  # noqa: BLE001 - a timeout or a refused connection
            # The class only: the message may repeat the URL, and with it a look-up's digits.
            self.ledger.record(Call(kind, time.monotonic() - started, type(error).__name__))
            return None
        seconds = time.monotonic() - started
        problem = "" if response.status_code == expected else f"status {response.status_code}"
        if not problem and check is not None:
            problem = check(response)
        self.ledger.record(Call(kind, seconds, problem))
        return None if problem else response

    def group_case(self, turn: int, via: str) -> dict:
        """A group complaint of 3 workers; its site and employer are unique to this turn."""
        marker = f"{via}{self.number:02d}-{turn:05d}"
        phones = [f"13{7 + row}{self.number:02d}{turn:06d}" for row in range(3)]
        return {
            "site": f"压测工地{marker}",
            "employer": f"宜昌压测建筑有限公司{marker}",
            "description": f"压测工地{marker}的3名工人被拖欠三个月工资",
            "workers": list(zip(["张三", "李四", "王五"], phones, strict=True)),
        }

    def registered(self, ticket: str, case: dict, via: str) -> None:
        phone_last4 = case["workers"][0][1][-4:]
        registration = Registration(ticket, case["site"], case["employer"], phone_last4, via)
        self.ledger.registered(self.office, registration)


class WindowAtThePage(SimulatedUser):
    """Window staff: the intake form, a group case, then the receipt."""

    def visit(self, turn: int, rng: random.Random) -> None:
        form = self.send("intake form", 200, "GET", "/cases/new/")
        if form is None:
            return
        token = TOKEN_RE.search(form.text)
        if token is None:
            self.ledger.record(Call("intake form", 0, "no token in the form"))
            return
        case = self.group_case(turn, "P")
        data = {
            "csrfmiddlewaretoken": self.client.session.cookies["csrftoken"],
            "token": token.group(1),
            "channel": "walk_in",
            "category": "wage_arrears",
            "description": case["description"],
            "employer_name": case["employer"],
            "site": case["site"],
            "workers_affected": "3",
            "amount_claimed": "36000",
            "form-TOTAL_FORMS": "3",
            "form-INITIAL_FORMS": "0",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "200",
        }
        for row, (name, phone) in enumerate(case["workers"]):
            data |= {f"form-{row}-name": name, f"form-{row}-phone": phone}

        def to_a_receipt(response) -> str:
            return "" if RECEIPT_RE.match(response.headers.get("Location", "")) else "no receipt"

        referer = {"Referer": f"{self.client.base}/cases/new/"}
        posted = self.send(
            "intake post", 302, "POST", "/cases/new/", to_a_receipt, data=data, headers=referer
        )
        if posted is not None:
            receipt = posted.headers["Location"]
            self.registered(RECEIPT_RE.match(receipt).group(1), case, "page")
            self.send("receipt", 200, "GET", receipt)


class WindowThroughTheApi(SimulatedUser):
    """Window staff's desktop tool: POST /api/v1/cases/ with a token, sometimes twice."""

    def visit(self, turn: int, rng: random.Random) -> None:
        case = self.group_case(turn, "A")
        request = {
            "json": {
                "channel": "hotline",
                "external_ref": f"12345-LOAD-{self.number:02d}-{turn:05d}",
                "category": "wage_arrears",
                "description": case["description"],
                "employer": {"name": case["employer"]},
                "site": case["site"],
                "workers_affected": 3,
                "amount_claimed": "36000.00",
                "complainants": [{"name": name, "phone": phone} for name, phone in case["workers"]],
            },
            "headers": {
                "Authorization": f"Token {self.client.api_token}",
                "Idempotency-Key": str(uuid.uuid4()),
            },
        }
        created = self.send("api register", 201, "POST", "/api/v1/cases/", **request)
        if created is None:
            return
        ticket = created.json()["ticket"]
        self.registered(ticket, case, "api")
        if turn % RESEND_EVERY == 0:  # the answer "was lost": the client sends it again

            def replayed_same_case(response) -> str:
                if response.headers.get("Idempotent-Replayed") != "true":
                    return "not replayed"
                return "" if response.json()["ticket"] == ticket else "another ticket"

            self.send("api resend", 201, "POST", "/api/v1/cases/", replayed_same_case, **request)


class Inspector(SimulatedUser):
    """My cases, the case list, a case of the office, a search for it by its employer."""

    def visit(self, turn: int, rng: random.Random) -> None:
        self.send("my cases", 200, "GET", "/work/")
        self.send("case list", 200, "GET", "/cases/")
        case = self.ledger.pick(rng, self.office)
        if case is None:
            return

        def shows_ticket(response) -> str:
            return "" if case.ticket in response.text else "the case is missing"

        self.send("case page", 200, "GET", f"/cases/{case.ticket}/", shows_ticket)
        self.send("search", 200, "GET", "/cases/", shows_ticket, params={"q": case.employer})


class Public(SimulatedUser):
    """A complainant checking on a case: no account, ticket plus the phone's last 4 digits."""

    def visit(self, turn: int, rng: random.Random) -> None:
        case = self.ledger.pick(rng)
        if case is None:  # the windows have not registered anything yet
            time.sleep(0.2)
            return

        def found(response) -> str:
            return "" if case.ticket in response.text else "not found"

        params = {"ticket": case.ticket, "phone": case.phone_last4}
        self.send("track", 200, "GET", "/track/", found, params=params)


def run_user(user, ledger: Ledger, start: threading.Barrier, deadline: list[float]) -> None:
    rng = random.Random(id(user))
    start.wait()
    turn = 0
    while time.monotonic() < deadline[0]:
        try:
            user.visit(turn, rng)
        except Exception as error:  # noqa: BLE001 - a crashed user must fail the test
            ledger.record(Call("visit", 0, f"{type(user).__name__}: {type(error).__name__}"))
        turn += 1
        time.sleep(rng.uniform(*THINK_SECONDS))


def make_users(port: int, ledger: Ledger) -> list:
    """The 20 users, staff logged in (a few at a time); offices alternate so both are busy."""
    tokens = {
        username: Token.objects.get_or_create(user=User.objects.get(username=username))[0].key
        for username, _inspector in OFFICES.values()
    }
    codes = list(OFFICES)
    plan = [
        (kind, codes[index % len(codes)])
        for kind, count in (
            (WindowAtThePage, PAGE_WINDOWS),
            (WindowThroughTheApi, API_WINDOWS),
            (Inspector, INSPECTORS),
            (Public, PUBLIC),
        )
        for index in range(count)
    ]

    def make(number: int, kind, office: str):
        window, inspector = OFFICES[office]
        client = WebClient(port)
        username = {WindowAtThePage: window, Inspector: inspector}.get(kind)
        if username:
            client.login(username, PASSWORD)
        client.api_token = tokens[window]
        return kind(client, ledger, office, number)

    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(make, number, *user) for number, user in enumerate(plan)]
        return [future.result() for future in futures]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(ledger: Ledger, seconds: float) -> str:
    by_kind = defaultdict(list)
    for call in ledger.calls:
        by_kind[call.kind].append(call.seconds)
    registered = len(ledger.all_registrations())
    lines = [
        f"load: {len(ledger.calls)} requests in {seconds:.0f} s "
        f"({len(ledger.calls) / seconds:.1f}/s), {registered} cases registered "
        f"({registered / seconds:.1f}/s), {len(ledger.errors())} errors",
        f"{'kind':<14}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}",
    ]
    for kind, times in sorted(by_kind.items()):
        lines.append(
            f"{kind:<14}{len(times):>7}{percentile(times, 0.5) * 1000:>9.0f}"
            f"{percentile(times, 0.95) * 1000:>9.0f}{max(times) * 1000:>9.0f}"
        )
    return "\n".join(lines)


def run_load(users: list, ledger: Ledger) -> list[threading.Thread]:
    """Every user in a thread of its own, all starting together, for DURATION seconds."""
    start, deadline = threading.Barrier(len(users) + 1), [0.0]
    threads = [
        threading.Thread(target=run_user, args=(user, ledger, start, deadline), daemon=True)
        for user in users
    ]
    for thread in threads:
        thread.start()
    deadline[0] = time.monotonic() + DURATION
    start.wait()
    for thread in threads:
        thread.join(DURATION + REQUEST_TIMEOUT * 4)
    return [thread for thread in threads if thread.is_alive()]


def one_case_per_registration(registrations: list[Registration]) -> list[str]:
    """What is wrong with the cases in the database, given what the users were answered."""
    cases = list(Case.objects.values_list("pk", "ticket", "site"))
    if len(cases) != len(registrations):
        return [f"{len(cases)} cases for {len(registrations)} registrations"]
    tickets_by_site = defaultdict(list)
    for _pk, ticket, site in cases:
        tickets_by_site[site].append(ticket)
    problems = [
        f"{registration.via} registration {registration.ticket}: cases "
        f"{tickets_by_site[registration.site]}"
        for registration in registrations
        if tickets_by_site[registration.site] != [registration.ticket]
    ]
    return problems + routing_problems([pk for pk, _ticket, _site in cases])


def test_twenty_users_for_a_minute_lose_and_duplicate_no_case(processes, system_env, capsys):
    prepared = time.monotonic()
    port = free_port()
    processes.web(port, **THROTTLES_LIFTED)
    ledger = Ledger()
    with ThreadPoolExecutor(max_workers=1) as background:
        worker_started = background.submit(processes.worker)  # boots meanwhile
        call_command("seed_demo", cases=0, password=PASSWORD, stdout=io.StringIO())
        users = make_users(port, ledger)
        worker_started.result()

    began = time.monotonic()
    hung = run_load(users, ledger)
    ended = time.monotonic()
    report = summary(ledger, ended - began)
    with capsys.disabled():
        print(f"\n{report}\nready to start in {began - prepared:.1f} s (seed, processes, logins)")

    assert hung == [], f"{len(hung)} users still waiting\n{report}"
    errors = Counter((call.kind, call.problem) for call in ledger.errors())
    assert not errors, f"{errors}\n{report}\n{processes.tails()}"
    assert {call.kind for call in ledger.calls} == KINDS, f"a kind of request never ran\n{report}"

    registrations = ledger.all_registrations()
    tickets = [registration.ticket for registration in registrations]
    assert registrations and len(set(tickets)) == len(tickets), "a ticket answered twice"
    drained = wait_until(
        lambda: pending_count() == 0 and routed_count() == len(registrations), DRAIN_TIMEOUT, 0.5
    )
    assert drained, f"{routed_count()} of {len(registrations)} routed\n{processes.tails()}"
    with capsys.disabled():
        print(f"all {len(registrations)} routed {time.monotonic() - ended:.1f} s after the load")
    problems = one_case_per_registration(registrations)
    assert problems == [], problems[:20]
