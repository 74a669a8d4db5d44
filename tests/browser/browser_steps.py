"""Steps of a user's journey through Shouwen, each done on the page as a person would.

Every step takes a Playwright page (logged in as the right user), clicks and types, and
returns once the page shows the result, so steps chain without sleeps. Elements are
found by form action, field name or status class, never by a label, so the same steps
run in every language; the tests assert the labels themselves.

To add a step for a new feature: one small function here, named after what the user
does (`upload_evidence(page, ...)`), ending on an `expect` of what the user then sees.
"""

import io
import re
import struct
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.urls import NoReverseMatch, reverse
from playwright.sync_api import Download, Locator, Page, expect
from pypdf import PdfReader

PASSWORD = "pw-for-tests-2026"  # tests/conftest.py make_user
# A4 in PostScript points (210 x 297 mm), as Chromium writes the page box.
A4_POINTS = (595.0, 842.0)


@dataclass(frozen=True)
class Worker:
    name: str
    phone: str
    owed: Decimal


_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"


def group_of_workers(count: int, *, first_owed: Decimal = Decimal("3000")) -> list[Worker]:
    """`count` workers with distinct three-character names, mobiles and amounts owed."""
    return [
        Worker(
            name=_SURNAMES[index % 20] + _GIVEN[(index // 20) % 20] + _GIVEN[index % 20],
            phone=f"1390000{index:04d}",
            owed=first_owed + 100 * index,
        )
        for index in range(count)
    ]


# --- Accounts ------------------------------------------------------------------------


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto(reverse("accounts:login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("header .who")).to_be_visible()


# --- The window ----------------------------------------------------------------------


def register_group_case(
    page: Page,
    workers: list[Worker],
    *,
    description: str,
    employer: str,
    site: str = "",
    typed: int = 5,
    duplicate_of: str = "",
) -> str:
    """Register a walk-in group complaint; the first `typed` workers are typed into rows
    (adding rows with "More rows"), the rest pasted as spreadsheet lines. Returns the
    ticket shown on the receipt the window lands on.

    `duplicate_of`: the open case the window is warned about (same employer); the window
    decides it is another matter and registers a new case."""
    page.goto(reverse("complaints:intake"))
    expect(page.locator("#intake-form")).to_be_visible()
    page.locator("#id_description").fill(description)
    page.locator("#id_channel").select_option("walk_in")
    page.locator("#id_category").select_option("wage_arrears")
    _type_worker_rows(page, workers[:typed])
    if workers[typed:]:
        paste_workers(page, workers[typed:])
    page.locator("#id_employer_name").fill(employer)
    page.locator("#id_site").fill(site)
    page.locator("#id_workers_affected").fill(str(len(workers)))
    page.locator("#register").click()
    if duplicate_of:
        expect(page.locator("#duplicates")).to_contain_text(duplicate_of)
        page.locator("#duplicates [name=duplicate_decision][value=new]").click()
    page.wait_for_url(re.compile(r"/receipt/$"))
    ticket = page.locator("#receipt .ticket")
    expect(ticket).to_be_visible()
    return ticket.inner_text().strip()


def _type_worker_rows(page: Page, workers: list[Worker]) -> None:
    rows = page.locator("#worker-rows tbody tr.worker-row")
    while rows.count() < len(workers):
        before = rows.count()
        page.locator("#more-rows").click()
        expect(rows).to_have_count(before + 1)
    for index, worker in enumerate(workers):
        page.locator(f"[name='form-{index}-name']").fill(worker.name)
        page.locator(f"[name='form-{index}-phone']").fill(worker.phone)
        page.locator(f"[name='form-{index}-owed_amount']").fill(str(worker.owed))


def paste_workers(page: Page, workers: list[Worker]) -> None:
    """Paste lines as copied from a spreadsheet: name, phone, ID number, amount owed."""
    page.locator("details.paste summary").click()
    lines = "\n".join(f"{w.name}\t{w.phone}\t\t{w.owed}" for w in workers)
    page.locator("#id_paste").fill(lines)


def preview_paste(page: Page, lines: str) -> Locator:
    """Put `lines` in the paste box (opening it if needed) and ask for the preview; returns
    the preview the server sends back (nothing is saved)."""
    box = page.locator("details.paste")
    if not box.evaluate("details => details.open"):
        box.locator("summary").click()
    page.locator("#id_paste").fill(lines)
    page.locator("#preview-paste").click()
    preview = page.locator("#paste-preview")
    expect(preview).to_be_focused()
    return preview


def fill_one_worker(page: Page, worker: Worker, row: int = 0) -> None:
    page.locator(f"[name='form-{row}-name']").fill(worker.name)
    page.locator(f"[name='form-{row}-phone']").fill(worker.phone)


def register_expecting_errors(page: Page) -> None:
    """Click Register on a form the server will refuse; returns on the re-shown form."""
    page.locator("#register").click()
    expect(page.locator("#error-summary")).to_be_visible()


def register_and_reach_the_receipt(page: Page) -> str:
    """Click Register on a complete form; returns the ticket on the receipt."""
    page.locator("#register").click()
    page.wait_for_url(re.compile(r"/receipt/$"))
    ticket = page.locator("#receipt .ticket")
    expect(ticket).to_be_visible()
    return ticket.inner_text().strip()


def print_receipt(page: Page) -> bytes:
    """What the Print button sends to the printer: the receipt page in print media, A4."""
    return print_document(page)


def print_document(page: Page) -> bytes:
    """What the Print button of a printable document (the receipt, a notice, an order) sends
    to the printer: the page in print media, A4."""
    page.emulate_media(media="print")
    try:
        expect(page.locator(".site-header")).to_be_hidden()
        return page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    finally:
        page.emulate_media(media="screen")


def pdf_pages(pdf: bytes) -> list[tuple[tuple[float, float], str]]:
    """Each page of a PDF as ((width, height) in points, its text)."""
    reader = PdfReader(io.BytesIO(pdf))
    return [
        ((float(page.mediabox.width), float(page.mediabox.height)), page.extract_text())
        for page in reader.pages
    ]


# --- Cases ---------------------------------------------------------------------------


def cases_url() -> str:
    """Where an officer finds their cases: "My cases" once it exists, else the case list."""
    try:
        return reverse("dispatch:my_cases")
    except NoReverseMatch:
        return reverse("complaints:case_list")


def open_case(page: Page, ticket: str, listing: str | None = None) -> None:
    """Open a case from a list of cases: `listing` (a URL), by default the user's own."""
    page.goto(listing or cases_url())
    page.get_by_role("link", name=ticket, exact=True).first.click()
    expect(page.locator(".case-header h1")).to_contain_text(ticket)


def expect_status(page: Page, status: str) -> None:
    expect(page.locator(".case-header h1 .status")).to_have_class(
        re.compile(rf"\bstatus-{status}\b")
    )


def add_note(page: Page, text: str) -> None:
    form = page.locator("form.note-form")
    form.locator("[name=text]").fill(text)
    form.locator("button[type=submit]").click()
    expect(page.locator(".timeline blockquote", has_text=text)).to_be_visible()


def _details_with_form(page: Page, action_suffix: str) -> Locator:
    """A folded <details> panel holding the form that posts to `...action_suffix`."""
    form = page.locator(f"form[action$='{action_suffix}']")
    return page.locator("details").filter(has=form).last


def case_action(page: Page, action: str, then_status: str, **fields) -> None:
    """Do a workflow action from the Actions column (its form fields are prefixed with
    the action); `fields` by field name, a select by its option label."""
    panel = _details_with_form(page, f"/actions/{action}/")
    panel.locator("summary").first.click()
    form = panel.locator("form")
    for name, value in fields.items():
        field = form.locator(f"[name='{action}-{name}']")
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    form.locator("button[type=submit]").click()
    expect_status(page, then_status)


def propose_acceptance(page: Page, reason: str = "") -> None:
    """An inspector proposes to accept and file the case, on the acceptance panel."""
    panel = page.locator("#decision-form")
    panel.locator("summary").first.click()
    panel.locator("input[name='decision-ground'][value='accept']").check()
    panel.locator("[name='decision-reason']").fill(reason)
    panel.locator("button[name='act'][value='propose']").click()
    expect(page.locator("#acceptance .decision-proposed")).to_be_visible()


def approve_acceptance(page: Page) -> None:
    """The head of the inspection body approves the proposal: the case is filed."""
    page.locator("#acceptance form[action$='/approve/'] button").click()
    expect_status(page, "accepted")


def start_case_work(page: Page) -> None:
    case_action(page, "start", "in_progress")


def resolve_case(page: Page, note: str = "") -> None:
    case_action(page, "resolve", "resolved", note=note)


def close_case(
    page: Page,
    *,
    outcome: str,
    followup_at: datetime,
    followup_method: str,
    followup_result: str,
    satisfaction: str,
) -> None:
    """Close with the outcome and the follow-up call; choices by their visible labels."""
    case_action(
        page,
        "close",
        "closed",
        outcome=outcome,
        followup_at=followup_at.strftime("%Y-%m-%dT%H:%M"),
        followup_method=followup_method,
        followup_result=followup_result,
        satisfaction=satisfaction,
    )


# --- Evidence ------------------------------------------------------------------------


def tiny_png() -> bytes:
    """A valid 1x1 white PNG, as a phone camera's photo would be a (much larger) PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1x1, 8-bit RGB
    pixels = zlib.compress(b"\x00\xff\xff\xff")  # filter byte, one white pixel
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def upload_evidence(page: Page, path, *, kind: str, description: str = "") -> Locator:
    """Upload a file from the case page's evidence section (`kind` is the stored code);
    returns the link to download it, once the evidence table lists it."""
    form = page.locator("form.evidence-form")
    page.locator("details").filter(has=form).locator("summary").click()
    form.locator("[name=kind]").select_option(kind)
    form.locator("[name=file]").set_input_files(path)
    form.locator("[name=description]").fill(description)
    form.locator("button[type=submit]").click()
    link = page.locator("table.evidence a", has_text=path.name)
    expect(link).to_be_visible()
    return link


# --- Findings, orders to pay and supervision -----------------------------------------


def record_order_to_pay(
    page: Page,
    *,
    findings: str,
    amount_found: Decimal,
    pay_by: date,
    second_inspector: str,
) -> Locator:
    """Record the findings and an order to pay by a date, each worker's amount as the form
    proposes it (owed less recovered), signed with `second_inspector` (the name shown);
    returns the order's card."""
    panel = _details_with_form(page, "/order/")
    panel.locator("summary").click()
    form = panel.locator("form")
    form.locator("[name='order-findings']").fill(findings)
    form.locator("[name='order-amount_found']").fill(str(amount_found))
    form.locator("[name='order-pay_by']").fill(pay_by.isoformat())
    form.locator("[name='order-second_inspector']").select_option(label=second_inspector)
    form.locator("button[type=submit]").click()
    order = page.locator("article.rectification-order").last
    expect(order.locator("time")).to_have_attribute("datetime", pay_by.isoformat())
    return order


def open_printable_order(page: Page, order: Locator) -> None:
    order.locator("a[href*='/orders/']").click()
    expect(page.locator("#document")).to_be_visible()


def back_to_case(page: Page, ticket: str) -> None:
    """From a document of the case (receipt, order), its "Open the case" link."""
    page.locator(f"a[href$='/cases/{ticket}/']").first.click()
    expect(page.locator(".case-header h1")).to_contain_text(ticket)


def record_order_complied(page: Page, order: Locator) -> None:
    """ "Paid as ordered": the order's pay-by date is met."""
    order.locator("form[action$='/complied/'] button").click()
    expect(order.locator("form[action$='/complied/']")).to_have_count(0)


def put_under_supervision(page: Page, *, instructions: str, report_by: date) -> None:
    """A supervisor puts the case under supervision (督办) from its case page."""
    panel = page.locator("details.supervision-start")
    panel.locator("summary").click()
    panel.locator("[name='supervision-instructions']").fill(instructions)
    panel.locator("[name='supervision-report_by']").fill(report_by.isoformat())
    panel.locator("button[type=submit]").click()
    expect(page.locator("#supervision .supervision-instructions")).to_be_visible()


def report_on_supervision(page: Page, report: str) -> None:
    """The officer working the case reports back to the supervisor."""
    form = page.locator("#supervision form[action$='/supervision/report/']")
    form.locator("[name='supervision-report']").fill(report)
    form.locator("button[type=submit]").click()
    expect(page.locator("#supervision .facts")).to_contain_text(report)


# --- The desk's referral -------------------------------------------------------------


def _referral(page: Page) -> Locator:
    return page.locator("#referrals article.referral").first


def expect_referral_status(page: Page, status: str) -> None:
    expect(_referral(page).locator("h3 .status")).to_have_class(re.compile(rf"\bstatus-{status}\b"))


def accept_referral(page: Page) -> None:
    """ "Accept for this desk": the desk takes the case (meets the acceptance limit)."""
    _referral(page).locator("form[action$='/accept/'] button").click()
    expect_referral_status(page, "accepted")


def start_referral_work(page: Page) -> None:
    _referral(page).locator("form[action$='/start/'] button").click()
    expect_referral_status(page, "in_progress")


def finish_referral(page: Page, note: str = "") -> None:
    """ "Desk's part done": when it was the last desk working, the case is resolved."""
    panel = _details_with_form(page, "/finish/")
    panel.locator("summary").click()
    panel.locator("[name=note]").fill(note)
    panel.locator("form button[type=submit]").click()
    expect_referral_status(page, "done")


def _send_clock_form(page: Page, action: str, reason: str) -> None:
    """Open the running time limit's row ("Clock" panel) holding the form that posts to
    `action`, and send it with `reason`."""
    form_selector = f"form[action$='{action}']"
    row = page.locator("table.deadlines tbody tr").filter(has=page.locator(form_selector))
    row.locator("summary").click()
    form = row.locator(form_selector)
    form.locator("[name=reason]").fill(reason)
    form.locator("button[type=submit]").click()


def approve_extension(page: Page, reason: str) -> None:
    """A supervisor extends the running time limit from its "Clock" panel."""
    _send_clock_form(page, "/extend/", reason)
    expect(page.locator("form[action$='/extend/']")).to_have_count(0)


def request_extension(page: Page, reason: str) -> None:
    """An officer asks a supervisor to extend the running time limit ("Clock" panel)."""
    _send_clock_form(page, "/request/", reason)
    expect(page.locator(".extension-pending", has_text=reason)).to_be_visible()


def approve_extension_request(page: Page) -> None:
    """A supervisor approves the extension an officer asked for."""
    pending = page.locator(".extension-pending")
    pending.locator("form[action$='/approve/'] button").click()
    expect(pending).to_have_count(0)


# --- The wage ledger -----------------------------------------------------------------


def ledger_row(page: Page, worker_name: str) -> Locator:
    return page.locator("table.ledger tbody tr").filter(
        has=page.locator("span.person-name").get_by_text(worker_name, exact=True)
    )


def recovered(page: Page, worker_name: str) -> Decimal:
    return Decimal(ledger_row(page, worker_name).locator("td").nth(4).inner_text().strip())


def record_payment(page: Page, worker_name: str, amount: Decimal, paid_on: date) -> None:
    """Record one payment to a worker; done when their recovered amount has grown by it."""
    expected = recovered(page, worker_name) + amount
    panel = _details_with_form(page, "/payments/")
    panel.locator("summary").click()
    form = panel.locator("form")
    form.locator("[name=complainant]").select_option(label=worker_name)
    form.locator("[name=amount]").fill(str(amount))
    form.locator("[name=paid_on]").fill(paid_on.isoformat())
    form.locator("button[type=submit]").click()
    cell = ledger_row(page, worker_name).locator("td").nth(4)
    expect(cell).to_have_text(f"{expected:.2f}")


def ledger_totals(page: Page) -> tuple[str, str]:
    """(owed, recovered) as the ledger's footer shows them."""
    cells = page.locator("table.ledger tfoot th")
    return cells.nth(1).inner_text().strip(), cells.nth(2).inner_text().strip()


def timeline(page: Page) -> list[str]:
    """The timeline entries' summaries, oldest first."""
    return [text.strip() for text in page.locator(".timeline li strong").all_inner_texts()]


# --- Employers, the dashboard and exports --------------------------------------------


def open_employer(page: Page) -> None:
    """From a case page, the employer's page (its name is a link)."""
    page.locator(".case-header .facts a[href*='/employers/']").first.click()
    expect(page.locator(".employer-header h1")).to_be_visible()


def open_dashboard(page: Page) -> None:
    page.locator("#nav-dashboard").click()
    expect(page.locator("#dashboard table#table-headline")).to_be_visible()


def listed_tickets(page: Page) -> list[str]:
    """The tickets of a case list (or an employer's cases), in the order shown."""
    links = page.locator("table.cases tbody tr td:first-child a")
    return [text.strip() for text in links.all_inner_texts()]


def export_cases(page: Page, file_format: str) -> Download:
    """Export the case list as shown (`csv` or `xlsx`); small lists download at once."""
    with page.expect_download() as download:
        page.locator(f"#export-cases-{file_format}").click()
    return download.value
