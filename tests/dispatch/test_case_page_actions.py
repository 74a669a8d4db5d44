"""The case page offers each user exactly the actions the server accepts from them.

For every role and every state of a referral (and of the case), the buttons on the case
page are compared with what the services do when that user tries each action (in a
savepoint, rolled back): a button the server would refuse, or an action it would take
that has no button, fails. Desk and clock buttons, orders to pay, the case's workflow.
"""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.roles import Role
from complaints import services as complaints
from complaints.exceptions import DomainError
from complaints.models import DeskKind
from dispatch import services
from dispatch.models import Deadline, Desk, ExtensionRequest, RectificationOrder, Referral
from tests.builders import finish_referral, order_to_pay, paid_in_full

ROLES = ("window", "inspector", "desk_member", "other_desk", "supervisor", "administrator")
STATES = (
    "unassigned",
    "pending",
    "accepted",
    "in_progress",
    "paused",
    "extension_requested",
    "done",
    "returned",
)
FORM_ACTION = re.compile(r'<form [^>]*action="([^"]+)"')
BUTTONS = [
    (re.compile(r"^/referrals/(\d+)/([\w-]+)/$"), "referral"),
    (re.compile(r"^/deadlines/(\d+)/([\w-]+)/$"), "deadline"),
    (re.compile(r"^/extensions/(\d+)/(request)/$"), "deadline"),
    (re.compile(r"^/extension-requests/(\d+)/([\w-]+)/$"), "extension"),
]


@pytest.fixture
def people(district, window, inspector, supervisor, administrator, inspection_head, user_factory):
    """Who looks at the case; the inspector is on no desk, the desk member on this one; the
    head of the inspection body files cases and decides on withdrawal requests."""
    member = user_factory("member", district, Role.DESK_OFFICER, inspection_card_number="JC-member")
    other = user_factory("otherdesk", district, Role.DESK_OFFICER)
    Desk.objects.get_or_create(office=district, kind=DeskKind.ARBITRATION)[0].members.add(other)
    return {
        "window": window,
        "inspector": inspector,
        "desk_member": member,
        "other_desk": other,
        "supervisor": supervisor,
        "administrator": administrator,
        "inspection_head": inspection_head,
    }


@pytest.fixture
def referral_in(people, register_case, district):
    """referral_in(state) -> a case's inspection referral, brought to `state` through the
    services by the desk member."""
    member = people["desk_member"]

    def bring_to(state: str) -> Referral:
        desk, _created = Desk.objects.get_or_create(office=district, kind=DeskKind.INSPECTION)
        case = register_case()
        (referral,) = services.case_route(case_id=case.pk)  # nobody on the desk yet
        desk.members.add(member)
        if state == "unassigned":
            return referral
        services.referral_take(referral=referral, actor=member)
        if state == "pending":
            return referral
        if state == "returned":
            services.referral_return(referral=referral, actor=member, reason="属于仲裁事项")
            return referral
        services.referral_accept(referral=referral, actor=member)
        # The head files the case: the investigation's clock runs (it may be extended).
        complaints.case_accept(case=case, actor=people["inspection_head"])
        clock_ = Deadline.objects.get(referral=referral, closed_at=None)
        if state == "in_progress":
            services.referral_start(referral=referral, actor=member)
        elif state == "paused":
            services.deadline_pause(deadline=clock_, actor=member, reason="等待鉴定")
        elif state == "extension_requested":
            services.extension_request(deadline=clock_, actor=member, reason="案情复杂")
        elif state == "done":  # a filed case: through the closing approval
            finish_referral(referral, member)
        return referral

    return bring_to


def shown(client, referral) -> set[tuple]:
    """(kind, id, action) of each referral, clock and extension form on the case page."""
    page = client.get(f"/cases/{referral.case.ticket}/")
    assert page.status_code == 200
    found = set()
    for url in FORM_ACTION.findall(page.content.decode()):
        for pattern, kind in BUTTONS:
            if match := pattern.match(url):
                action = match[2]
                found.add(
                    (kind, int(match[1]), "request_extension" if action == "request" else action)
                )
    return found


