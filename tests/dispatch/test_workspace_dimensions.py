"""My cases and the desk queue filter by the wage-arrears dimensions, like the case list."""

from datetime import date

from test_workspace import at, page, tickets_in

from complaints.models import CaseViolation, Category, ViolationCategory
from complaints.services import ComplainantData


def test_my_cases_filters_by_construction_migrant_workers_and_violation(client, officer, route):
    worker = ComplainantData(name="张三", phone="13800138000", is_migrant_worker=True)
    building = route(date(2026, 3, 2), is_construction=True, complainants=[worker])
    shop = route(
        date(2026, 3, 3),
        category=Category.LABOR_CONTRACT,
        complainants=[ComplainantData(name="李四", phone="13900139000")],
    )
    overtime = ViolationCategory.objects.get(code="unpaid_overtime")
    CaseViolation.objects.create(case=shop.case, category=overtime, complained=True)
    client.force_login(officer)

    everything = tickets_in(page(client, "/work/"))
    assert sorted(everything) == sorted([building.case.ticket, shop.case.ticket])
    assert tickets_in(page(client, "/work/", construction="yes")) == [building.case.ticket]
    assert tickets_in(page(client, "/work/", construction="no")) == [shop.case.ticket]
    assert tickets_in(page(client, "/work/", migrant="yes")) == [building.case.ticket]
    assert tickets_in(page(client, "/work/", violation="unpaid_overtime")) == [shop.case.ticket]


def test_an_unknown_dimension_value_is_refused_in_the_page(client, officer, route):
    route(date(2026, 3, 2))
    client.force_login(officer)
    with at(2026, 3, 5):
        response = client.get("/work/", {"violation": "no-such-category"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
