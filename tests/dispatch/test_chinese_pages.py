"""A Chinese installation speaks Chinese: no English on the pages a clerk works in.

After `seed_demo` on a zh-hans installation, the main pages (case list, case pages of
every stage, dashboard, routing rules, desk queue, My cases, intake) are rendered for
the roles that use them, and every Latin word a clerk would see fails the test, unless it
is in ALLOWED or is part of a code. Texts that came from seeded data (routing rules, legal
bases, the demo's cases) are checked here as much as the templates' strings.

What counts as seen: text nodes outside <script> and <style> (<template> rows included:
the page shows them when a row is added), the page's <title>, and the attributes a
browser shows or reads out: title, placeholder, aria-label, label, and the value of a
button. Not `alt`: no page of ours has an image, and the admin's yes/no icons carry
Django's own "True"/"False". The admin's routing rules page is checked inside its
#content: the header and the app list around it are Django's and third parties' chrome.
"""

import io
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from accounts.models import User
from complaints.models import Case, Status

# Latin words a Chinese page may hold, and why:
ALLOWED = {
    # File formats are written by their own names in Chinese software too.
    "CSV", "Excel", "Word", "PDF", "JPEG", "PNG", "MP4", "MOV",
    # The unit of a file's size limit (“20.0 MB”).
    "MB",
    # Keys as printed on the keyboard (“按 Ctrl+Enter 保存”).
    "Ctrl+Enter",
    # The language switcher names each language in that language.
    "English",
}  # fmt: skip
# A token is a run of letters and digits, joined by - _ . ' / +. One holding a digit is a
# code or a number, not a word: tickets (YC-2026-000123), credit codes, ID numbers ending
# in X, platform references (HBZW2026…), phones, dates, amounts.
TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-_.'’/+][A-Za-z0-9]+)*")
LATIN = re.compile(r"[A-Za-z]")
DIGIT = re.compile(r"\d")
SEEN_ATTRIBUTES = {"title", "placeholder", "aria-label", "label"}
BUTTON_TYPES = {"submit", "button", "reset"}
# ASCII punctuation where Chinese writes ，：；。 (a dot or comma inside a number is fine).
ENGLISH_PUNCTUATION = re.compile(r"[,:;](?!\d)|(?<!\d)\.(?!\d)")


class SeenText(HTMLParser):
    """The text a clerk sees on a page, optionally only inside the element with id `scope`."""

    def __init__(self, scope: str | None = None):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.scope, self.depth, self.hidden = scope, 0 if scope else 1, 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.depth:
            self.depth += tag not in VOID
        elif attributes.get("id") == self.scope:
            self.depth = 1
        if tag in ("script", "style"):
            self.hidden += 1
        if not self.depth:
            return
        for name, value in attrs:
            shown = name in SEEN_ATTRIBUTES or (
                name == "value" and tag == "input" and attributes.get("type") in BUTTON_TYPES
            )
            if shown and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1
        if self.depth and self.scope and tag not in VOID:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.hidden:
            self.parts.append(data)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


def seen_text(html: str, scope: str | None = None) -> list[str]:
    parser = SeenText(scope)
    parser.feed(html)
    parser.close()
    return parser.parts


def english_words(parts: list[str]) -> list[tuple[str, str]]:
    """(word, the text around it) for every Latin word that is not allowed."""
    found = []
    for text in parts:
        for match in TOKEN.finditer(text):
            word = match.group()
            if LATIN.search(word) and not DIGIT.search(word) and word not in ALLOWED:
                around = text[max(0, match.start() - 20) : match.end() + 20]
                found.append((word, " ".join(around.split())))
    return found


@pytest.fixture
def chinese_installation(settings):
    """settings.LANGUAGE_CODE as a Chinese installation has it (conftest sets English);
    the test database was migrated with the project's default, zh-hans."""
    settings.LANGUAGE_CODE = "zh-hans"


