"""A construction case's project and chain of responsibility: the service's rules and the
case page's panel (both languages, refused input, permission)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from complaints.events import describe
from complaints.exceptions import ActionNotPermitted
from complaints.models import (
    CaseEvent,
    CaseParty,
    Employer,
    EventKind,
    Material,
    PartyRole,
    Project,
)
from complaints.services import EmployerData
from complaints.services.chain import PartyData, ProjectData, case_record_chain

GENERAL = "宜昌城建集团有限公司"
GENERAL_CODE = "91420500MA4F0XXX1A"
PHONE = "13912345678"


@pytest.fixture
def case(register_case):
    return register_case(is_construction=True)


def chain_events(case):
    return CaseEvent.objects.filter(case=case, kind=EventKind.PARTIES_RECORDED)


def the_chain(**extra) -> dict:
    return {
        "project": ProjectData(name="滨江花园二期", location="宜昌市西陵区", code="4205002024001"),
        "parties": [
            PartyData(role=PartyRole.GENERAL_CONTRACTOR, name=GENERAL),
            PartyData(role=PartyRole.SUBCONTRACTOR, name="宜昌某某劳务有限公司"),
            PartyData(role=PartyRole.TEAM_LEADER, name="王五", phone=PHONE),
        ],
        **extra,
    }


def test_a_construction_case_registered_at_intake_is_to_name_its_project_and_parties(case):
    assert case.missing_materials.filter(kind=Material.PROJECT_PARTIES).exists()


def test_recording_the_chain_stores_the_parties_ticks_off_the_item_and_tells_the_timeline(
    case, inspector
):
    changes = case_record_chain(case=case, actor=inspector, **the_chain())
    case.refresh_from_db()
    assert case.project.name == "滨江花园二期" and case.project.code == "4205002024001"
    roles = dict(case.parties.values_list("role", "employer__name"))
    assert roles[PartyRole.GENERAL_CONTRACTOR] == GENERAL
    leader = case.parties.get(role=PartyRole.TEAM_LEADER)
    assert (leader.person_name, leader.person_phone, leader.employer) == ("王五", PHONE, None)
    item = case.missing_materials.get(kind=Material.PROJECT_PARTIES)
    assert item.collected_at is not None and item.collected_by == inspector
    assert len(changes["added"]) == 3
    event = chain_events(case).get()
    assert PHONE not in str(event.payload)
    summary = describe(event)
    assert summary.startswith("Project and parties: project 滨江花园二期; added General contractor")
    with translation.override("zh-hans"):
        assert describe(event).startswith("项目和参建单位：项目 滨江花园二期；新增施工总承包单位")


def test_parties_are_employer_records_found_as_intake_finds_them(case, register_case, inspector):
    register_case(employer=EmployerData(name=GENERAL, credit_code=GENERAL_CODE))
    case_record_chain(
        case=case,
        actor=inspector,
        project=ProjectData(name="滨江花园二期"),
        parties=[PartyData(role=PartyRole.GENERAL_CONTRACTOR, name="宜昌城建集团")],
    )
    assert Employer.objects.filter(credit_code=GENERAL_CODE).count() == 1
    party = case.parties.get()
    assert party.employer.credit_code == GENERAL_CODE


def test_a_project_is_found_by_code_then_by_its_normalised_name(case, register_case, inspector):
    case_record_chain(case=case, actor=inspector, **the_chain())
    other = register_case()
    case_record_chain(
        case=other, actor=inspector, project=ProjectData(name="滨江花园 二期"), parties=[]
    )
    again = register_case()
    case_record_chain(
        case=again,
        actor=inspector,
        project=ProjectData(name="另一个名字", code="4205002024001"),
        parties=[],
    )
    assert Project.objects.count() == 1
    other.refresh_from_db()
    again.refresh_from_db()
    assert other.project == again.project == Project.objects.get()
    assert other.is_construction and again.is_construction


def test_removing_a_party_leaves_it_on_the_timeline(case, inspector):
    case_record_chain(case=case, actor=inspector, **the_chain())
    chain = the_chain()
    chain["parties"] = chain["parties"][:1]
    changes = case_record_chain(case=case, actor=inspector, **chain)
    assert set(case.parties.values_list("role", flat=True)) == {PartyRole.GENERAL_CONTRACTOR}
    assert [party["name"] for party in changes["removed"]] == ["宜昌某某劳务有限公司", "王五"]
    assert "removed Team leader 王五" in describe(chain_events(case).latest("id"))
    assert case_record_chain(case=case, actor=inspector, **chain) == {}
    assert chain_events(case).count() == 2


def test_a_team_leaders_new_phone_is_recorded_but_never_shown_on_the_timeline(case, inspector):
    case_record_chain(case=case, actor=inspector, **the_chain())
    chain = the_chain()
    chain["parties"][2] = PartyData(role=PartyRole.TEAM_LEADER, name="王五", phone="13700001111")
    case_record_chain(case=case, actor=inspector, **chain)
    event = chain_events(case).latest("id")
    assert "13700001111" not in str(event.payload)
    assert describe(event) == "Project and parties: phone of Team leader 王五 changed."


def test_bad_input_is_refused_and_nothing_changes(case, inspector):
    with pytest.raises(ValidationError):
        case_record_chain(
            case=case,
            actor=inspector,
            project=ProjectData(name="滨江花园"),
            parties=[
                PartyData(role=PartyRole.GENERAL_CONTRACTOR, name=GENERAL),
                PartyData(role=PartyRole.TEAM_LEADER, name="王五", phone="12"),
            ],
        )
    assert not CaseParty.objects.exists() and not Project.objects.exists()
    assert not chain_events(case).exists()


@pytest.mark.parametrize("role", ["project", PartyRole.GENERAL_CONTRACTOR])
def test_a_name_too_long_once_normalised_is_refused_not_a_server_error(case, inspector, role):
    """U+FDFA is 18 characters under NFKC: 20 of them fit the name, not its normal form."""
    long_name = "\ufdfa" * 20
    project = ProjectData(name=long_name if role == "project" else "滨江花园")
    parties = [] if role == "project" else [PartyData(role=role, name=long_name)]
    with pytest.raises(ValidationError, match="too long"):
        case_record_chain(case=case, actor=inspector, project=project, parties=parties)
    assert not CaseParty.objects.exists() and not Project.objects.exists()


def test_a_role_that_does_not_correct_case_data_is_refused(case, desk_officer):
    with pytest.raises(ActionNotPermitted):
        case_record_chain(case=case, actor=desk_officer, **the_chain())
    assert not CaseParty.objects.exists()


def page_body(**values) -> dict:
    body = {
        "project-name": "滨江花园二期",
        "project-location": "",
        "project-code": "",
        "party-TOTAL_FORMS": "2",
        "party-INITIAL_FORMS": "0",
        "party-0-role": "general_contractor",
        "party-0-name": GENERAL,
        "party-1-role": "team_leader",
        "party-1-name": "王五",
        "party-1-phone": PHONE,
    }
    body.update(values)
    return body


def test_the_case_page_shows_the_panel_and_saves_the_chain(client, inspector, case):
    client.force_login(inspector)
    page = reverse("complaints:case_detail", args=[case.ticket])
    content = client.get(page).content.decode()
    assert "Project and parties" in content
    assert f'action="/cases/{case.ticket}/chain/"' in content
    response = client.post(reverse("complaints:case_chain", args=[case.ticket]), page_body())
    assert response.status_code == 302
    content = client.get(page).content.decode()
    assert GENERAL in content and "General contractor" in content
    assert PHONE not in content.split('id="case-chain"')[1].split("<details")[0]


def test_the_panel_in_chinese(client, inspector, case):
    client.force_login(inspector)
    client.post(reverse("complaints:case_chain", args=[case.ticket]), page_body())
    response = client.get(
        reverse("complaints:case_detail", args=[case.ticket]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    content = response.content.decode()
    assert "项目和参建单位" in content and "施工总承包单位" in content


def test_the_panel_is_not_shown_for_other_cases(client, inspector, register_case):
    other = register_case()
    client.force_login(inspector)
    content = client.get(reverse("complaints:case_detail", args=[other.ticket])).content.decode()
    assert 'id="case-chain"' not in content


def test_bad_input_on_the_page_answers_400_and_changes_nothing(client, inspector, case):
    client.force_login(inspector)
    response = client.post(
        reverse("complaints:case_chain", args=[case.ticket]),
        page_body(**{"party-1-phone": "12", "party-0-role": "architect"}),
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not CaseParty.objects.exists() and not Project.objects.exists()


def test_a_desk_officer_is_refused_on_the_page(client, desk_officer, case):
    client.force_login(desk_officer)
    response = client.post(reverse("complaints:case_chain", args=[case.ticket]), page_body())
    assert response.status_code in (400, 403, 404)
    assert not CaseParty.objects.exists()


def test_the_employer_page_counts_its_cases_by_role_and_links_to_them(
    client, inspector, case, register_case, east_window
):
    case_record_chain(case=case, actor=inspector, **the_chain())
    hidden = register_case(actor=east_window, is_construction=True)
    case_record_chain(
        case=hidden,
        actor=east_window,
        project=ProjectData(name="江北新城"),
        parties=[PartyData(role=PartyRole.GENERAL_CONTRACTOR, name=GENERAL)],
    )
    general = Employer.objects.get(name=GENERAL)
    client.force_login(inspector)
    content = client.get(reverse("complaints:employer_detail", args=[general.pk])).content.decode()
    section = content.split('id="employer-roles"')[1].split("</section>")[0]
    assert "As general contractor in 2 cases" in section
    assert f"?party={general.pk}" in section
    assert case.ticket in section and hidden.ticket not in section
    listed = client.get(reverse("complaints:case_list"), {"party": general.pk}).content.decode()
    assert f"The cases naming {GENERAL} in a project" in listed
    assert case.ticket in listed and 'id="dashboard-filters-note"' not in listed
    with translation.override("zh-hans"):
        zh = client.get(
            reverse("complaints:employer_detail", args=[general.pk]),
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        ).content.decode()
    assert "作为施工总承包单位涉及 2 件案件" in zh


def test_the_case_list_says_which_project_it_is_narrowed_to(client, inspector, case):
    case_record_chain(case=case, actor=inspector, **the_chain())
    client.force_login(inspector)
    project = Project.objects.get()
    listed = client.get(reverse("complaints:case_list"), {"project": project.pk}).content.decode()
    assert "The cases about the project 滨江花园二期." in listed
    assert case.ticket in listed
