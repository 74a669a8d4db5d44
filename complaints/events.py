"""Timeline entries: one small function per kind of event, and their translated summary.

The stored record is (kind, actor, time, payload, message); the sentence shown on the
timeline is composed from it in the reader's language by `describe`.
"""

from django.db import connection
from django.utils.translation import get_language
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from complaints.handoffs import announce_after_commit
from complaints.models import Case, CaseEvent, Channel, DeskKind, EvidenceKind, Material
from config import clock

SUMMARIES = {
    "registered": _("Registered via %(channel)s with %(complainants)s complainant(s)."),
    "complainants_added": _("%(count)s complainant(s) added."),
    "accept": _("Accepted and filed (立案)."),
    "not_accept": _("Not accepted; written notice %(notice)s."),
    "start": _("Work started."),
    "resolve": _("Marked resolved."),
    "resolve_by_referrals": _("Resolved: every desk has finished its part."),
    "reopen": _("Reopened."),
    "reopen_closed": _("Closed case reopened."),
    "close": _("Closed with outcome “%(outcome)s”."),
    "withdraw": _("Withdrawn by the complainant."),
    "merge": _("Merged into case %(target)s."),
    "merged_in": _("Case %(source)s was merged into this case."),
    "transfer": _("Transferred from %(from_office)s to %(to_office)s."),
    "note": _("Note added."),
    "payment_recorded": _("Payment recorded: %(name)s received ¥%(amount)s on %(paid_on)s."),
    "routed": _("Routed to %(desks)s at %(office)s."),
    "routing_skipped": _("Ended before routing; no desk was referred."),
    "routing_failed": _("Dispatch failed after %(attempts)s attempts; a supervisor can retry."),
    "routing_retried": _("Dispatch retried."),
    # Recorded by dispatch about the desks' work on the case.
    "referred": _("Referred to %(desk)s at %(office)s."),
    "referral_accepted": _("%(desk)s accepted the case."),
    "referral_started": _("%(desk)s started work."),
    "referral_done": _("%(desk)s finished its part."),
    "referral_returned": _("%(desk)s returned the case."),
    "referral_reassigned": _("%(desk)s: reassigned to %(officer)s."),
    "referral_taken": _("%(desk)s: taken by %(officer)s."),
    "deadline_paused": _("Clock paused: %(policy)s (due %(due)s)."),
    "deadline_resumed": _("Clock resumed: %(policy)s, now due %(due)s."),
    "deadline_extended": _("Extension approved: %(policy)s, now due %(due)s."),
    "deadline_overdue": _("Overdue: %(policy)s at %(desk)s was due on %(due)s."),
    "case_ended_work_closed": _("The desks' open work was closed because the case ended."),
    "material_collected": _("Material collected: %(material)s."),
    "evidence_added": _("Evidence added: %(evidence_kind)s “%(name)s”."),
    # Supervision (督办), extension requests and orders to pay, recorded by dispatch.
    "supervision_started": _("Put under supervision; report back by %(report_by)s."),
    "supervision_reported": _("Supervision report."),
    "supervision_lifted": _("Supervision lifted."),
    "extension_requested": _("Extension requested: %(policy)s (due %(due)s)."),
    "extension_refused": _("Extension refused: %(policy)s (due %(due)s)."),
    "rectification_ordered": _(
        "Findings and order to pay recorded: %(number)s, ¥%(amount)s by %(pay_by)s."
    ),
    "rectification_complied": _("Order to pay %(number)s complied with."),
    # Personal data: who looked at a full ID number (the number itself is never stored here).
    "id_number_viewed": _("Full ID number of %(name)s viewed by %(viewer)s."),
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
    if values.get("policy_zh"):  # a time limit's step, named (older events hold its code)
        chinese = (get_language() or "").startswith("zh")
        values["policy"] = values["policy_zh"] if chinese else values["policy_en"]
    return values


def describe(event: CaseEvent) -> str:
    template = SUMMARIES.get(event.kind)
    if template is None:
        return event.kind
    try:
        return _gettext(str(template)) % _readable(event.payload)
    except (KeyError, TypeError, ValueError):
        return _gettext(str(template)).split("%")[0].strip()


def record(*, case: Case, kind: str, actor, payload: dict | None = None, message: str = ""):
    """Append one event; the only way anything writes to the timeline.

    After commit, dispatch is asked to tell whoever should hear of it (the first
    responder, the complainants by SMS at key steps).
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


def _event(*, case: Case, kind: str, actor, payload: dict | None = None, message: str = ""):
    return CaseEvent(
        case=case,
        kind=kind,
        actor=actor,
        created_at=clock.now(),
        payload=payload or {},
        message=message,
    )


def registered(*, case: Case, actor, complainant_count: int) -> CaseEvent:
    return record(
        case=case,
        kind="registered",
        actor=actor,
        payload={"channel": case.channel, "complainants": complainant_count},
    )


def complainants_added(*, case: Case, actor, count: int, message: str = "") -> CaseEvent:
    return record(
        case=case,
        kind="complainants_added",
        actor=actor,
        payload={"count": count},
        message=message,
    )


def transitioned(*, case: Case, action: str, actor, payload=None, message="") -> CaseEvent:
    return record(case=case, kind=action, actor=actor, payload=payload, message=message)


def note_added(*, case: Case, actor, text: str) -> CaseEvent:
    return record(case=case, kind="note", actor=actor, message=text)


def material_collected(*, case: Case, actor, material: str) -> CaseEvent:
    return record(case=case, kind="material_collected", actor=actor, payload={"material": material})


def id_number_viewed(*, case: Case, actor, complainant) -> CaseEvent:
    """Someone saw a complainant's full ID number: who, and whose (never the number)."""
    return record(
        case=case,
        kind="id_number_viewed",
        actor=actor,
        payload={
            "complainant": complainant.pk,
            "name": complainant.name,
            "viewer": actor.display_name,
        },
    )
