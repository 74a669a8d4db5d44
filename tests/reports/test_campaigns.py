"""The campaign's weekly report (reports/campaigns.py): every column counted by hand, the
links to the cases behind each figure, the workbook, both languages, who may see it.

The winter campaign runs from Wednesday 2026-01-07 to Saturday 2026-01-31 at the West
District; "now" is 2026-02-03, so its weeks are 01-07..01-11, 01-12..01-18,
01-19..01-25 and 01-26..01-31.

A  registered 01-08, a construction case, 张三 a migrant worker and 李四; 张三 paid 500
   on 01-12; closed 01-14.
B  registered 01-05 (before the campaign), still open: 王五 paid 1,000 on 01-20 and 200
   on 01-27; transferred to the police on 01-16 (and a transfer on 01-06, before).
E  registered 01-15 with a risk of a mass incident (a group case declared at routing),
   three complainants of whom two are migrant workers.
O  registered and withdrawn 01-06: ended before the campaign, not one of its cases.
X  registered 01-08 at the East District (a construction case, a migrant worker): out of
   the campaign's offices.
L  registered 02-02, after the campaign.
"""

import io
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from complaints import services
from complaints.models import Campaign, DeskKind
from complaints.services import ComplainantData
from config import clock
from dispatch import demo_data
from dispatch import services as dispatch
from dispatch.models import Desk, GroupCase
from inspection.models import Step, StepKind, StepStatus
from reports.campaigns import campaign_table, definitions
from reports.tables import case_list_url
from tests.reports.conftest import accept_and_start, at, close, pay

PAGE = reverse("reports:campaign_report")
XLSX = reverse("reports:campaign_report_xlsx")
NOW = at(2026, 2, 3)
WEEKS = ["1", "2", "3", "4"]


def person(name, phone, migrant=False):
    return ComplainantData(name=name, phone=phone, is_migrant_worker=migrant)


def transfer(case, actor, when):
    """The transfer to the police as its service records it (its chain of report, approval
    and order is tested in tests/inspection)."""
    return Step.objects.create(
        case=case, kind=StepKind.TRANSFER, status=StepStatus.RECORDED,
        created_by=actor, created_at=when,
    )  # fmt: skip


@pytest.fixture
def winter(register_case, window, east_window, inspector, inspection_head, district):
    Desk.objects.create(office=district, kind=DeskKind.INSPECTION).members.add(inspector)
    campaign = Campaign.objects.create(
        name="冬季根治欠薪专项行动", starts_on=date(2026, 1, 7), ends_on=date(2026, 1, 31)
    )
    campaign.offices.add(district)
    with clock.frozen_at(at(2026, 1, 5)):
        b = register_case(complainants=[person("王五", "13800138002")])
        dispatch.case_route(case_id=b.pk)
    with clock.frozen_at(at(2026, 1, 6)):
        o = register_case()
        services.case_withdraw(case=o, actor=window, reason="已协商")
    transfer(b, inspector, at(2026, 1, 6))
    with clock.frozen_at(at(2026, 1, 8)):
        a = register_case(
            is_construction=True,
            complainants=[person("张三", "13800138000", True), person("李四", "13800138001")],
        )
        (a_referral,) = dispatch.case_route(case_id=a.pk)
        x = register_case(
            actor=east_window,
            is_construction=True,
            complainants=[person("赵六", "13800138003", True)],
        )
    a = accept_and_start(a, a_referral, inspector, at(2026, 1, 9), head=inspection_head)
    pay(a, inspector, "500.00", at(2026, 1, 12))
    a = close(a, a_referral, inspector, at(2026, 1, 14))
    with clock.frozen_at(at(2026, 1, 15)):
        three = [
            person("钱七", "13800138004", True),
            person("孙八", "13800138005", True),
            person("周九", "13800138006"),
        ]
        e = register_case(mass_incident_risk=True, complainants=three)
        dispatch.case_route(case_id=e.pk)
    transfer(b, inspector, at(2026, 1, 16))
    pay(b, inspector, "1000.00", at(2026, 1, 20))
    pay(b, inspector, "200.00", at(2026, 1, 27))
    with clock.frozen_at(at(2026, 2, 2)):
        late = register_case(is_construction=True)
    assert GroupCase.objects.filter(case=e).exists()
    return SimpleNamespace(campaign=campaign, a=a, b=b, e=e, o=o, x=x, late=late)


@pytest.fixture
def now():
    with clock.frozen_at(NOW):
        yield NOW


