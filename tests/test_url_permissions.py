"""Every URL of the project has an explicit access rule, checked for every role (#7).

RULES maps each URL name to who may reach it and what object its URL names. For each
role (anonymous, window, inspector, desk officer, supervisor, administrator, and a
platform's API account) the test requests every URL for an object of the user's own
office (their own object, for saved filters and exports) and for one of another office
(another user's), and checks the answer: reached, or 302 to the login page / 401 / 403 /
404 as the rule says. A page listing cases must not show a row of a case the user may not
see. Each request runs in a savepoint that is rolled back, so one world serves them all.

A URL without a rule fails `test_every_url_has_a_rule`: give each new URL its rule.
Admin URLs share one rule: only staff get past the admin login.
"""

import re
import uuid
from dataclasses import dataclass, field

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.authtoken.models import Token

from accounts.models import Office
from accounts.roles import Role
from complaints import services
from complaints.documents.content import DocumentContent
from complaints.models import Outcome
from complaints.services import ComplainantData, EmployerData
from complaints.services.documents import document_issue
from complaints.workflow import ALLOWED_TRANSITIONS as TRANSITIONS
from config import clock
from dispatch import services as dispatch
from dispatch.models import Deadline, Desk
from dispatch.services.workspace import saved_filter_save
from inspection.models import Step
from reports import services as reports
from reports.models import ExportJob
from tests.builders import order_to_pay

ANONYMOUS, WINDOW, INSPECTOR, DESK_OFFICER = "anonymous", "window", "inspector", "desk_officer"
SUPERVISOR, ADMINISTRATOR, PLATFORM = "supervisor", "administrator", "platform"
ROLES = (ANONYMOUS, WINDOW, INSPECTOR, DESK_OFFICER, SUPERVISOR, ADMINISTRATOR, PLATFORM)
STAFF = (WINDOW, INSPECTOR, DESK_OFFICER, SUPERVISOR, ADMINISTRATOR)
LOGGED_IN = (*STAFF, PLATFORM)
INTAKE = (WINDOW, INSPECTOR, SUPERVISOR)  # complaints.views.intake.INTAKE_ROLES
OFFICERS = (INSPECTOR, DESK_OFFICER, SUPERVISOR)  # dispatch.selectors.workspace.OFFICER_ROLES
BOARD = (SUPERVISOR, ADMINISTRATOR)  # reports.access.DASHBOARD_ROLES
ROLE_GROUPS = {
    WINDOW: Role.WINDOW,
    INSPECTOR: Role.INSPECTOR,
    DESK_OFFICER: Role.DESK_OFFICER,
    SUPERVISOR: Role.SUPERVISOR,
    ADMINISTRATOR: Role.ADMINISTRATOR,
}
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02" + bytes(64)

# Objects a URL can name. Personal ones belong to a user, not to an office: "another"
# is another user's of the same office, which nobody may reach (not even administrators).
CASE_OBJECTS = {"case", "refused_case", "evidence", "material", "referral", "deadline"}
CASE_OBJECTS |= {"extension", "order"}  # all reached through one case
CASE_OBJECTS |= {"complainant"}  # a worker on the case (with an ID number)
CASE_OBJECTS |= {"decision"}  # the acceptance decision on the refused case
CASE_OBJECTS |= {"document"}  # a document issued on the case
CASE_OBJECTS |= {"step"}  # a step of the case's inspection procedure
CASE_OBJECTS |= {"served_document"}  # a document served on the party (the order)
CASE_OBJECTS |= {"credit"}  # a credit consequence proposed on the case
ID_NUMBER = "420502199001010016"
PERSONAL_OBJECTS = {"saved_filter", "export"}


@dataclass(frozen=True)
class Rule:
    """Who reaches a URL. `may`: the roles let in for their own office's object."""

    may: tuple[str, ...]
    needs: str = ""  # the object the URL names: one of CASE_OBJECTS, PERSONAL_OBJECTS,
    # "employer", "office" (a ?office= parameter), "seal" (an office's), or "" for none
    post: bool = False  # sent as a POST (form body `body`, JSON for the API)
    anonymous: str = "login"  # "login" (302 to it), "401" (API), "public", "404"
    refused: str = "403"  # what a logged-in role outside `may` gets
    sees_other: tuple[str, ...] = (ADMINISTRATOR,)  # may reach another office's object
    action: str = ""
    body: dict = field(default_factory=dict)
    query: str = ""
    lists: bool = False  # the answer lists cases: no row of a case the user may not see


