"""The window's migrant-worker marks at intake: one keystroke each, their default following
the category and the construction flag until a row is typed in, and what is saved."""

import pytest
from browser_steps import fill_one_worker, group_of_workers, register_and_reach_the_receipt
from django.urls import reverse
from playwright.sync_api import expect

from complaints.models import Case

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def mark(page, row: int):
    return page.locator(f"[name='form-{row}-is_migrant_worker']")


def test_the_marks_follow_the_category_and_the_construction_flag(page_as, window, inspector, desks):
    page = page_as(window)
    page.goto(reverse("complaints:intake"))
    category = page.locator("select[name='category']")
    construction = page.locator("input[name='is_construction']")
    expect(category).to_have_value("wage_arrears")
    expect(mark(page, 0)).to_be_checked()  # wage arrears: migrant workers by default

    category.select_option("labor_contract")
    expect(mark(page, 0)).not_to_be_checked()
    construction.check()
    expect(mark(page, 0)).to_be_checked()

    first, second = group_of_workers(2)
    fill_one_worker(page, first, row=0)
    mark(page, 0).press(" ")  # the exception: one keystroke unmarks this worker
    expect(mark(page, 0)).not_to_be_checked()
    construction.uncheck()  # a typed-in row keeps what the clerk chose
    expect(mark(page, 0)).not_to_be_checked()
    construction.check()
    expect(mark(page, 0)).not_to_be_checked()

    # The rows nobody typed in follow the default (construction: marked).
    expect(mark(page, 1)).to_be_checked()
    fill_one_worker(page, second, row=1)
    expect(mark(page, 1)).to_be_checked()

    page.locator("#id_description").fill("劳动合同纠纷，工地 Labor contract dispute on a site")
    page.locator("[name='employer_name']").fill("宜昌某某建筑有限公司")
    ticket = register_and_reach_the_receipt(page)

    case = Case.objects.get(ticket=ticket)
    assert case.is_construction
    marks = dict(case.complainants.values_list("name", "is_migrant_worker"))
    assert marks == {first.name: False, second.name: True}