def query(winter, office):
    return {"campaign": winter.campaign.pk, "office": office.pk}


def figures(table) -> dict[str, list]:
    """Each row's figures by row key: week label, then the columns."""
    return {row.key: [cell.value for cell in row.cells] for row in table.rows}


EXPECTED = {
    #         received settled recovered workers migrant construction groups transfers
    "1": ["2026-01-07 – 2026-01-11", 1, 0, Decimal("0"), 0, 1, 1, 0, 0],
    "2": ["2026-01-12 – 2026-01-18", 1, 1, Decimal("500.00"), 1, 2, 0, 1, 1],
    "3": ["2026-01-19 – 2026-01-25", 0, 0, Decimal("1000.00"), 1, 0, 0, 0, 0],
    "4": ["2026-01-26 – 2026-01-31", 0, 0, Decimal("200.00"), 1, 0, 0, 0, 0],
    # The total is the sum of the weeks: 王五, paid in weeks 3 and 4, counts twice.
    "total": ["Total", 2, 1, Decimal("1700.00"), 3, 3, 1, 1, 1],
}


def test_each_column_counts_the_campaigns_cases_of_each_week(client, supervisor, winter, now):
    client.force_login(supervisor)
    response = client.get(PAGE, query(winter, supervisor.office))
    assert response.status_code == 200
    assert figures(response.context["table"]) == EXPECTED
    html = response.content.decode()
    assert 'id="campaign-total"' in html and "冬季根治欠薪专项行动" in html


def test_the_total_is_the_sum_of_the_weeks_in_every_column(supervisor, winter, now):
    """B is counted in two weeks (王五 paid on 01-20 and 01-27): the total adds both, as the
    city adds the weekly reports; the definitions say so."""
    table = campaign_table(winter.campaign, supervisor.office, clock.today())
    rows = figures(table)
    weeks = [rows[key][1:] for key in WEEKS]
    assert rows["total"][1:] == [sum(column) for column in zip(*weeks, strict=True)]
    workers = 4  # the "Workers paid" column, after the week label
    assert [rows[key][workers] for key in ("3", "4", "total")] == [1, 1, 3]
    week_definition = str(definitions()[0][1])
    assert "sum of the week rows" in week_definition


def test_the_weeks_stop_at_today_while_the_campaign_runs(supervisor, winter):
    with clock.frozen_at(at(2026, 1, 20)):
        table = campaign_table(winter.campaign, supervisor.office, clock.today())
    found = figures(table)
    assert list(found) == ["1", "2", "3", "total"]
    assert found["3"][0] == "2026-01-19 – 2026-01-20"
    assert found["3"][3] == Decimal("1000.00") and found["total"][4] == 2


def test_a_campaign_not_started_has_no_rows(client, supervisor, winter):
    client.force_login(supervisor)
    with clock.frozen_at(at(2026, 1, 6)):
        response = client.get(PAGE, query(winter, supervisor.office))
    assert response.status_code == 200 and response.context["table"].rows == []
    assert 'id="campaign-report-not-started"' in response.content.decode()


def test_the_office_chosen_narrows_the_cases(client, city_supervisor, winter, other_district, now):
    """The East District is outside the campaign's offices: nothing of it counts."""
    client.force_login(city_supervisor)
    response = client.get(PAGE, query(winter, other_district))
    assert response.status_code == 200
    total = figures(response.context["table"])["total"]
    assert total[1:] == [0, 0, Decimal("0"), 0, 0, 0, 0, 0]


def listed(client, url) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200
    return {case.ticket for case in response.context["page"]}


def test_the_figures_link_to_their_cases(client, supervisor, winter, district, now):
    client.force_login(supervisor)
    table = client.get(PAGE, query(winter, district)).context["table"]
    links = {row.key: [cell.link for cell in row.cells] for row in table.rows}
    base = {"campaign": winter.campaign.pk, "scope": district.pk}
    week = {"date_from": date(2026, 1, 7), "date_to": date(2026, 1, 11)}
    assert links["1"][1] == case_list_url(**base, **week)
    assert listed(client, links["1"][1]) == {winter.a.ticket}
    assert listed(client, links["1"][5]) == {winter.a.ticket}  # migrant workers
    assert listed(client, links["1"][6]) == {winter.a.ticket}  # construction
    assert listed(client, links["2"][2]) == {winter.a.ticket}  # settled
    assert listed(client, links["total"][3]) == {winter.a.ticket, winter.b.ticket}
    assert listed(client, links["2"][8]) == {winter.b.ticket}  # transfers
    assert links["2"][7] == ""  # group cases: the list cannot show when they were declared
    assert links["3"][1] == ""  # nothing received: no link


