"""The README's run command brings up the whole system on the embedded defaults.

This test does what `make run` does (minus the install step): `manage.py migrate`,
`manage.py seed_demo`, then `scripts/run.sh`, with DATABASE_URL and REDIS_URL removed so
the embedded defaults are used (SQLite and the filesystem broker, both in a temporary
SHOUWEN_VAR_DIR) even where CI sets them. It then proves, over real HTTP and from the
outside only:

- the web server answers, and the demo `window` account can log in;
- a complaint registered through the intake form gets a ticket and a receipt page;
- a real Celery worker (started by run.sh, not by the test) routes that case: a referral
  row for the ticket appears in the SQLite database;
- the worker and beat both started (their start-up lines are in the run log);
- the run log says what a user needs (the address, the demo accounts, how to stop) and
  none of the start-up noise that means nothing (banners repeated per process, kombu's
  missing host name, Celery's root warning, a favicon 404);
- stopping run.sh with SIGTERM stops all three and leaves nothing listening on the port.

It uses no pytest-django database: the system under test has its own. It takes ~20-40 s.
"""

import contextlib
import http.cookiejar
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "run-command-test-2026"
START_TIMEOUT = 60
ROUTE_TIMEOUT = 60
STOP_TIMEOUT = 40
LOG_TAIL_LINES = 60


# --- The system under test -------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def embedded_environment(var_dir: Path, port: int) -> dict:
    """The caller's environment with every external service switched off."""
    env = dict(os.environ)
    for name in ("DATABASE_URL", "REDIS_URL", "SQLITE_PATH"):
        env.pop(name, None)
    env.update(
        SHOUWEN_VAR_DIR=str(var_dir),
        PORT=str(port),
        DJANGO_SETTINGS_MODULE="config.settings",
        PYTHONUNBUFFERED="1",
        DEMO_PASSWORD=PASSWORD,
    )
    return env


def manage(env: dict, *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, (
        f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
        f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )


def log_tail(log_path: Path) -> str:
    if not log_path.exists():
        return "(no run log)"
    lines = log_path.read_text(errors="replace").splitlines()
    return "\n".join(lines[-LOG_TAIL_LINES:])


def port_is_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def stop(process: subprocess.Popen) -> None:
    """SIGTERM run.sh (it stops its children), then SIGKILL the group if anything lives.

    Signalling the whole group would also hit the Celery pool's children directly, which
    leaves the worker's main process waiting on a lock they held (celery/celery#2700);
    run.sh stops the worker the way a supervisor should.
    """
    with contextlib.suppress(ProcessLookupError):
        os.kill(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    while time.monotonic() < deadline:
        process.poll()  # reaps run.sh itself once it exits
        if not group_alive(process.pid):
            return
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


class RunningSystem:
    def __init__(self, process: subprocess.Popen, port: int, var_dir: Path, log_path: Path):
        self.process, self.port, self.var_dir, self.log_path = process, port, var_dir, log_path

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def fail(self, message: str):
        pytest.fail(f"{message}\n--- last lines of the run log ---\n{log_tail(self.log_path)}")


@pytest.fixture
def system(tmp_path):
    """`make run` without the install step, in tmp_path; stopped (and checked) afterwards."""
    port = free_port()
    env = embedded_environment(tmp_path, port)
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo", "--password", PASSWORD, "--cases", "5")
    log_path = tmp_path / "run.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(ROOT / "scripts" / "run.sh")],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = RunningSystem(process, port, tmp_path, log_path)
    try:
        wait_until_serving(running)
        yield running
    finally:
        stop(process)
        if port_is_open(port):
            running.fail(f"something still listens on port {port} after stopping run.sh")


def wait_until_serving(system: RunningSystem) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if system.process.poll() is not None:
            system.fail(f"scripts/run.sh exited early with status {system.process.returncode}")
        try:
            with urllib.request.urlopen(system.url("/accounts/login/"), timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    system.fail(f"the login page did not answer 200 within {START_TIMEOUT} s")


# --- A browser, just enough of one --------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # the 3xx reaches the caller as an HTTPError with its Location


class Browser:
    def __init__(self, system: RunningSystem):
        self.system = system
        self.cookies = http.cookiejar.CookieJar()
        cookie_handler = urllib.request.HTTPCookieProcessor(self.cookies)
        self.opener = urllib.request.build_opener(cookie_handler)
        self.no_redirect = urllib.request.build_opener(cookie_handler, NoRedirect)

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.cookies if c.name == name), "")

    def get(self, path: str) -> str:
        with self.opener.open(self.system.url(path), timeout=30) as response:
            return response.read().decode()

    def post(self, path: str, data: dict, *, follow: bool = True):
        """POST a form; returns (status, Location header, body)."""
        request = urllib.request.Request(
            self.system.url(path),
            data=urllib.parse.urlencode(data).encode(),
            headers={"Referer": self.system.url(path)},
        )
        opener = self.opener if follow else self.no_redirect
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, response.headers.get("Location", ""), response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", ""), error.read()

    def log_in(self, username: str, password: str) -> None:
        self.get("/accounts/login/")
        data = {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": self.cookie("csrftoken"),
        }
        status, _location, _body = self.post("/accounts/login/", data, follow=False)
        if status != 302 or not self.cookie("sessionid"):
            self.system.fail(f"login as {username!r} failed: status {status}")


def hidden_value(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]+)"', page)
    assert match, f"no {name} field in the page"
    return match.group(1)


