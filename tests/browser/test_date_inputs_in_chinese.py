"""A supervisor working in Chinese keeps the dashboard's period from query to query.

A browser shows an <input type="date"> as empty unless its value is YYYY-MM-DD; the
dashboard used to write the Chinese date format (2026/12/01) there, so the period had to
be typed again for every query. The values are read as the browser holds them
(`input_value`), which is empty for a value the browser could not read.
"""

from datetime import date

import pytest
from browser_steps import open_dashboard
from playwright.sync_api import expect

from config import clock

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def period(page) -> tuple[str, str]:
    return page.locator("#id_date_from").input_value(), page.locator("#id_date_to").input_value()


def show(page, first: str, last: str) -> None:
    page.locator("#id_date_from").fill(first)
    page.locator("#id_date_to").fill(last)
    page.locator("#dashboard-show").click()
    page.wait_for_load_state()


def test_the_chinese_dashboard_keeps_its_period_after_a_query_and_after_an_error(
    page_as, supervisor
):
    page = page_as(supervisor, "zh-hans")
    open_dashboard(page)
    today = clock.today()
    assert period(page) == (today.replace(day=1).isoformat(), today.isoformat())

    show(page, "2025-12-01", "2025-12-31")
    expect(page.locator("#dashboard-period")).to_contain_text("2025")
    assert period(page) == ("2025-12-01", "2025-12-31")
    # The query the page asked for is the one in the address, ready to bookmark.
    assert "date_from=2025-12-01" in page.url and "date_to=2025-12-31" in page.url

    show(page, "2026-02-01", "2026-01-01")
    expect(page.locator(".field.has-error [role=alert]")).to_have_text(
        "统计期间的结束日期早于开始日期。"
    )
    assert period(page) == ("2026-02-01", "2026-01-01")

    show(page, "2020-01-01", "2025-12-31")
    expect(page.locator(".field.has-error [role=alert]")).to_have_text("统计期间最长为三年。")
    assert period(page) == ("2020-01-01", "2025-12-31")


def test_the_chinese_case_list_keeps_its_dates_after_filtering(page_as, supervisor):
    page = page_as(supervisor, "zh-hans")
    page.goto("/cases/")
    registered_from = page.locator("form.filters [name=date_from]")
    registered_from.fill(date(2026, 1, 5).isoformat())
    page.locator("form.filters [name=closed_to]").fill("2999-12-31")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_load_state()
    assert registered_from.input_value() == "2026-01-05"
    assert page.locator("form.filters [name=closed_to]").input_value() == "2999-12-31"

    page.goto("/cases/?date_from=0001-01-01")
    expect(page.locator("form.filters .field.has-error [role=alert]")).to_be_visible()
