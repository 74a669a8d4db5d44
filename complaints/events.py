"""Timeline entries: one small function per kind of event, and their translated summary.

The stored record is (kind, actor, time, payload, message); the sentence shown on the
timeline is composed from it in the reader's language by `describe`.
"""

import logging

from django.db import connection
from django.utils import translation
from django.utils.translation import get_language, gettext, pgettext
from django.utils.translation import gettext_lazy as _

from complaints.handoffs import announce_after_commit
from complaints.models import (
    AdvanceSource,
    Case,
    CaseEvent,
    Channel,
    Complainant,
    DeskKind,
    EventKind,
    EvidenceKind,
    Ground,
    Material,
    Route,
)
from complaints.workflow import ALLOWED_TRANSITIONS
from config import clock

logger = logging.getLogger(__name__)

SUMMARIES: dict[EventKind, str] = {
    EventKind.REGISTERED: _("Registered via %(channel)s with %(complainants)s complainant(s)."),
    EventKind.COMPLAINANTS_ADDED: _("%(count)s complainant(s) added."),
    EventKind.ACCEPT: _("Accepted and filed (立案)."),
    EventKind.NOT_ACCEPT: _("Not accepted; written notice %(notice)s."),
    EventKind.START: _("Work started."),
    # The acceptance decision (受理) and what follows it.
    EventKind.DECISION_PROPOSED: _("Acceptance decision proposed: %(ground)s."),
    EventKind.DECISION_SENT_BACK: _("Acceptance decision sent back: %(ground)s."),
    EventKind.COMPLETION_REQUESTED: _(
        "The complainant was asked in writing (%(notice)s) to complete the complaint."
    ),
    EventKind.COMPLAINT_COMPLETED: _(
        "The completed complaint was received on %(received_on)s; the 5 working days to "
        "decide run again."
    ),
    EventKind.REDIRECT: _(
        "Not a matter for labor inspection (notice %(notice)s); it goes on at %(route)s."
    ),
    EventKind.RESOLVE: _("Marked resolved."),
    EventKind.RESOLVE_BY_REFERRALS: _("Resolved: every desk has finished its part."),
    EventKind.REOPEN: _("Reopened."),
    EventKind.REOPEN_CLOSED: _("Closed case reopened."),
    EventKind.CLOSE: _("Closed with outcome “%(outcome)s”."),
    EventKind.WITHDRAW: _("Withdrawn by the complainant."),
    # After filing: the complainant's request, and the head's decision on it.
    EventKind.WITHDRAWAL_REQUESTED: _(
        "The complainant asked to withdraw; the head of the inspection body decides."
    ),
    EventKind.FILING_CANCELLED: _("Filing cancelled on the complainant's withdrawal request."),
    EventKind.CONTINUED_EX_OFFICIO: _(
        "The withdrawal request does not end the case: it continues ex officio."
    ),
    EventKind.MERGE: _("Merged into case %(target)s."),
    EventKind.MERGED_IN: _("Case %(source)s was merged into this case."),
    EventKind.TRANSFER: _("Transferred from %(from_office)s to %(to_office)s."),
    EventKind.NOTE: _("Note added."),
    EventKind.PAYMENT_RECORDED: _(
        "Payment recorded: %(name)s received ¥%(amount)s on %(paid_on)s."
    ),
    EventKind.ROUTED: _("Routed to %(desks)s at %(office)s."),
    EventKind.ROUTING_SKIPPED: _("Ended before routing; no desk was referred."),
    EventKind.ROUTING_FAILED: _(
        "Dispatch failed after %(attempts)s attempts; a supervisor can retry."
    ),
    EventKind.ROUTING_RETRIED: _("Dispatch retried."),
    # Recorded about the desks' work on the case.
    EventKind.REFERRED: _("Referred to %(desk)s at %(office)s."),
    EventKind.REFERRAL_ACCEPTED: _("%(desk)s accepted the case."),
    EventKind.REFERRAL_STARTED: _("%(desk)s started work."),
    EventKind.REFERRAL_DONE: _("%(desk)s finished its part."),
    EventKind.REFERRAL_RETURNED: _("%(desk)s returned the case."),
    EventKind.REFERRAL_REASSIGNED: _("%(desk)s: reassigned to %(officer)s."),
    EventKind.REFERRAL_TAKEN: _("%(desk)s: taken by %(officer)s."),
    EventKind.APPLICATION_RECEIVED: _("%(desk)s received the application on %(received_on)s."),
    EventKind.DEADLINE_PAUSED: _("Clock paused: %(policy)s (due %(due)s)."),
    EventKind.DEADLINE_RESUMED: _("Clock resumed: %(policy)s, now due %(due)s."),
    EventKind.DEADLINE_EXTENDED: _("Extension approved: %(policy)s, now due %(due)s."),
    EventKind.DEADLINE_OVERDUE: _("Overdue: %(policy)s at %(desk)s was due on %(due)s."),
    EventKind.CASE_ENDED_WORK_CLOSED: _("The desks' open work was closed because the case ended."),
    EventKind.MATERIAL_COLLECTED: _("Material collected: %(material)s."),
    EventKind.EVIDENCE_ADDED: _("Evidence added: %(evidence_kind)s “%(name)s”."),
    # Supervision (督办), extension requests and orders to pay.
    EventKind.SUPERVISION_STARTED: _("Put under supervision; report back by %(report_by)s."),
    EventKind.SUPERVISION_REPORTED: _("Supervision report."),
    EventKind.SUPERVISION_LIFTED: _("Supervision lifted."),
    EventKind.EXTENSION_REQUESTED: _("Extension requested: %(policy)s (due %(due)s)."),
    EventKind.EXTENSION_REFUSED: _("Extension refused: %(policy)s (due %(due)s)."),
    EventKind.RECTIFICATION_ORDERED: _(
        "Findings and order to pay recorded: %(number)s, ¥%(amount)s by %(pay_by)s."
    ),
    EventKind.RECTIFICATION_COMPLIED: _("Order to pay %(number)s complied with."),
    # The inspection procedure (inspection/): its steps, their documents and their service.
    EventKind.DOCUMENT_ISSUED: _("Document issued: %(title)s %(number)s."),
    EventKind.DOCUMENT_SERVED: _("%(title)s %(number)s served on %(served_on)s (%(method)s)."),
    EventKind.STEP_RECORDED: _("%(step)s."),
    EventKind.STEP_PROPOSED: _("Submitted to the head for approval: %(step)s."),
    EventKind.STEP_APPROVED: _("Approved by the head: %(step)s."),
    EventKind.STEP_REFUSED: _("Not approved by the head: %(step)s."),
    # Credit consequences for an employer who did not pay (inspection/services/credit.py).
    EventKind.CREDIT_PROPOSED: _("Proposed to the head: %(measure)s against %(employer)s."),
    EventKind.CREDIT_DECIDED: _("%(measure)s against %(employer)s: %(decision)s."),
    # Violation categories complained of and found (complaints/services/violations.py).
    EventKind.VIOLATIONS_RECORDED: _("Violations: %(violations)s."),
    # A construction case's project and chain of responsibility (complaints/services/chain.py).
    EventKind.PARTIES_RECORDED: _("Project and parties: %(parties)s."),
    # Advance payments (先行垫付) and their recovery (complaints/services/advances.py).
    EventKind.ADVANCE_PAID: _(
        "Advance paid (%(source)s): %(name)s received ¥%(amount)s on %(paid_on)s, "
        "approved by %(approver)s."
    ),
    EventKind.ADVANCE_RECOVERED: _(
        "Advance recovered from the employer: ¥%(amount)s on %(recovered_on)s."
    ),
    EventKind.ADVANCE_CORRECTED: _(
        "Advance to %(name)s corrected: ¥%(old_amount)s on %(old_paid_on)s became "
        "¥%(amount)s on %(paid_on)s."
    ),
    EventKind.ADVANCE_REMOVED: _(
        "Advance to %(name)s removed (entered by mistake): ¥%(amount)s on %(paid_on)s."
    ),
    EventKind.RECOVERY_CORRECTED: _(
        "Recovery from the employer corrected: ¥%(old_amount)s on %(old_recovered_on)s "
        "became ¥%(amount)s on %(recovered_on)s."
    ),
    EventKind.RECOVERY_REMOVED: _(
        "Recovery from the employer removed (entered by mistake): ¥%(amount)s on %(recovered_on)s."
    ),
    # Personal data: who looked at a full ID number (the number itself is never stored here).
    EventKind.ID_NUMBER_VIEWED: _("Full ID number of %(name)s viewed by %(viewer)s."),
}