def case_page(**extra) -> Rule:
    """A page or action on one case: every staff role, 404 elsewhere (the visibility rule).

    A platform account sees only the cases it registered itself: 404 (see `expected`).
    """
    return Rule(STAFF, **{"needs": "case", **extra})


def api(may, **extra) -> Rule:
    return Rule(may, **{"anonymous": "401", **extra})


def api_case(may=STAFF, **extra) -> Rule:
    return api(may, **{"needs": "case", **extra})


# The workflow actions of the API, with a valid body for those the (filed) case allows now:
# the transition's roles reach them, the others get 403. For the rest the case's status
# answers 409 first, for every role, so only visibility is checked there (the acceptance
# decision's "accept" and "not-accept", the head's alone, are checked in test_api_actions).
API_ACTIONS = {
    "accept": None,
    "not-accept": None,
    "start": {},
    "resolve": None,
    "reopen": None,
    "close": None,
    "reopen-closed": None,
    "withdraw": None,  # a filed case: the complainant's request is recorded instead
    # Only for a filed case (the request) or one whose request waits (the head's decisions).
    "request-withdrawal": {"reason": "已和解"},
    "cancel-filing": None,
    "continue-ex-officio": None,
    "merge": None,  # the case to merge into is checked before the role
    "transfer": None,
}


def api_action(slug: str) -> Rule:
    body = API_ACTIONS[slug]
    if body is None:
        return api_case(post=True)
    roles = TRANSITIONS[slug.replace("-", "_")].roles
    may = tuple(role for role, group in ROLE_GROUPS.items() if group in roles)
    return api_case(may=may, post=True, body=body)


PUBLIC_NO_ONE = Rule((), anonymous="404", refused="404")  # a 404 for every path it catches

