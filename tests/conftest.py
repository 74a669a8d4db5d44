"""Shared fixtures: a city bureau with two districts, one user per role in the West (the
officer on its inspection desk), East's staff, case builders. Plain helpers several
folders use are in builders.py and at_once.py; an app's own fixtures in its conftest.py.

State is built through the services, as users build it (docs/conventions.md).
"""

import uuid
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from accounts.models import Office, User
from accounts.roles import Role
from complaints import services
from complaints.models import DeskKind
from complaints.services import ComplainantData, EmployerData
from dispatch.models import Desk

# Tests that commit (a transactional database, the live server) end by emptying the whole
# database, the migrations' own rows (roles, outcomes, deadline policies) too; tests that
# start servers and browsers measure how soon they answer. scripts/test.sh runs the rest in
# parallel workers, then these alone: a worker must never follow an emptying with a test
# that needs those rows.
RUN_ALONE_FOLDERS = ("browser", "faults")
COMMITTING_FIXTURES = {"transactional_db", "live_server", "django_db_serialized_rollback"}


def _commits(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return True
    return bool(COMMITTING_FIXTURES.intersection(item.fixturenames))


def pytest_collection_modifyitems(config, items):
    tests = Path(__file__).parent
    for item in items:
        folder = Path(str(item.path)).relative_to(tests).parts[0]
        if folder in RUN_ALONE_FOLDERS or _commits(item):
            item.add_marker(pytest.mark.serial)


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(scope="session")
def _seal_root(tmp_path_factory):
    return tmp_path_factory.mktemp("seals")


@pytest.fixture(autouse=True)
def _seals_in_a_temporary_folder(settings, _seal_root):
    """Seal images (accounts/seals.py) written by tests never land in the real SEAL_ROOT."""
    settings.SEAL_ROOT = _seal_root


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """A cheap hash: users are made by the dozen, and the production hasher would dominate
    the run. Autouse, so it is set before any user fixture hashes a password. Not for users
    who log in to a server of another process (tests/faults overrides it)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def city(db) -> Office:
    return Office.objects.create(
        name="City Bureau", code="city", level=Office.Level.CITY, phone="0717-6221234"
    )


@pytest.fixture
def district(city) -> Office:
    return Office.objects.create(
        name="West District",
        code="west",
        level=Office.Level.DISTRICT,
        parent=city,
        phone="0717-6331234",
    )


@pytest.fixture
def other_district(city) -> Office:
    return Office.objects.create(
        name="East District", code="east", level=Office.Level.DISTRICT, parent=city
    )


# The roles whose holders carry an inspection card (监察证) in the fixtures.
CARD_ROLES = {Role.INSPECTOR, Role.SUPERVISOR, Role.INSPECTION_HEAD}


def make_user(username: str, office: Office | None, *roles: str, **extra) -> User:
    """A user of `office` with `roles`; an inspector, supervisor or head of the inspection
    body holds an inspection card number (JC-<username>) unless `extra` says otherwise."""
    if CARD_ROLES.intersection(roles):
        extra.setdefault("inspection_card_number", f"JC-{username}")
    user = User.objects.create_user(username=username, password="pw-for-tests-2026", **extra)
    user.office = office
    user.save()
    for role in roles:
        user.groups.add(Group.objects.get(name=role))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def user_factory(db):
    return make_user


@pytest.fixture
def window(district) -> User:
    return make_user("window", district, Role.WINDOW, first_name="芳", last_name="王")


@pytest.fixture
def inspector(district) -> User:
    return make_user("inspector", district, Role.INSPECTOR, first_name="强", last_name="李")


@pytest.fixture
def officer(district) -> User:
    """赵强, an inspector on the district's inspection desk."""
    user = make_user("officer", district, Role.INSPECTOR, first_name="强", last_name="赵")
    Desk.objects.get_or_create(office=district, kind=DeskKind.INSPECTION)[0].members.add(user)
    return user


@pytest.fixture
def desk_officer(district) -> User:
    return make_user("deskofficer", district, Role.DESK_OFFICER)


@pytest.fixture
def supervisor(district) -> User:
    return make_user("supervisor", district, Role.SUPERVISOR)


@pytest.fixture
def inspection_head(district) -> User:
    """The head of the district's inspection body: approves the acceptance decision on a
    complaint (立案审批) and the cancellation of a filing."""
    return make_user(
        "inspectionhead", district, Role.INSPECTION_HEAD, first_name="强", last_name="郑"
    )


@pytest.fixture
def department_head(district) -> User:
    """The head of the district's labor-security department: approves an inspection's
    extension (劳动保障监察条例 Art. 17, the `inspection.extend` policy's approver)."""
    return make_user("depthead", district, Role.DEPARTMENT_HEAD, first_name="明", last_name="周")


@pytest.fixture
def arbitration_chair(district) -> User:
    """The chair of the district's arbitration committee: approves an arbitration's
    extension (劳动争议调解仲裁法 Art. 43, the `arbitration.extend` policy's approver)."""
    return make_user("arbchair", district, Role.ARBITRATION_CHAIR, first_name="华", last_name="吴")


@pytest.fixture
def city_supervisor(city) -> User:
    return make_user("citysupervisor", city, Role.SUPERVISOR)


@pytest.fixture
def administrator(city) -> User:
    return make_user("admin", city, Role.ADMINISTRATOR, is_staff=True)


def _east(role: str, name: str):
    """A fixture: a user of the other district (East) with that role."""

    @pytest.fixture
    def east_user(other_district) -> User:
        return make_user(f"east-{name}", other_district, role)

    return east_user


east_window = _east(Role.WINDOW, "window")
east_inspector = _east(Role.INSPECTOR, "inspector")
east_supervisor = _east(Role.SUPERVISOR, "supervisor")  # the strongest ordinary role


@pytest.fixture
def state_machine_cast(user_factory, district, other_district):
    """cast(prefix) -> the people the state machines work cases with, by part: the
    district's window staff and supervisor, its officer (inspector and desk officer) on every
    desk of the district, and an inspector on every desk of the other district. Usernames
    start with `prefix`."""

    def cast(prefix: str) -> dict[str, User]:
        people = {
            "window": make_user(f"{prefix}-window", district, Role.WINDOW),
            "supervisor": make_user(f"{prefix}-supervisor", district, Role.SUPERVISOR),
            "officer": make_user(f"{prefix}-officer", district, Role.INSPECTOR, Role.DESK_OFFICER),
            "east_officer": make_user(f"{prefix}-east-officer", other_district, Role.INSPECTOR),
        }
        for office, member in ((district, "officer"), (other_district, "east_officer")):
            for kind in DeskKind.values:
                Desk.objects.get_or_create(office=office, kind=kind)[0].members.add(people[member])
        return people

    return cast


@pytest.fixture
def register_case(window):
    """Register a case through the service; keyword arguments override the defaults."""

    def register(actor=None, complainants=None, **fields):
        fields.setdefault("description", "工地拖欠三个月工资 Three months' wages unpaid")
        if "employer" not in fields:
            fields["employer"] = EmployerData(name="宜昌某某建筑有限公司")
        result = services.case_register(
            actor=actor or window,
            complainants=complainants or [ComplainantData(name="张三", phone="13800138000")],
            **fields,
        )
        return result.case

    return register


@pytest.fixture
def east_case(register_case, east_window):
    """A case registered in the other district (by its window)."""
    return register_case(actor=east_window)


@pytest.fixture
def new_token():
    return uuid.uuid4


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """Holiday rows differ per test database; never reuse another test's cached calendar."""
    from dispatch import calendar

    calendar.clear_cache()
    yield
    calendar.clear_cache()
