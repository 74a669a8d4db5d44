"""Steps of the inspection procedure, done on the pages as an inspector or the head would:
from the case page's "Inspection procedure" panel (#procedure) to the step's form and back.

Like browser_steps.py, elements are found by URL, field name and id, never by a label, so
the steps run in every language.
"""

import io
from datetime import date

from django.urls import reverse
from docx import Document
from playwright.sync_api import Locator, Page, expect


def _fill(form: Locator, fields: dict) -> None:
    """Each field by name: a select by its option's value, a radio checked, else typed."""
    for name, value in fields.items():
        field = form.locator(f"[name='{name}']")
        tag = field.first.evaluate("element => element.tagName")
        kind = field.first.get_attribute("type")
        if tag == "SELECT":
            field.select_option(value=str(value))
        elif kind == "radio":
            form.locator(f"[name='{name}'][value='{value}']").check()
        elif kind == "file":
            field.set_input_files(value)
        else:
            field.fill(str(value))


def take_next_step(page: Page, slug: str, fields: dict) -> None:
    """Open the panel's "Next steps" link to `procedure/<slug>/`, fill the step's form and
    send it; back on the case page with the success message."""
    page.locator(f"#procedure .procedure-next a[href$='/procedure/{slug}/']").click()
    form = page.locator("#act-form")
    _fill(form, fields)
    page.locator("#act-submit").click()
    expect(page.locator(".case-header h1")).to_be_visible()
    expect(page.locator(".messages .success, .messages li").first).to_be_visible()


def procedure_row(page: Page, text: str) -> Locator:
    """The panel's row of a step or document whose text holds `text` (a number, a title)."""
    return page.locator("#procedure tr.procedure-step").filter(has_text=text).first


def serve(page: Page, text: str, *, method: str, served_on: date, **fields) -> None:
    """Record the service of the document in the row holding `text`: its "Record service"
    link, the form, back on the case page with the row saying when it was served."""
    row = procedure_row(page, text)
    row.locator("a.button[href$='/serve/']").click()
    form = page.locator("#serve-form")
    _fill(form, {"method": method, "served_on": served_on.isoformat(), **fields})
    page.locator("#serve-submit").click()
    expect(procedure_row(page, text).locator("a.button[href$='/serve/']")).to_have_count(0)


def decide_from_the_queue(page: Page, ticket: str, *, decision: str, note: str) -> None:
    """The head opens "Steps to approve", the case's proposal, and decides on it."""
    page.goto(reverse("inspection:approval_queue"))
    page.locator("#approval-queue a", has_text=ticket).first.click()
    _fill(page.locator("#decide-form"), {"decision": decision, "note": note})
    page.locator("#decide-submit").click()
    expect(page.locator(".case-header h1")).to_contain_text(ticket)


def word_text(page: Page, url: str) -> str:
    """The Word file at `url`, downloaded in the user's session and read back with
    python-docx: every paragraph and every table cell, one per line."""
    answer = page.request.get(url)
    assert answer.status == 200, url
    assert answer.headers["content-disposition"].startswith("attachment")
    document = Document(io.BytesIO(answer.body()))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)