def test_the_figures_take_a_bounded_number_of_queries(register_case, supervisor, winter):
    def counted() -> int:
        with CaptureQueriesContext(connection) as queries:
            campaign_table(winter.campaign, supervisor.office, NOW.date())
        return len(queries)

    counted()  # the office's place in the tree is asked once, then kept on it
    before = counted()
    with clock.frozen_at(at(2026, 1, 21)):
        for _ in range(3):
            register_case(is_construction=True)
    assert counted() == before <= 12


def test_the_workbook_has_the_table_and_the_definitions(client, supervisor, winter, now):
    client.force_login(supervisor)
    response = client.get(XLSX, query(winter, supervisor.office))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    table, definitions = (list(sheet.values) for sheet in book.worksheets)
    assert table[0][:3] == ("Week", "Received", "Settled")
    assert [list(row) for row in table[1:]] == [
        [row[0], *(float(v) if isinstance(v, Decimal) else v for v in row[1:])]
        for row in EXPECTED.values()
    ]
    terms = [row[0] for row in definitions[1:]]
    assert terms == list(table[0])
    assert all(row[1] for row in definitions[1:])


def test_the_page_in_chinese(client, supervisor, winter, now):
    client.force_login(supervisor)
    response = client.get(PAGE, query(winter, supervisor.office), HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "专项行动统计周报",
        "结案",
        "追发工资（元）",
        "移送公安机关",
        "统计口径说明",
        "合计",
    ):
        assert text in html, text
    book = client.get(XLSX, query(winter, supervisor.office), HTTP_ACCEPT_LANGUAGE="zh-hans")
    sheet = load_workbook(io.BytesIO(book.content), read_only=True).worksheets[0]
    assert next(sheet.values)[:3] == ("周次", "接收", "结案")


def test_window_staff_are_refused(client, window, winter, now):
    client.force_login(window)
    assert client.get(PAGE, query(winter, window.office)).status_code == 403
    assert client.get(XLSX, query(winter, window.office)).status_code == 403


def test_an_unknown_campaign_is_a_400_with_a_message(client, supervisor, winter, now):
    client.force_login(supervisor)
    bad = {"campaign": 999999, "office": supervisor.office.pk}
    response = client.get(PAGE, bad)
    assert response.status_code == 400
    assert "There is no such campaign" in response.content.decode()
    assert "table" not in response.context
    xlsx = client.get(XLSX, bad)
    assert xlsx.status_code == 400 and b"There is no such campaign" in xlsx.content


def test_an_office_not_the_users_is_refused(client, supervisor, winter, other_district, now):
    client.force_login(supervisor)
    response = client.get(PAGE, query(winter, other_district))
    assert response.status_code == 400


def test_without_a_campaign_the_page_says_so(client, supervisor):
    client.force_login(supervisor)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert 'id="campaign-report-none"' in response.content.decode()


def test_the_dashboard_links_to_the_running_campaign(client, supervisor, winter):
    client.force_login(supervisor)
    with clock.frozen_at(at(2026, 1, 20)):
        html = client.get(reverse("reports:dashboard")).content.decode()
        page = client.get(f"{PAGE}?campaign={winter.campaign.pk}")
    assert f'id="campaign-link-{winter.campaign.pk}"' in html
    assert page.status_code == 200 and page.context["office"] == supervisor.office
    with clock.frozen_at(at(2026, 6, 1)):
        html = client.get(reverse("reports:dashboard")).content.decode()
    assert f'id="campaign-link-{winter.campaign.pk}"' not in html


@pytest.mark.parametrize(
    ("today", "first", "last"),
    [
        (date(2026, 12, 7), date(2026, 11, 15), date(2027, 2, 15)),
        (date(2027, 1, 20), date(2026, 11, 15), date(2027, 2, 15)),
        (date(2026, 7, 1), date(2026, 6, 3), date(2026, 8, 26)),
    ],
)
def test_the_demo_sets_up_the_winter_campaign_around_today(db, today, first, last):
    campaign = demo_data.ensure_winter_campaign(today)
    assert (campaign.name, campaign.starts_on, campaign.ends_on) == (
        "冬季根治欠薪专项行动",
        first,
        last,
    )
    assert campaign.starts_on <= today <= campaign.ends_on
    assert demo_data.ensure_winter_campaign(today) == campaign  # run again: the same one
    assert Campaign.objects.count() == 1
