"""The lists of cases and the dashboard on a 1366x768 office screen, in both languages.

A bureau's ordinary desktop monitor is 1366 px wide. On it no page may scroll sideways,
a ticket number, a date or a status must read as one unit (never `YC-2026-` above
`000249`), and the dashboard's first screen is its summary: the 24-month trends are
folded away until asked for, so the page is not thousands of pixels tall.

The office has two years of cases: one registered each month against employers with
long names, some still waiting at the desk (overdue), some being investigated, some
done, one under supervision, and three registered today.
"""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from browser_steps import log_in
from django.urls import reverse
from playwright.sync_api import Page, expect

from complaints.models import Case
from complaints.services import ComplainantData, EmployerData
from config import clock
from dispatch import services as dispatch
from dispatch.models import Referral
from dispatch.services.chasing import chase_deadlines

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHANGHAI = ZoneInfo("Asia/Shanghai")
OFFICE_SCREEN = {"width": 1366, "height": 768}
# The summary (with the acceptance decisions' four rows and the advances' two), the
# dimension filters, the overdue list and the period's breakdowns with the inspection
# procedure's table (16 rows), some five screens; the 24-month tables and charts, unfolded,
# add more than 5,000 px, the wage-arrears return (folded too) 900.
DASHBOARD_MAX_HEIGHT = 4000
MONTHS = 24
EMPLOYERS = [
    "宜昌市西陵区长江大道建筑劳务有限责任公司",
    "湖北三峡国际物流园区建设工程有限公司第三项目部",
    "宜昌夷陵物业公司",
]
SITES = ["长江大道与发展大道交叉口东北角江南一品二期工地", "峡江小区三期", ""]
TICKET = re.compile(r"^[A-Z]+-\d{4}-\d{6}$")


def _month_start(today: date, months_ago: int) -> date:
    month = today.year * 12 + today.month - 1 - months_ago
    return date(month // 12, month % 12 + 1, 1)


def _workers(index: int) -> list[ComplainantData]:
    return [
        ComplainantData(name=name, phone=f"1390000{index:02d}{number:02d}")
        for number, name in enumerate(["王小明", "李建国", "张秀英"][: 1 + index % 3])
    ]


@pytest.fixture
def two_years(register_case, desks, inspector, supervisor):
    """A case registered each month for 24 months, routed to the inspector's desk (every
    fourth left unaccepted, every fourth done), three registered today."""
    today = clock.today()
    for months_ago in range(MONTHS, 0, -1):
        day = _month_start(today, months_ago).replace(day=10)
        registered = datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI)
        with clock.frozen_at(registered):
            case = register_case(
                employer=EmployerData(name=EMPLOYERS[months_ago % 3]),
                site=SITES[months_ago % 3],
                complainants=_workers(months_ago),
            )
        if months_ago % 4 == 0:
            continue  # still waiting at the desk
        referral = Referral.objects.get(case=case, officer=inspector)
        with clock.frozen_at(registered + timedelta(days=1)):
            referral = dispatch.referral_accept(referral=referral, actor=inspector)
        if months_ago % 4 == 1:
            with clock.frozen_at(registered + timedelta(days=20)):
                dispatch.referral_finish(referral=referral, actor=inspector, note="已支付")
    for index in range(3):
        register_case(employer=EmployerData(name=EMPLOYERS[index]), site=SITES[index])
    chase_deadlines()
    dispatch.supervision_start(
        case=Case.objects.order_by("pk").first(),
        actor=supervisor,
        instructions="请于本周内约谈用人单位负责人。",
        report_by=today + timedelta(days=7),
    )
    return Case.objects.count()


def on_office_screen(open_page, user, language: str) -> Page:
    page = open_page(language)
    page.set_viewport_size(OFFICE_SCREEN)
    log_in(page, user.username)
    return page