RULES: dict[str, Rule] = {
    # --- outside the apps: public pages, login, language, API schema and docs -----------
    "home": Rule(LOGGED_IN),  # a redirect to the role's home page (accounts/home.py)
    "favicon": Rule(LOGGED_IN, anonymous="public"),
    "accounts:login": Rule(LOGGED_IN, anonymous="public"),
    # Logging out ends on the login page, whoever asks.
    "accounts:logout": Rule((), anonymous="login", refused="login", post=True),
    "set_language": Rule(LOGGED_IN, anonymous="public", post=True, body={"language": "en"}),
    "api-schema": Rule(LOGGED_IN, anonymous="public"),
    "api-docs": Rule(LOGGED_IN, anonymous="public"),
    "tracking:track": Rule(LOGGED_IN, anonymous="public"),
    # An office's seal image: every staff role prints documents of cases it sees, which may be
    # another office's; a platform account prints nothing.
    "accounts:office_seal": Rule(STAFF, needs="seal", sees_other=STAFF),
    # The office's duty roster: its supervisors and heads (accounts.roles.ROSTER_ROLES; the
    # heads' side: tests/accounts/test_duty_roster.py), each for their own office. A remove
    # without a shift answers on the roster page.
    "accounts:roster": Rule((SUPERVISOR, ADMINISTRATOR)),
    "accounts:roster_remove": Rule((SUPERVISOR, ADMINISTRATOR), post=True),
    "api:track": Rule(LOGGED_IN, anonymous="public"),
    # --- complaints pages --------------------------------------------------------------
    "complaints:case_list": Rule(LOGGED_IN, lists=True),
    "complaints:intake": Rule(INTAKE),
    # The heads of the inspection body only, a role this matrix does not hold: every role
    # here is refused (the head's side: tests/complaints/test_decision_queue.py).
    "complaints:decision_queue": Rule(()),
    # The head's queue of procedure steps to approve (tests/inspection/test_approval_queue.py).
    "inspection:approval_queue": Rule(()),
    "complaints:case_detail": case_page(),
    "complaints:receipt": case_page(),
    "complaints:not_accepted_notice": case_page(needs="refused_case"),
    "complaints:case_note": case_page(post=True, body={"text": "备注"}),
    "complaints:payment_add": case_page(post=True),
    # The wage-arrears flags and migrant marks (the service refuses other roles).
    "complaints:case_dimensions": case_page(post=True, body={"dimensions-is_construction": "on"}),
    "complaints:case_violations": case_page(
        post=True, body={"violations-complained": "unpaid_overtime"}
    ),
    # A construction case's project and parties (the service refuses other roles).
    "complaints:case_chain": case_page(
        post=True,
        body={"project-name": "滨江花园", "party-TOTAL_FORMS": "0", "party-INITIAL_FORMS": "0"},
    ),
    # Advance payments (先行垫付) and their recovery (the service refuses other roles).
    "complaints:case_advance": case_page(post=True),
    "complaints:case_advance_recovery": case_page(post=True),
    # Corrections of an advance or a recovery entered by mistake (the row named in the body).
    "complaints:case_advance_correct": case_page(post=True),
    "complaints:case_advance_remove": case_page(post=True),
    "complaints:case_recovery_correct": case_page(post=True),
    "complaints:case_recovery_remove": case_page(post=True),
    "complaints:evidence_upload": case_page(post=True),
    "complaints:evidence_download": case_page(needs="evidence"),
    # Accepting or not is the acceptance decision's panel (below), not a generic action.
    "complaints:case_action": case_page(post=True, action="withdraw"),
    # The acceptance decision: every staff role reaches the panel's forms (the service
    # refuses whoever may not propose, approve or record; the page shows why).
    "complaints:decision_submit": case_page(post=True),
    "complaints:decision_approve": case_page(post=True, needs="decision"),
    "complaints:decision_send_back": case_page(post=True, needs="decision"),
    "complaints:decision_notice": case_page(needs="decision"),
    "complaints:complaint_completed": case_page(post=True),
    "complaints:material_collect": case_page(post=True, needs="material"),
    # Only roles that may see personal data (complaints/pii.py), recorded on the timeline.
    "complaints:complainant_id_reveal": Rule((SUPERVISOR,), needs="complainant", post=True),
    "complaints:consultation_list": Rule(INTAKE),
    # Every role sees an employer's page, another office's too: its totals span offices,
    # its case rows only the cases the user may see.
    "complaints:employer_detail": Rule(STAFF, needs="employer", sees_other=STAFF, lists=True),
    # Setting the industry: every role reaches it; the service says who may set or change it.
    "complaints:employer_industry": Rule(
        STAFF, needs="employer", sees_other=STAFF, post=True, body={"industry": "E"}
    ),
    # The documents issued on a case: whoever sees the case prints them (each print recorded).
    "complaints:case_documents": case_page(),
    "complaints:document_page": case_page(needs="document"),
    "complaints:document_docx": case_page(needs="document"),
    # --- inspection: the penalty path and the end of a filed case ----------------------
    # Every staff role sees the form of a case it sees (the page says what the step still
    # needs and the service refuses whoever may not take it: tests/inspection/).
    "inspection:penalty_notice": case_page(),
    "inspection:hearing": case_page(),
    "inspection:penalty_decision": case_page(),
    "inspection:cancellation_propose": case_page(),
    "inspection:closing_propose": case_page(),
    # The investigation's acts and the handling decision: forms of the same kind
    # (tests/inspection/test_investigation_pages.py, test_handling_pages.py).
    "inspection:inquiry_notice": case_page(),
    "inspection:inquiry_record": case_page(),
    "inspection:site_record": case_page(),
    "inspection:handling_decision": case_page(),
    # The head's decision on a proposal: the head only (a role this matrix does not hold),
    # after the case's visibility (tests/inspection/test_ending_pages.py).
    "inspection:step_decide": Rule((), needs="step"),
    # The service of a document on the party and the transfer to the police: forms of a
    # case the user sees (the services refuse whoever may not act: tests/inspection/
    # test_service_pages.py, test_transfer_pages.py); the head alone decides a transfer.
    "inspection:document_serve": case_page(needs="served_document"),
    "inspection:transfer_report_propose": case_page(),
    "inspection:transfer_make": case_page(),
    "inspection:police_answer": case_page(),
    # Credit consequences: every staff role sees the form of a case it sees (the service
    # refuses whoever may not propose: tests/inspection/test_credit.py); the head decides.
    "inspection:credit_propose": case_page(),
    "inspection:credit_decide": Rule((), needs="credit"),
    # --- dispatch: inbox, workspace, referrals, deadlines, supervision, orders ----------
    "dispatch:inbox": Rule(LOGGED_IN, lists=True),
    "dispatch:my_cases": Rule(OFFICERS, lists=True),
    "dispatch:desk_queue": Rule(OFFICERS, lists=True),
    "dispatch:queue_accept": case_page(post=True, needs="referral"),
    "dispatch:queue_return": case_page(post=True, needs="referral", body={"reason": "不属本科室"}),
    # Forged referral ids in a bulk body are refused row by row (test_case_permissions).
    "dispatch:bulk_take": Rule(LOGGED_IN, post=True),
    "dispatch:bulk_reassign": Rule((SUPERVISOR,), post=True),
    "dispatch:saved_filter_create": Rule(LOGGED_IN, post=True),
    "dispatch:saved_filter_delete": Rule(LOGGED_IN, post=True, needs="saved_filter", sees_other=()),
    "dispatch:calculator": Rule(LOGGED_IN),
    "dispatch:referral_action": case_page(post=True, needs="referral", action="start"),
    "dispatch:deadline_action": case_page(
        post=True, needs="deadline", action="pause", body={"reason": "鉴定"}
    ),
    "dispatch:case_refer": case_page(post=True),
    # The desks panel as JSON, polled by a case page opened before routing: as the page.
    "dispatch:case_desks": case_page(),
    # Any staff role reaches it (a non-supervisor, or a case whose dispatch did not fail,
    # gets the page back with the service's refusal); another office's case is a 404.
    "dispatch:case_retry_dispatch": case_page(post=True),
    "dispatch:supervision_action": case_page(post=True, action="start"),
    # A group wage-arrears case's report upward (the service refuses other roles and cases
    # that are not group cases: tests/dispatch/test_group_cases.py).
    "dispatch:group_case_report": case_page(post=True),
    "dispatch:extension_request": case_page(post=True, needs="deadline"),
    "dispatch:extension_decide": case_page(post=True, needs="extension", action="approve"),
    "dispatch:order_create": case_page(post=True),
    "dispatch:order_print": case_page(needs="order"),
    "dispatch:order_complied": case_page(post=True, needs="order"),
    # --- reports -----------------------------------------------------------------------
    "reports:dashboard": Rule(BOARD),
    "reports:dashboard_export": Rule(BOARD, query="format=xlsx"),
    "reports:monthly_return": Rule(BOARD),
    "reports:monthly_return_xlsx": Rule(BOARD),
    "reports:campaign_report": Rule(BOARD),
    "reports:campaign_report_xlsx": Rule(BOARD),
    "reports:export_cases": Rule(LOGGED_IN, post=True, body={"format": "csv"}, lists=True),
    "reports:export_status": Rule(LOGGED_IN, needs="export", sees_other=()),
    "reports:export_download": Rule(LOGGED_IN, needs="export", sees_other=()),
    # --- the REST API under /api/v1/ -----------------------------------------------------
    "api:case-list": api(LOGGED_IN, lists=True),
    "api:case-detail": api_case(),
    "api:case-complainants": api_case(may=INTAKE, post=True),
    "api:case-events": api_case(),
    "api:case-referrals": api_case(),
    # Credit consequences (inspection/api.py): every staff role reads them; the service
    # refuses whoever may not propose; only the head decides (a role this matrix lacks).
    "api:case-credit-proposals": api_case(),
    "api:case-credit-decide": api((), needs="credit", post=True),
    **{f"api:case-{slug}": api_action(slug) for slug in API_ACTIONS},
    "api:case-not-found": api((), refused="404"),
    "api:consultation-list": api((*INTAKE, PLATFORM)),
    # A platform account gets no figures; staff their own office's and those below it.
    "api:stats-summary": api(STAFF, needs="office"),
    # Django's session authentication comes first here: an anonymous request gets 403.
    "api:due-date": api(LOGGED_IN, anonymous="403"),
    "api:unknown-endpoint": PUBLIC_NO_ONE,
}
# Admin URLs: one rule for all (see test_only_staff_reach_the_admin).
ADMIN_NAMESPACE = "admin"