def intake_data(page: str) -> dict:
    """The smallest valid intake: a description and one worker with a phone number."""
    return {
        "csrfmiddlewaretoken": hidden_value(page, "csrfmiddlewaretoken"),
        "token": hidden_value(page, "token"),
        "channel": "walk_in",
        "category": "wage_arrears",
        "description": f"工地拖欠两个月工资 (run command test {uuid.uuid4().hex[:8]})",
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "200",
        "form-0-name": "张建国",
        "form-0-phone": "13800138000",
        # The demo data may look like a duplicate; this is a new matter either way.
        "duplicate_decision": "new",
    }


def register_case(browser: Browser) -> str:
    """Registers a complaint at the window; returns its ticket."""
    page = browser.get("/cases/new/")
    status, location, body = browser.post("/cases/new/", intake_data(page), follow=False)
    match = re.search(r"/cases/([^/]+)/receipt/$", location)
    if status != 302 or not match:
        browser.system.fail(
            f"intake did not redirect to a receipt: status {status}, Location {location!r}\n"
            f"{body.decode(errors='replace')[-2000:]}"
        )
    return urllib.parse.unquote(match.group(1))


# --- Checks on the system's own state -----------------------------------------------------


def referral_count(database: Path, ticket: str) -> int:
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5)
    try:
        (count,) = connection.execute(
            "SELECT COUNT(*) FROM dispatch_referral r JOIN complaints_case c "
            "ON r.case_id = c.id WHERE c.ticket = ?",
            [ticket],
        ).fetchone()
        return count
    finally:
        connection.close()


def wait_for_referral(system: RunningSystem, ticket: str) -> None:
    database = system.var_dir / "shouwen.sqlite3"
    deadline = time.monotonic() + ROUTE_TIMEOUT
    while time.monotonic() < deadline:
        try:
            if referral_count(database, ticket) > 0:
                return
        except sqlite3.OperationalError:  # e.g. locked for a moment by a writer
            pass
        time.sleep(0.5)
    system.fail(f"no referral for {ticket} within {ROUTE_TIMEOUT} s: the worker did not route it")


# --- The test -----------------------------------------------------------------------------


def test_run_command_serves_registers_and_routes_on_the_embedded_default(system):
    browser = Browser(system)
    browser.log_in("window", PASSWORD)

    ticket = register_case(browser)
    receipt = browser.get(f"/cases/{urllib.parse.quote(ticket)}/receipt/")
    if ticket not in receipt:
        system.fail(f"the receipt page does not show the ticket {ticket}")

    wait_for_referral(system, ticket)

    log = system.log_path.read_text(errors="replace")
    if "ready." not in log:
        system.fail("the run log has no Celery worker 'ready.' line")
    if "beat: Starting..." not in log:
        system.fail("the run log has no 'beat: Starting...' line")
    if "embedded filesystem queue" not in log:
        system.fail("run.sh did not report the embedded broker")


def test_a_clean_start_says_what_a_user_needs_and_nothing_that_means_nothing(system):
    with urllib.request.urlopen(system.url("/favicon.ico"), timeout=10) as response:
        assert response.status == 200  # browsers ask for it on every first visit
    time.sleep(1)  # the request line reaches the log

    log = system.log_path.read_text(errors="replace")
    for needed in (
        f"Shouwen is running on http://127.0.0.1:{system.port}/",
        "window ",
        "supervisor ",
        f"(password: {PASSWORD})",
        "Press Ctrl-C to stop.",
    ):
        if needed not in log:
            system.fail(f"the run log does not say {needed!r}")
    for noise in (
        "AXES: BEGIN",
        "No hostname was supplied",
        "superuser privileges",
        "Not Found: /favicon.ico",
        "-------------- celery@",  # the worker's banner
        "WARNING: This is a development server",
    ):
        if noise in log:
            system.fail(f"the run log still prints {noise!r}")
    if log.count("celery@") > 1:  # the "ready" line only
        system.fail("the worker announces itself more than once")


def make_dry_run(target: str, tmp_path: Path) -> str:
    """The commands `make TARGET` would run on a machine with nothing installed yet."""
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", target, f"VENV={tmp_path / 'venv'}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_run_command_installs_what_running_needs_and_the_test_command_the_rest(tmp_path):
    run = make_dry_run("run", tmp_path)
    assert "pip install --quiet -e ." in run
    assert "[test]" not in run  # no pytest, Playwright, schemathesis or ruff to run the system

    test = make_dry_run("test", tmp_path)
    assert "pip install --quiet -e '.[test]'" in test