def pages() -> list[tuple[str, str, str | None]]:
    """(username, url, scope) of the main pages, each opened by a role that works in it."""
    main = [
        ("window", reverse("complaints:intake"), None),
        ("window", reverse("complaints:case_list"), None),
        ("inspector", reverse("dispatch:my_cases"), None),
        ("inspector", reverse("dispatch:desk_queue"), None),
        ("deskofficer", reverse("dispatch:my_cases"), None),
        ("deskofficer", reverse("dispatch:desk_queue"), None),
        ("supervisor", reverse("dispatch:my_cases") + "?scope=office", None),
        ("supervisor", reverse("dispatch:desk_queue"), None),
        ("inspector", reverse("dispatch:calculator"), None),
        ("supervisor", reverse("reports:dashboard"), None),
        ("admin", reverse("reports:dashboard"), None),
        ("admin", reverse("complaints:case_list"), None),
        ("admin", reverse("admin:dispatch_routingrule_changelist"), "content"),
    ]
    # The case page of every stage, the case with the longest history of each.
    by_history = Case.objects.annotate(steps=Count("events")).order_by("-steps", "pk")
    for status in Status.values:
        case = by_history.filter(status=status).first()
        if case is not None:
            url = reverse("complaints:case_detail", args=[case.ticket])
            main += [("admin", url, None), ("supervisor", url, None)]
    return main


@pytest.mark.django_db
def test_the_main_pages_of_a_chinese_installation_hold_no_english(client, chinese_installation):
    call_command("seed_demo", "--cases", "40", "--password", "x-test-pass-1", stdout=io.StringIO())
    english, opened = [], 0
    for username, url, scope in pages():
        client.force_login(User.objects.get(username=username))
        response = client.get(url)
        if response.status_code == 404 and "/cases/" in url:
            continue  # a case outside the supervisor's office
        assert response.status_code == 200, (username, url)
        opened += 1
        html = response.content.decode()
        english += [(url, *found) for found in english_words(seen_text(html, scope))]
    assert opened >= 15
    assert not english, "\n".join(f"{url}: {word!r} in “{text}”" for url, word, text in english)


@pytest.mark.django_db
def test_the_dashboards_charts_use_chinese_punctuation(client, chinese_installation):
    call_command("seed_demo", "--cases", "30", "--password", "x-test-pass-1", stdout=io.StringIO())
    client.force_login(User.objects.get(username="admin"))
    html = client.get(reverse("reports:dashboard")).content.decode()
    charts = re.findall(r'<figure class="report-chart".*?</figure>', html, flags=re.S)
    assert charts
    for chart in charts:
        for text in seen_text(chart):
            assert not ENGLISH_PUNCTUATION.search(text), text


def test_the_check_finds_english_and_spares_codes():
    html = (
        '<p title="Routing rule">拖欠工资 Wage arrears to labor inspection</p>'
        "<p>YC-2026-000123 914205003XKD7L2P1R 11010519491231002X 导出CSV 20.0 MB</p>"
        '<script>var label = "not seen";</script><input type="hidden" value="seen_never">'
        '<div id="content"><p>in scope</p></div><p>outside</p>'
    )
    words = {word for word, _text in english_words(seen_text(html))}
    assert words == {"Routing", "rule", "Wage", "arrears", "to", "labor", "inspection", "in",
                     "scope", "outside"}  # fmt: skip
    assert {word for word, _text in english_words(seen_text(html, "content"))} == {"in", "scope"}


@pytest.mark.django_db
def test_a_desks_time_limits_read_in_chinese_punctuation(client, chinese_installation):
    call_command("seed_demo", "--cases", "20", "--password", "x-test-pass-1", stdout=io.StringIO())
    client.force_login(User.objects.get(username="admin"))
    case = Case.objects.filter(referrals__deadlines__isnull=False).first()
    html = client.get(reverse("complaints:case_detail", args=[case.ticket])).content.decode()
    limits = re.findall(r"<td>[^<]*<small>([^<]*)</small></td>", html)
    assert limits
    for limit in limits:  # e.g. “（5个工作日，《……》第十八条）”
        assert limit.startswith("（") and "，" in limit and "," not in limit, limit
