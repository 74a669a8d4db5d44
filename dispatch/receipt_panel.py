"""The desks on a case's registration receipt (投诉登记回执), and only their time limits.

The receipt is a complaints page; dispatch fills its "receipt" slot (complaints/panels.py)
from `DispatchConfig.ready()`. It names the desks the case went to, or, while routing has
not run yet, the desks routing will pick (`desks_for_case`, `office_for_case`: reads only).
A desk's time limits are read from its DeadlinePolicy rows (limit, unit, legal basis), so an
administrator's edit is what the worker is told; where each one counts from is said per
desk, because the desks do not count from the same day (docs/statutory-time-limits.md):

- inspection (and social insurance, handled as an inspection matter): the decision on
  acceptance within 5 working days of registration (若干规定 Art. 18), the investigation
  within 60 working days of filing, 30 more with approval (劳动保障监察条例 Art. 17);
- arbitration: 5 days from the commission's receipt of the arbitration application
  (劳动争议调解仲裁法 Art. 29);
- work injury: 15 days from a complete application (工伤认定办法 Art. 8);
- legal aid: 7 days from the application (法律援助法 Art. 43).

A desk the case did not go to promises nothing on the receipt.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import Office
from complaints.models import Case, DeskKind, RoutingState
from complaints.panels import RECEIPT, register_case_panel
from dispatch.models import DeadlinePolicy, DeadlineUnit, ReferralStatus
from dispatch.services.deadlines import ACCEPT_POLICY, CONCLUDE_POLICY, EXTENSION_POLICY
from dispatch.services.routing import desks_for_case, office_for_case

# Where a step's clock starts, in the words the worker reads (placeholders: the policy's
# step, its limit with its unit, its legal basis).
FROM_REGISTRATION = _(
    "%(step)s: within %(limit)s of the day your complaint was registered (%(basis)s)."
)
FROM_FILING = _(
    "%(step)s: within %(limit)s of the day the case is filed (立案) once it is accepted "
    "(%(basis)s)."
)
WITH_APPROVAL = _("%(step)s: by at most %(limit)s more, and only with approval (%(basis)s).")
FROM_ARBITRATION_APPLICATION = _(
    "%(step)s: within %(limit)s of the day the arbitration commission receives your "
    "arbitration application, not of this registration (%(basis)s)."
)
FROM_COMPLETE_APPLICATION = _(
    "%(step)s: within %(limit)s of the day your complete application for recognition of a "
    "work injury is received, not of this registration (%(basis)s)."
)
FROM_LEGAL_AID_APPLICATION = _(
    "%(step)s: within %(limit)s of the day your legal aid application is received, not of "
    "this registration (%(basis)s)."
)


def _as_inspection(kind: str) -> tuple[tuple[str, object], ...]:
    conclude = CONCLUDE_POLICY[kind]
    return (
        (ACCEPT_POLICY[kind], FROM_REGISTRATION),
        (conclude, FROM_FILING),
        (EXTENSION_POLICY[conclude], WITH_APPROVAL),
    )


# Desk -> the policies the receipt states for it, each with where its clock starts.
RECEIPT_LIMITS = {
    DeskKind.INSPECTION: _as_inspection(DeskKind.INSPECTION),
    DeskKind.ARBITRATION: ((ACCEPT_POLICY[DeskKind.ARBITRATION], FROM_ARBITRATION_APPLICATION),),
    DeskKind.WORK_INJURY: ((ACCEPT_POLICY[DeskKind.WORK_INJURY], FROM_COMPLETE_APPLICATION),),
    DeskKind.SOCIAL_INSURANCE: _as_inspection(DeskKind.SOCIAL_INSURANCE),
    DeskKind.LEGAL_AID: ((ACCEPT_POLICY[DeskKind.LEGAL_AID], FROM_LEGAL_AID_APPLICATION),),
}


@dataclass(frozen=True)
class ReceiptDesk:
    kind: str
    label: str
    office: Office | None
    limits: list[str]


def limit_text(policy: DeadlinePolicy) -> str:
    """`policy`'s limit with its unit, as a sentence says it: "5 working days", "15 days"."""
    count = policy.limit
    if policy.unit == DeadlineUnit.WORKING_DAYS:
        text = ngettext("%(count)s working day", "%(count)s working days", count)
    else:
        text = ngettext("%(count)s day", "%(count)s days", count)
    return text % {"count": count}


def _referred(case: Case) -> list[tuple[str, Office | None]]:
    """The desks the case went to (not those that sent it back), each once, in order."""
    desks: dict[str, Office | None] = {}
    for referral in case.referrals.all():
        if referral.status != ReferralStatus.RETURNED:
            desks.setdefault(referral.desk.kind, referral.desk.office)
    return list(desks.items())


def _limits(kind: str, policies: dict[str, DeadlinePolicy]) -> list[str]:
    """The sentences of the desk's time limits; a policy an administrator removed is left out."""
    return [
        sentence
        % {
            "step": policies[code].name,
            "limit": limit_text(policies[code]),
            "basis": policies[code].basis,
        }
        for code, sentence in RECEIPT_LIMITS.get(kind, ())
        if code in policies
    ]


def receipt_desks_context(*, case: Case, user) -> dict:
    """The context of dispatch/receipt_desks.html: each desk with its time limits."""
    desks = _referred(case)
    expected = not desks and case.is_open and case.routing_state != RoutingState.ROUTED
    if expected:  # routing has not run (or failed): what it will pick, nothing written
        office = office_for_case(case)
        desks = [(choice.kind, office) for choice in desks_for_case(case)]
    codes = {code for kind, _office in desks for code, _sentence in RECEIPT_LIMITS.get(kind, ())}
    policies = {policy.code: policy for policy in DeadlinePolicy.objects.filter(code__in=codes)}
    return {
        "desks_expected": expected,
        "receipt_desks": [
            ReceiptDesk(kind, DeskKind(kind).label, office, _limits(kind, policies))
            for kind, office in desks
        ],
    }


def register_receipt_panel() -> None:
    """The desks and their time limits on the receipt (called once, at start-up)."""
    register_case_panel(
        slot=RECEIPT,
        order=10,
        template="dispatch/receipt_desks.html",
        context=receipt_desks_context,
        prefetch=("referrals__desk__office",),
    )