def _readable(payload: dict) -> dict:
    """Turn stored codes into labels of the reader's language."""
    values = dict(payload)
    if values.get("channel") in Channel.values:
        values["channel"] = Channel(values["channel"]).label
    if values.get("material") in Material.values:
        values["material"] = Material(values["material"]).label
    if values.get("evidence_kind") in EvidenceKind.values:
        values["evidence_kind"] = EvidenceKind(values["evidence_kind"]).label
    if values.get("ground") in Ground.values:
        values["ground"] = Ground(values["ground"]).label
    if values.get("route") in Route.values:
        values["route"] = Route(values["route"]).label
    if values.get("desk") in DeskKind.values:
        values["desk"] = DeskKind(values["desk"]).label
    if isinstance(values.get("desks"), list):
        labels = [
            DeskKind(code).label if code in DeskKind.values else code for code in values["desks"]
        ]
        separator = "、" if (get_language() or "").startswith("zh") else ", "
        values["desks"] = separator.join(str(label) for label in labels)
    if "outcome_zh" in values:
        chinese = (get_language() or "").startswith("zh")
        values["outcome"] = values["outcome_zh"] if chinese else values.get("outcome_en", "")
    if values.get("source") in AdvanceSource.values:
        values["source"] = AdvanceSource(values["source"]).label
    # Stored in both languages (`in_both_languages`): a step, a method of service, a credit
    # measure and its decision, the violation categories' and the chain's changes, a time
    # limit's step (older events hold its code).
    for name in BILINGUAL:
        if values.get(f"{name}_zh"):
            chinese = (get_language() or "").startswith("zh")
            values[name] = values[f"{name}_zh"] if chinese else values[f"{name}_en"]
    return values