def tries(referral, member) -> dict:
    """Every action of the panel on this referral, with the input a user would type."""
    calls = {
        ("referral", referral.pk, "accept"): lambda u: services.referral_accept(
            referral=referral, actor=u
        ),
        ("referral", referral.pk, "start"): lambda u: services.referral_start(
            referral=referral, actor=u
        ),
        ("referral", referral.pk, "finish"): lambda u: services.referral_finish(
            referral=referral, actor=u, note=""
        ),
        ("referral", referral.pk, "return"): lambda u: services.referral_return(
            referral=referral, actor=u, reason="不属本科室"
        ),
        ("referral", referral.pk, "reassign"): lambda u: services.referral_reassign(
            referral=referral, officer=member, actor=u
        ),
        ("referral", referral.pk, "take"): lambda u: services.referral_take(
            referral=referral, actor=u
        ),
    }
    for deadline in Deadline.objects.filter(referral=referral):
        key = ("deadline", deadline.pk)
        calls |= {
            (*key, "pause"): lambda u, d=deadline: services.deadline_pause(
                deadline=d, actor=u, reason="等待鉴定"
            ),
            (*key, "resume"): lambda u, d=deadline: services.deadline_resume(deadline=d, actor=u),
            (*key, "extend"): lambda u, d=deadline: services.deadline_extend(
                deadline=d, approver=u, reason="案情复杂"
            ),
            (*key, "request_extension"): lambda u, d=deadline: services.extension_request(
                deadline=d, actor=u, reason="案情复杂"
            ),
        }
    for extension in ExtensionRequest.objects.filter(deadline__referral=referral):
        key = ("extension", extension.pk)
        calls |= {
            (*key, "approve"): lambda u, e=extension: services.extension_approve(
                request=e, actor=u
            ),
            (*key, "refuse"): lambda u, e=extension: services.extension_refuse(
                request=e, actor=u, note="理由不足"
            ),
        }
    return calls


def accepts(call, user) -> bool:
    """Whether the service does it for `user`; whatever it did is rolled back."""
    try:
        with transaction.atomic():
            call(user)
            transaction.set_rollback(True)
    except (DomainError, ValidationError):
        return False
    return True


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_the_case_page_offers_exactly_the_desk_actions_the_server_accepts(
    client, role, state, people, referral_in
):
    member = people["desk_member"]
    referral = referral_in(state)
    user = people[role]
    client.force_login(user)
    accepted = {key for key, call in tries(referral, member).items() if accepts(call, user)}
    assert shown(client, referral) == accepted


def test_window_staff_see_the_desk_but_none_of_its_buttons(client, people, referral_in):
    """What the tester saw: the window opened a routed case and was offered the desk's work."""
    referral = referral_in("pending")
    client.force_login(people["window"])
    html = client.get(f"/cases/{referral.case.ticket}/").content.decode()
    assert "Labor inspection" in html and "Pending" in html
    for label in ("Accept for this desk", "Return to the window", "Pause the clock", "Start work"):
        assert label not in html
    assert shown(client, referral) == set()


# --- The findings panel: orders to pay ---------------------------------------------------

ORDER_STATES = ("investigating", "order_running", "order_complied")


@pytest.mark.parametrize("state", ORDER_STATES)
@pytest.mark.parametrize("role", ROLES)
def test_the_findings_panel_offers_exactly_what_the_server_accepts(
    client, role, state, people, referral_in
):
    member = people["desk_member"]
    case = referral_in("accepted").case

    def order(user):
        return order_to_pay(case, user)

    if state != "investigating":
        issued = order(member)
        if state == "order_complied":
            services.rectification_complied(order=issued, actor=member)
    user = people[role]
    calls = {(f"/cases/{case.ticket}/order/",): order}
    for item in RectificationOrder.objects.filter(case=case):
        calls[(f"/orders/{item.pk}/complied/",)] = lambda u, o=item: (
            services.rectification_complied(order=o, actor=u)
        )
    accepted = {key for key, call in calls.items() if accepts(call, user)}
    client.force_login(user)
    html = client.get(f"/cases/{case.ticket}/").content.decode()
    offered = {(url,) for url in FORM_ACTION.findall(html) if (url,) in calls}
    assert offered == accepted


