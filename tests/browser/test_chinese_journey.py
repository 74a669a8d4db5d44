"""The window and the inspector work in Simplified Chinese, the bureau's language."""

import pytest
from browser_steps import (
    accept_referral,
    add_note,
    group_of_workers,
    open_case,
    pdf_pages,
    print_receipt,
    register_group_case,
)
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_intake_receipt_and_case_page_in_chinese(page_as, window, inspector, desks):
    workers = group_of_workers(3)
    page = page_as(window, "zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.get_by_role("link", name="投诉登记").click()
    expect(page.get_by_role("heading", name="投诉登记", level=1)).to_be_visible()
    expect(page.locator("#intake-form legend").nth(1)).to_have_text("劳动者")
    expect(page.locator("#more-rows")).to_have_text("添加更多行")
    expect(page.locator("#register")).to_have_text("登记并打印回执")

    ticket = register_group_case(
        page,
        workers,
        description="江南一品工地拖欠工资两个月",
        employer="宜昌江南置业有限公司",
        typed=2,
    )
    expect(page.locator("#receipt h1")).to_have_text("投诉登记回执")
    expect(page.locator("#receipt .receipt-facts dt").first).to_have_text("登记编号")
    printed = "\n".join(text for _size, text in pdf_pages(print_receipt(page)))
    assert "登记编号" in printed and ticket in printed

    page = page_as(inspector, "zh-hans")
    open_case(page, ticket)
    expect(page.get_by_role("heading", name="投诉人及工资台账")).to_be_visible()
    expect(page.get_by_role("heading", name="办理记录")).to_be_visible()
    expect(page.locator("#referrals form[action$='/accept/'] button")).to_have_text("本科室接收")
    accept_referral(page)
    add_note(page, "已通知用人单位负责人到队说明情况。")
    expect(page.locator(".messages")).to_contain_text("已添加备注。")
    expect(page.get_by_role("button", name="添加备注")).to_be_visible()