BILINGUAL = ("step", "method", "measure", "decision", "violations", "parties", "policy")
LANGUAGES = (("en", "en"), ("zh", "zh-hans"))


def in_both_languages(name: str, label) -> dict:
    """{`name`_en, `name`_zh}: a label (a lazy string) as each language reads it, for an
    event's payload; `describe` shows the reader's (BILINGUAL)."""
    names = {}
    for code, language in LANGUAGES:
        with translation.override(language):
            names[f"{name}_{code}"] = str(label)
    return names


def describe(event: CaseEvent) -> str:
    """The event's sentence in the reader's language.

    Every `EventKind` has a summary (tests/complaints/test_events.py) and the table's
    check constraint admits no other kind; should one appear anyway, the reader is told
    so in words and the log says which.
    """
    if event.kind == EventKind.NOTE and event.payload.get("dimensions"):
        return _dimensions_summary(event.payload["dimensions"])
    template = SUMMARIES.get(event.kind)
    if template is None:
        logger.error("Case event %s has an unknown kind %r", event.pk, event.kind)
        return gettext("Unknown event")
    try:
        return gettext(str(template)) % _readable(event.payload)
    except (KeyError, TypeError, ValueError):
        return gettext(str(template)).split("%")[0].strip()


def _dimensions_summary(changes: list[dict]) -> str:
    """The sentence of a change of the wage-arrears dimensions (a note's kind: the kinds are
    fixed by the table's check constraint), from the field names and values it stored."""
    parts = []
    for change in changes:
        model = Complainant if change.get("field") == "is_migrant_worker" else Case
        try:
            label = str(model._meta.get_field(change["field"]).verbose_name)
        except (KeyError, LookupError):
            continue
        value = pgettext("flag", "yes") if change.get("value") else pgettext("flag", "no")
        part = gettext("%(field)s: %(value)s") % {"field": label, "value": value}
        if change.get("name"):
            part = f"{change['name']}, {part}"
        parts.append(part)
    separator = "；" if (get_language() or "").startswith("zh") else "; "
    return gettext("Case data changed: %(changes)s.") % {"changes": separator.join(parts)}