def horizontal_overflow(page: Page) -> int:
    """How far the page scrolls sideways (0: it fits the window)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def broken_units(page: Page) -> list[str]:
    """Ticket numbers, dates and statuses in the page's tables that span more than one
    line: a ticket link, a status label, a date's text each must be one line box."""
    return page.evaluate(
        r"""ticketPattern => {
        const ticket = new RegExp(ticketPattern);
        const date = /^\d{4}-\d{2}(-\d{2})?( \d{2}:\d{2})?$/;
        const broken = [];
        for (const link of document.querySelectorAll("main table a")) {
            if (ticket.test(link.textContent.trim()) && link.getClientRects().length !== 1) {
                broken.push("ticket " + link.textContent.trim());
            }
        }
        for (const label of document.querySelectorAll("main table .status")) {
            if (label.getClientRects().length !== 1) broken.push("status " + label.textContent);
        }
        const texts = document.createTreeWalker(
            document.querySelector("main"), NodeFilter.SHOW_TEXT,
            {acceptNode: node => node.parentElement.closest("table") && date.test(node.data.trim())
                ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP});
        for (let node = texts.nextNode(); node; node = texts.nextNode()) {
            const range = document.createRange();
            range.selectNodeContents(node);
            const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
            if (lines.size !== 1) broken.push("date " + node.data.trim());
        }
        return broken;
    }""",
        TICKET.pattern,
    )


def hidden_columns(page: Page) -> list[int]:
    """By how much each table is wider than its box (0: every column in view)."""
    return page.evaluate(
        "[...document.querySelectorAll('main table')]"
        ".map(table => table.parentElement.scrollWidth - table.parentElement.clientWidth)"
        ".filter(hidden => hidden > 0)"
    )


def tickets_shown(page: Page) -> int:
    return page.locator("main table a").filter(has_text=TICKET).count()


def list_pages(employer_id: int) -> list[tuple[str, str]]:
    return [
        ("case list", reverse("complaints:case_list")),
        ("My cases", reverse("dispatch:my_cases") + "?scope=office"),
        ("desk queue", reverse("dispatch:desk_queue")),
        ("employer", reverse("complaints:employer_detail", args=[employer_id])),
        ("dashboard", reverse("reports:dashboard")),
    ]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_case_lists_and_the_dashboard_fit_an_office_screen(
    open_page, supervisor, two_years, language
):
    assert two_years == MONTHS + 3
    employer_id = Case.objects.filter(employer__name=EMPLOYERS[0]).first().employer_id
    page = on_office_screen(open_page, supervisor, language)
    wrong = []
    for name, url in list_pages(employer_id):
        page.goto(url)
        expect(page.locator("main h1").first).to_be_visible()
        assert tickets_shown(page) > 0, f"{name}: no ticket listed, nothing was checked"
        if (overflow := horizontal_overflow(page)) > 0:
            wrong.append(f"{name}: the page scrolls sideways by {overflow} px")
        if hidden := hidden_columns(page):
            wrong.append(f"{name}: a table hides {hidden} px of its columns")
        if broken := broken_units(page):
            wrong.append(f"{name}: broken across lines: {', '.join(broken[:5])}")
    assert not wrong, f"{language}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_dashboard_opens_on_its_summary_with_the_trends_folded(
    open_page, supervisor, two_years, language
):
    page = on_office_screen(open_page, supervisor, language)
    page.goto(reverse("reports:dashboard"))
    headline = page.locator("#table-headline")
    expect(headline).to_be_visible()
    assert headline.bounding_box()["y"] < OFFICE_SCREEN["height"], "the summary is off screen"
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= DASHBOARD_MAX_HEIGHT, f"the dashboard is {height} px tall"

    # The folded 24-month table is one click away, all of it, and still fits sideways.
    by_desk = page.locator("#table-desk_trend")
    expect(by_desk).to_be_hidden()
    page.locator("#fold-desk_trend > summary").click()
    expect(by_desk).to_be_visible()
    assert by_desk.locator("tbody tr").count() == 5 * MONTHS
    assert horizontal_overflow(page) <= 0
