"""Real-browser tests: Debian's headless Chromium, driven by Playwright, on Django's live server.

- The browser is the system one (/usr/bin/chromium, installed by `make chromium`, which
  `make test` runs; SHOUWEN_CHROMIUM points elsewhere). Playwright never downloads one.
- Every page lives in its own browser context (one per user and language), so sessions
  and cookies never leak from one user or test to the next.
- Tasks the web process hands to Celery (routing, announcements, notifications) run in
  the live server's thread right after the commit, as a worker would run them, so the
  officer a case is routed to has the referral by the time the receipt is shown.
- A test that fails leaves a full-page screenshot of each page it opened in
  $SHOUWEN_VAR_DIR/browser-failures/ (var/ by default); the report names the files.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from playwright.sync_api import Browser, Page, sync_playwright

from complaints import services as complaints_services
from complaints.models import DeskKind
from dispatch import services as dispatch
from dispatch.models import Deadline, Desk, Referral

CHROMIUM = os.environ.get("SHOUWEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# Accept-Language per site language (the language cookie is set as well).
LOCALES = {"en": "en-US", "zh-hans": "zh-CN"}
# Fail fast on a missing element instead of Playwright's 30 s default.
ACTION_TIMEOUT_MS = 10_000
NAVIGATION_TIMEOUT_MS = 20_000
PAGES = pytest.StashKey[list]()
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


# --- The browser ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Browser:
    """Chromium for one test module.

    Playwright's sync API keeps an asyncio loop running in the test thread while it is
    started. Django then refuses ORM calls from that thread (SynchronousOnlyOperation)
    unless DJANGO_ALLOW_ASYNC_UNSAFE is set; the tests set up data and read results
    through the ORM between browser steps, on purpose and in one thread. Module scope
    stops the loop (and unsets the variable) before the rest of the suite runs, where a
    running loop would break asyncio.run and async_to_sync.
    """
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `make chromium` "
            "(apt-get install chromium fonts-wqy-microhei) or set SHOUWEN_CHROMIUM.",
            pytrace=False,
        )
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    sync_connections = {alias: connections[alias] for alias in connections}
    try:
        with sync_playwright() as playwright:
            _keep_serialized_rollback(sync_connections)
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


def _keep_serialized_rollback(sync_connections) -> None:
    """Give the connections used while the loop runs the migrated data to restore.

    Django keeps a thread's connections in a different store while an asyncio loop is
    running in the thread (asgiref's Local), so the test thread gets fresh connection
    objects, without the data that pytest-django serialized after migrating (groups,
    outcomes, the calendar, routing rules). Without it `serialized_rollback` would
    silently restore nothing after each test's flush.
    """
    for alias, connection in sync_connections.items():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            connections[alias]._test_serialized_contents = contents


@pytest.fixture
def open_page(request, browser, live_server):
    """`open_page(language="en")`: a fresh context on the live server and one page in it."""
    contexts = []
    pages = request.node.stash.setdefault(PAGES, [])

    def open_(language: str = "en") -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            locale=LOCALES[language],
            viewport={"width": 1280, "height": 900},
        )
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        pages.append(page)
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page) -> Page:
    """One English page; log in with `browser_steps.log_in`."""
    return open_page()


@pytest.fixture
def page_as(open_page):
    """`page_as(user, language="en")`: a page in a new context, logged in as `user`."""
    from browser_steps import log_in

    def open_as(user, language: str = "en") -> Page:
        page = open_page(language)
        log_in(page, user.username)
        return page

    return open_as


# --- Celery work in-process ----------------------------------------------------------


@pytest.fixture(autouse=True)
def tasks_run_in_process(monkeypatch):
    """Run each task sent by name at once, in the sending thread (after its commit).

    `send_task` ignores task_always_eager, so it is replaced here; the task body is the
    real one, called through Celery's `apply` as a worker would. A task that fails
    fails the test.
    """
    import dispatch.tasks  # noqa: F401 - registers the tasks by name
    from config.celery import app

    failures = []

    def send_task(name, args=None, kwargs=None, **_options):
        result = app.tasks[name].apply(args=args or (), kwargs=kwargs or {})
        if result.failed():
            failures.append(f"{name}{tuple(args or ())}: {result.traceback}")
        return result

    monkeypatch.setattr(app, "send_task", send_task)
    yield
    assert not failures, "tasks failed in the live server:\n" + "\n".join(failures)


# --- Demo-like data ------------------------------------------------------------------


@pytest.fixture
def desks(district, inspector, desk_officer) -> dict[str, Desk]:
    """The district's five desks, as seed_demo sets them up: its inspector works every
    desk (so routing refers each case to them), the desk officer helps on all but
    inspection."""
    made = {}
    for kind in DeskKind.values:
        desk, _created = Desk.objects.get_or_create(office=district, kind=kind)
        members = [inspector] if kind == DeskKind.INSPECTION else [inspector, desk_officer]
        desk.members.set(members)
        made[kind] = desk
    return made


@pytest.fixture
def open_investigation(register_case, inspector, inspection_head, desks):
    """`open_investigation(**fields)`: a case registered through the service (fields as
    for `register_case`), routed to the inspector after its commit, who took it on, and
    accepted and filed by the head of the inspection body; it returns the running
    60-working-day investigation clock."""

    def open_(**fields) -> Deadline:
        case = register_case(**fields)
        referral = Referral.objects.get(case=case, officer=inspector)
        dispatch.referral_accept(referral=referral, actor=inspector)
        complaints_services.case_accept(case=case, actor=inspection_head)
        return Deadline.objects.get(referral=referral, closed_at__isnull=True)

    return open_


@pytest.fixture
def investigation(open_investigation) -> Deadline:
    """A case under investigation by the inspector: its clock is running."""
    return open_investigation(site="江南一品工地")


# --- Screenshots of failures ---------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


def _failure_dir() -> Path:
    folder = Path(settings.VAR_DIR) / "browser-failures"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _save_screenshots(item) -> list[str]:
    pages = [page for page in item.stash.get(PAGES, []) if not page.is_closed()]
    name = re.sub(r"[^\w.-]+", "_", item.name).strip("_")
    saved = []
    # The page acted on last gets the plain name; earlier users' pages are numbered.
    for number, page in enumerate(reversed(pages)):
        path = _failure_dir() / (f"{name}.png" if number == 0 else f"{name}-{number}.png")
        try:
            page.screenshot(path=str(path), full_page=True, timeout=ACTION_TIMEOUT_MS)
        except Exception as error:  # noqa: BLE001 - a crashed page must not hide the failure
            saved.append(f"(no screenshot of {page.url}: {error})")
            continue
        saved.append(f"{path} ({page.url})")
    return saved


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed and report.when in ("setup", "call") and item.stash.get(PAGES, None):
        saved = _save_screenshots(item)
        if saved:
            report.sections.append(("browser screenshots", "\n".join(saved)))
            terminal = item.config.pluginmanager.get_plugin("terminalreporter")
            if terminal is not None:
                for line in saved:
                    terminal.write_line(f"\nbrowser failure screenshot: {line}")
    return report