# --- The case's own workflow actions (the Actions column) --------------------------------

CASE_STATES = ("registered", "desk_working", "desk_returned", "resolved", "withdrawal_requested")
CASE_ROLES = (*ROLES, "inspection_head")


def case_in(state: str, *, referral_in, people):
    """A routed case in `state`; "desk_working": in progress while its desk works it;
    "withdrawal_requested": the same, its complainant asking to withdraw after filing."""
    member, inspector = people["desk_member"], people["inspector"]
    referral = referral_in("pending")
    case = referral.case
    if state == "registered":
        return case
    complaints.case_accept(case=case, actor=people["inspection_head"])
    complaints.case_start(case=case, actor=inspector)
    if state == "withdrawal_requested":
        complaints.case_request_withdrawal(case=case, actor=people["window"], reason="申请撤回")
    if state == "desk_returned":
        services.referral_return(referral=referral, actor=member, reason="属于仲裁事项")
    elif state == "resolved":
        services.referral_accept(referral=referral, actor=member)
        finish_referral(referral, member)
    case.refresh_from_db()
    return case


def case_tries(case, *, other_case, other_office) -> dict:
    """Each workflow action with the input its form sends. Accepting or not is the
    acceptance decision's, on its own panel (tests/dispatch/test_acceptance_decision.py)."""
    reason = {"reason": "当事人申请"}
    return {
        "start": lambda u: complaints.case_start(case=case, actor=u),
        "resolve": lambda u: complaints.case_resolve(case=case, actor=u),
        "reopen": lambda u: complaints.case_reopen(case=case, actor=u, **reason),
        "close": lambda u: complaints.case_close(
            case=case, actor=u, **paid_in_full(outcome_amount=Decimal("4500.00"))
        ),
        "reopen_closed": lambda u: complaints.case_reopen_closed(case=case, actor=u, **reason),
        "withdraw": lambda u: complaints.case_withdraw(case=case, actor=u, **reason),
        "request_withdrawal": lambda u: complaints.case_request_withdrawal(
            case=case, actor=u, **reason
        ),
        "cancel_filing": lambda u: complaints.case_cancel_filing(case=case, actor=u, **reason),
        "continue_ex_officio": lambda u: complaints.case_continue_ex_officio(
            case=case, actor=u, **reason
        ),
        "merge": lambda u: complaints.case_merge(case=case, actor=u, target=other_case),
        "transfer": lambda u: complaints.case_transfer(
            case=case, actor=u, to_office=other_office, **reason
        ),
    }


@pytest.mark.parametrize("state", CASE_STATES)
@pytest.mark.parametrize("role", CASE_ROLES)
def test_the_actions_column_offers_exactly_the_case_actions_the_server_accepts(
    client, role, state, people, referral_in, register_case, other_district
):
    case = case_in(state, referral_in=referral_in, people=people)
    other_case = register_case(site="另一个工地")
    user = people[role]
    calls = case_tries(case, other_case=other_case, other_office=other_district)
    accepted = {action for action, call in calls.items() if accepts(call, user)}
    client.force_login(user)
    html = client.get(f"/cases/{case.ticket}/").content.decode()
    prefix = f"/cases/{case.ticket}/actions/"
    offered = {
        url.removeprefix(prefix).strip("/")
        for url in FORM_ACTION.findall(html)
        if url.startswith(prefix)
    }
    assert offered == accepted