def all_url_patterns(patterns=None, prefix="", namespace=""):
    """(full name, route, pattern) of every URL pattern, walking includes recursively."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from all_url_patterns(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            yield f"{namespace}{entry.name or route}", route, entry


def test_every_url_has_a_rule():
    names = {name for name, _route, _pattern in all_url_patterns()}
    unruled = {name for name in names if not name.startswith(f"{ADMIN_NAMESPACE}:")} - set(RULES)
    assert not unruled, f"give these URLs a rule in RULES: {sorted(unruled)}"
    assert not set(RULES) - names, f"rules of URLs that are gone: {sorted(set(RULES) - names)}"
    assert any(name.startswith(f"{ADMIN_NAMESPACE}:") for name in names)


# --- the world: one office's objects, and another office's -----------------------------


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    settings.REPORTS_EXPORT_DIR = tmp_path / "exports"
    # Throttle counts of this test alone (API and the tracking page count per address).
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"url-permissions-{uuid.uuid4().hex}",
        }
    }


@dataclass
class OfficeObjects:
    case: object
    refused_case: object
    referral: object
    deadline: object
    evidence: object
    extension: object
    order: object
    decision: object  # the approved decision not to accept the refused case


def office_objects(office, *, window, inspector, head) -> OfficeObjects:
    """A routed, accepted case with evidence, an order and an extension request waiting;
    a case not accepted by the head of the inspection body."""
    desk = Desk.objects.get_or_create(office=office, kind="inspection")[0]
    desk.members.add(inspector)

    def register(name):
        return services.case_register(
            actor=window,
            description="工地拖欠三个月工资",
            employer=EmployerData(name=f"{office.name}某某建筑有限公司"),
            complainants=[ComplainantData(name=name, phone="13800138000", id_number=ID_NUMBER)],
            missing_materials=["payroll"],
        ).case

    case = register("张三")
    referral = next(r for r in dispatch.case_route(case_id=case.pk) if r.desk_id == desk.pk)
    dispatch.referral_accept(referral=referral, actor=inspector)
    services.case_accept(case=case, actor=head)  # filed: the investigation's clock runs
    deadline = Deadline.objects.get(referral=referral, closed_at=None)
    evidence = services.evidence_add(
        case=case,
        actor=inspector,
        upload=SimpleUploadedFile("site.png", PNG),
        kind="photo",
    )
    order = order_to_pay(case, inspector)
    extension = dispatch.extension_request(deadline=deadline, actor=inspector, reason="案情复杂")
    refused_case = services.case_not_accept(
        case=register("李四"),
        actor=head,
        reason="超过两年",
        ground=Outcome.objects.get(code="not_accepted_time_limit"),
    )
    decision = refused_case.acceptance_decisions.get()
    return OfficeObjects(
        case, refused_case, referral, deadline, evidence, extension, order, decision
    )


@dataclass
class World:
    users: dict
    own: OfficeObjects
    other: OfficeObjects
    stranger: object  # another user of the own office, owner of the "another's" objects
    other_office: object


@pytest.fixture
def world(user_factory, district, other_district, city) -> World:
    users = {
        role: user_factory(role, district, group)
        for role, group in ROLE_GROUPS.items()
        if role != ADMINISTRATOR
    }
    users[ADMINISTRATOR] = user_factory(ADMINISTRATOR, city, Role.ADMINISTRATOR, is_staff=True)
    users[PLATFORM] = user_factory("platform-a", district, platform_channel="platform")
    Desk.objects.get_or_create(office=district, kind="inspection")[0].members.add(
        users[DESK_OFFICER]
    )
    own = office_objects(
        district,
        window=users[WINDOW],
        inspector=users[INSPECTOR],
        head=user_factory("head", district, Role.INSPECTION_HEAD),
    )
    other = office_objects(
        other_district,
        window=user_factory("east-window", other_district, Role.WINDOW),
        inspector=user_factory("east-inspector", other_district, Role.INSPECTOR),
        head=user_factory("east-head", other_district, Role.INSPECTION_HEAD),
    )
    stranger = user_factory("stranger", district, Role.SUPERVISOR)
    for office in (district, other_district):
        office.seal.save("seal.svg", ContentFile(b'<svg xmlns="http://www.w3.org/2000/svg"/>'))
    return World(users, own, other, stranger, other_district)


# --- one request ---------------------------------------------------------------------


def personal_object(kind: str, owner):
    if kind == "saved_filter":
        return saved_filter_save(user=owner, page="my_cases", name="筛选", query="").pk
    job = ExportJob.objects.create(
        user=owner, file_format="csv", language="en", created_at=clock.now()
    )
    reports.export_run(job_id=job.pk)
    return job.pk


def issued_document(case):
    """A record issued on `case` (in the request's savepoint, so rolled back with it)."""
    office = case.responsible_office
    content = DocumentContent(
        title="现场检查笔录", acting_body=office.acting_body_name, date="2026-12-07"
    )
    return document_issue(
        case=case, office=office, kind="site_record", content=content, actor=case.first_responder
    )


def url_of(name: str, rule: Rule, world: World, *, user, own: bool) -> str:
    """The URL of `name` naming the rule's object: the user's own, or another's."""
    objects = world.own if own else world.other
    case = objects.case
    kwargs = {"action": rule.action} if rule.action else {}
    needs = rule.needs
    if needs in ("case", "evidence", "material", "complainant", "document"):
        kwargs["ticket"] = case.ticket
    if needs in ("refused_case", "decision"):
        kwargs["ticket"] = objects.refused_case.ticket
    if needs == "decision":
        kwargs["decision_id"] = objects.decision.pk
    elif needs == "evidence":
        kwargs["evidence_id"] = objects.evidence.pk
    elif needs == "material":
        kwargs["material_id"] = case.missing_materials.get().pk
    elif needs == "complainant":
        kwargs["complainant_id"] = case.complainants.get().pk
    elif needs == "referral":
        kwargs["referral_id"] = objects.referral.pk
    elif needs == "deadline":
        kwargs["deadline_id"] = objects.deadline.pk
    elif needs in ("extension", "order"):
        kwargs["pk"] = getattr(objects, needs).pk
    elif needs == "document":
        kwargs["pk"] = issued_document(case).pk
    elif needs == "served_document":
        kwargs["ticket"] = case.ticket
        kwargs["pk"] = case.documents.get(kind="rectification").pk
    elif needs == "step":
        kwargs["ticket"] = case.ticket
        # Any step id: the role is refused (or the case unseen) before the step is looked up.
        kwargs["step_id"] = Step.objects.filter(case=case).values_list("pk", flat=True).first() or 0
    elif needs == "credit":
        kwargs["ticket"] = case.ticket
        # Any id: the role is refused (or the case unseen) before the proposal is looked up.
        kwargs["pk"] = 0
    elif needs == "employer":
        kwargs["pk"] = case.employer_id
    elif needs == "seal":
        kwargs["name"] = Office.objects.get(pk=case.registering_office_id).seal.name
    elif needs in PERSONAL_OBJECTS:
        owner = user if own and user is not None else world.stranger
        key = "saved_filter_id" if needs == "saved_filter" else "job_id"
        kwargs[key] = personal_object(needs, owner)
    if name in ("api:case-not-found", "api:unknown-endpoint"):
        url = "/api/v1/cases/no/such/" if name == "api:case-not-found" else "/api/v1/nothing/"
    else:
        url = reverse(name, kwargs=kwargs)
    query = rule.query
    if needs == "office" and not own:
        query = f"office={world.other_office.pk}"
    return f"{url}?{query}" if query else url


def outcome(response) -> str:
    """What the answer means for access: "ok" (reached), "login", "401", "403", "404", ..."""
    status = response.status_code
    if status in (301, 302) and response["Location"].startswith(
        (reverse("accounts:login"), reverse("admin:login"))
    ):
        return "admin login" if "/admin/" in response["Location"] else "login"
    if status in (401, 403, 404, 405):
        return str(status)
    return "ok"


def expected(rule: Rule, role: str, *, own: bool) -> str:
    """The outcome the rule gives `role`; a case's visibility is checked before the role."""
    if role == ANONYMOUS:
        return "ok" if rule.anonymous == "public" else rule.anonymous
    sees = own or not rule.needs or role in rule.sees_other
    if rule.needs in CASE_OBJECTS and (role == PLATFORM or not sees):
        return "404"  # a platform sees only the cases it registered, none of these
    if role not in rule.may:
        return rule.refused
    if not sees:
        return "403" if rule.needs == "office" else "404"  # another office's figures: 403
    return "ok"


def unseen_tickets(world: World, role: str) -> list[str]:
    """Tickets the role may not see: another office's; a platform's, all it did not register."""
    if role == ADMINISTRATOR:
        return []
    offices = [world.other] if role != PLATFORM else [world.own, world.other]
    return [case.ticket for objects in offices for case in (objects.case, objects.refused_case)]


def send(client: Client, name: str, rule: Rule, url: str, token: str | None):
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    if name.startswith("api:"):
        if rule.post:
            return client.post(url, rule.body, content_type="application/json", **headers)
        return client.get(url, **headers)
    if rule.post:
        body = dict(rule.body)
        if name == "complaints:evidence_upload":
            body |= {"kind": "photo", "file": SimpleUploadedFile("a.png", PNG)}
        return client.post(url, body)
    return client.get(url)


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_its_rule_says(role, world):
    user = world.users.get(role)
    client, api_client = Client(), Client()
    if user is not None:
        client.force_login(user)
    token = Token.objects.create(user=user).key if user else None
    wrong = []
    for name, rule in RULES.items():
        for own in (True, False) if rule.needs else (True,):
            with transaction.atomic():
                url = url_of(name, rule, world, user=user, own=own)
                is_api = name.startswith("api:")
                response = send(api_client if is_api else client, name, rule, url, token)
                transaction.set_rollback(True)
            got, want = outcome(response), expected(rule, role, own=own)
            where = f"{name} ({'own' if own else 'another'}) {url}"
            if got != want:
                wrong.append(f"{where}: expected {want}, got {got} ({response.status_code})")
            elif got == "ok" and rule.lists:
                content = b"".join(response) if response.streaming else response.content
                text = content.decode(errors="replace")
                shown = [ticket for ticket in unseen_tickets(world, role) if ticket in text]
                if shown:
                    wrong.append(f"{where}: shows cases it may not see: {shown}")
            client.cookies.pop(django_settings.LANGUAGE_COOKIE_NAME, None)  # back to English
            if user is not None and name == "accounts:logout":
                client.force_login(user)
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


# --- the admin: only staff --------------------------------------------------------------


def admin_urls():
    """A concrete URL for every admin pattern (arguments filled in with harmless values)."""
    values = {"app_label": "complaints", "object_id": "1", "content_type_id": "1", "id": "1"}
    for name, route, pattern in all_url_patterns():
        if not name.startswith(f"{ADMIN_NAMESPACE}:"):
            continue
        arguments = set(pattern.pattern.regex.groupindex)
        if pattern.name:
            url = reverse(name, kwargs={key: values[key] for key in arguments})
        elif "(?P<url>" in route:  # the admin's catch-all for unknown paths
            url = reverse("admin:index") + "no/such/page/"
        else:  # the admin's unnamed catch-alls (old object URLs): fill the route in
            url = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], route)
        yield name, url, bool(arguments)


def test_only_staff_reach_the_admin(world):
    urls = list(admin_urls())
    admin_login = reverse("admin:login")
    public = {reverse("admin:login"), reverse("admin:logout")}
    wrong = []
    for role in (ANONYMOUS, SUPERVISOR, ADMINISTRATOR):  # the strongest role that is not staff
        client = Client()
        user = world.users.get(role)
        if user is not None:
            client.force_login(user)
        for name, url, has_arguments in urls:
            if url in public or (role == ADMINISTRATOR and has_arguments):
                continue  # staff: the list pages are enough
            with transaction.atomic():
                response = client.get(url)
                transaction.set_rollback(True)
            to_login = response.status_code == 302 and response["Location"].startswith(admin_login)
            if to_login != (role != ADMINISTRATOR):
                wrong.append(f"{role} {name} {url}: {response.status_code}")
    assert not wrong, "\n".join(wrong)