def record(*, case: Case, kind: EventKind, actor, payload: dict | None = None, message: str = ""):
    """Append one event; the only way anything writes to the timeline.

    After commit, the announcement task is asked (complaints/handoffs.py) to tell whoever
    should hear of it (the first responder, the complainants by SMS at key steps).
    """
    event = _event(case=case, kind=kind, actor=actor, payload=payload, message=message)
    event.save(force_insert=True)
    announce_after_commit(event.pk)
    return event


def record_many(entries: list[dict]) -> list[CaseEvent]:
    """`record` for many events in one INSERT (the chase sweep's overdue marks).

    Each entry holds `record`'s keyword arguments; each event is announced after commit.
    """
    events = [_event(**entry) for entry in entries]
    if connection.features.can_return_rows_from_bulk_insert:
        CaseEvent.objects.bulk_create(events)
    else:  # the ids are needed for the announcements
        for event in events:
            event.save(force_insert=True)
    for event in events:
        announce_after_commit(event.pk)
    return events


def _event(*, case: Case, kind: EventKind, actor, payload: dict | None = None, message=""):
    return CaseEvent(
        case=case,
        kind=EventKind(kind),  # ValueError for anything else, before it reaches the table
        actor=actor,
        created_at=clock.now(),
        payload=payload or {},
        message=message,
    )


def registered(*, case: Case, actor, complainant_count: int) -> CaseEvent:
    return record(
        case=case,
        kind=EventKind.REGISTERED,
        actor=actor,
        payload={"channel": case.channel, "complainants": complainant_count},
    )


def complainants_added(*, case: Case, actor, count: int, message: str = "") -> CaseEvent:
    return record(
        case=case,
        kind=EventKind.COMPLAINANTS_ADDED,
        actor=actor,
        payload={"count": count},
        message=message,
    )


def transitioned(*, case: Case, action: str, actor, payload=None, message="") -> CaseEvent:
    """A workflow transition; its event's kind is the action's name unless its row in
    complaints/workflow.py names another (a withdrawal request's, the head's decisions)."""
    kind = EventKind(ALLOWED_TRANSITIONS[action].event_kind)
    return record(case=case, kind=kind, actor=actor, payload=payload, message=message)


def note_added(*, case: Case, actor, text: str) -> CaseEvent:
    return record(case=case, kind=EventKind.NOTE, actor=actor, message=text)


def material_collected(*, case: Case, actor, material: str) -> CaseEvent:
    return record(
        case=case, kind=EventKind.MATERIAL_COLLECTED, actor=actor, payload={"material": material}
    )


def id_number_viewed(*, case: Case, actor, complainant) -> CaseEvent:
    """Someone saw a complainant's full ID number: who, and whose (never the number)."""
    return record(
        case=case,
        kind=EventKind.ID_NUMBER_VIEWED,
        actor=actor,
        payload={
            "complainant": complainant.pk,
            "name": complainant.name,
            "viewer": actor.display_name,
        },
    )
