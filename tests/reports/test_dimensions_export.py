"""The case export's wage-arrears columns: construction, mass-incident risk, the number of
migrant workers, and the employer's industry as its GB/T 4754 letter and its name."""

import csv
import io

import openpyxl

from complaints.models import Case, Industry
from complaints.services import ComplainantData, EmployerData
from reports.exports import cases as columns

EXPORT_URL = "/reports/exports/cases/"


def export(client, user, language="en", fmt="csv") -> list[list]:
    client.force_login(user)
    client.cookies["django_language"] = language
    response = client.post(EXPORT_URL, {"format": fmt})
    assert response.status_code == 200, response.content[:300]
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_last_five_columns_are_the_dimensions(client, inspector, register_case):
    flagged = register_case(
        employer=EmployerData(name="宜昌某某建筑有限公司", industry=Industry.CONSTRUCTION),
        is_construction=True,
        mass_incident_risk=True,
        complainants=[
            ComplainantData(name="张三", phone="13800138000", is_migrant_worker=True),
            ComplainantData(name="李四", phone="13800138001", is_migrant_worker=True),
            ComplainantData(name="王五", phone="13800138002"),
        ],
    )
    plain = register_case(employer=EmployerData(name="宜昌某某商贸有限公司"))
    rows = export(client, inspector)
    assert rows[0][-5:] == [
        "Construction project",
        "Risk of a mass incident",
        "Migrant workers",
        "Industry code",
        "Industry",
    ]
    by_ticket = {row[0]: row for row in rows[1:]}
    assert by_ticket[flagged.ticket][-5:] == ["Yes", "Yes", "2", "E", "Construction"]
    assert by_ticket[plain.ticket][-5:] == ["No", "No", "0", "", ""]


def test_in_chinese_the_headers_and_values_are_chinese(client, inspector, register_case):
    register_case(
        employer=EmployerData(name="宜昌某某制造有限公司", industry=Industry.MANUFACTURING),
        mass_incident_risk=True,
    )
    rows = export(client, inspector, "zh-hans", "xlsx")
    assert rows[0][-5:] == ["工程建设项目", "有引发群体性事件风险", "农民工", "行业代码", "行业"]
    assert rows[1][-5:] == ["否", "是", 0, "C", "制造业"]


def test_a_case_without_employer_has_empty_industry_cells(register_case, window):
    case = register_case(employer=None)
    (row,) = list(columns.rows(Case.objects.filter(pk=case.pk), unmasked=False))
    assert row[-5:] == ["No", "No", 0, "", ""]
    assert len(row) == len(columns.headers())


def test_the_export_keeps_the_lists_dimension_filters(client, inspector, register_case):
    marked = register_case(
        complainants=[ComplainantData(name="张三", phone="13800138000", is_migrant_worker=True)]
    )
    register_case()
    client.force_login(inspector)
    response = client.post(EXPORT_URL, {"format": "csv", "query": "migrant=yes"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == [marked.ticket]
    assert rows[1][-3] == "1"
