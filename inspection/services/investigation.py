"""The investigation's acts: the inquiry notice, the inquiry record, the on-site inspection
record.

Each act is carried out by two inspectors who show their inspection cards (劳动保障监察条例
Art. 16): the actor and a second inspector of the case's office, both holding a card
(`step_record` checks them). The employer must accept the inquiry and bring what it is asked
for (Art. 15); refusing is punished under Art. 30, which the notice says. The records are
the inspectors' written account of what was asked and answered, or seen on site, signed by
the person questioned or present; they carry no number. Each act is a step of the procedure
(inspection/services/steps.py) that issues its document in the same transaction, so a
refused act leaves no step, no document and no number taken.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from complaints.documents.content import Section, document_language
from complaints.models import Case, DocumentKind
from config import clock
from inspection.documents import base_content
from inspection.models import Step, StepKind
from inspection.services.steps import step_record

# 劳动保障监察条例 Art. 15 (the duty to cooperate) and Art. 30 (refusing it), as the notice
# prints them.
DUTY_TO_COOPERATE = _(
    "Under Art. 15 of the Regulations on Labor Security Supervision (劳动保障监察条例), the "
    "labor security administration may question the persons concerned and require the "
    "relevant materials, and the unit investigated shall provide them truthfully."
)
REFUSAL_PENALTY = _(
    "Under Art. 30 of the same Regulations, a unit that without reason refuses or obstructs "
    "the inspection, does not provide the materials required, conceals the facts or gives "
    "false evidence is ordered to correct and fined 2,000 to 20,000 yuan."
)


def when(moment: datetime) -> str:
    """A moment as the document language writes it, in the bureau's time zone."""
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _cards_shown(actor, second_inspector) -> str:
    return _(
        "The inspectors %(first)s (inspection card %(first_card)s) and %(second)s (inspection "
        "card %(second_card)s) showed their inspection cards (劳动保障监察条例, Art. 16)."
    ) % {
        "first": actor.display_name,
        "first_card": actor.inspection_card_number,
        "second": second_inspector.display_name,
        "second_card": second_inspector.inspection_card_number,
    }


def _office(step: Step):
    return step.referral.desk.office


# --- the inquiry notice (询问通知书) ---------------------------------------------------


@dataclass
class InquiryNotice:
    addressee: str
    appear_at: datetime
    place: str
    bring: list[str]
    note: str


def _notice_checked(case: Case, notice: InquiryNotice) -> InquiryNotice:
    errors = {}
    notice.addressee = (notice.addressee or "").strip() or (
        case.employer.name if case.employer_id else ""
    )
    notice.place = (notice.place or "").strip()
    notice.bring = [item.strip() for item in notice.bring or () if item and item.strip()]
    notice.note = (notice.note or "").strip()
    if not notice.addressee:
        errors["addressee"] = _("Name the employer to be questioned.")
    if notice.appear_at is None or notice.appear_at <= clock.now():
        errors["appear_at"] = _("The time to appear must be in the future.")
    if not notice.place:
        errors["place"] = _("Write the place where the employer is to appear.")
    if errors:
        raise ValidationError(errors)
    return notice


def _notice_content(step: Step, notice: InquiryNotice, actor, second_inspector):
    office = _office(step)
    with document_language():
        appear = _(
            "Your unit is under investigation in this case. Please send a person in charge or "
            "an authorised person to %(place)s at %(time)s to be questioned."
        ) % {"place": notice.place, "time": when(notice.appear_at)}
        inspectors = [
            _("%(name)s (inspection card %(card)s)")
            % {"name": user.display_name, "card": user.inspection_card_number}
            for user in (actor, second_inspector)
        ]
        contact = _("Inspectors: %(names)s. Telephone: %(phone)s.") % {
            "names": "、".join(str(text) for text in inspectors),
            "phone": office.phone or "—",
        }
        bring = [f"{n}. {item}" for n, item in enumerate(notice.bring, start=1)]
        sections = [
            Section(heading=_("Time and place"), paragraphs=[appear]),
            Section(heading=_("Please bring"), paragraphs=bring or [_("Your identity papers.")]),
            Section(
                heading=_("Your duty to cooperate"), paragraphs=[DUTY_TO_COOPERATE, REFUSAL_PENALTY]
            ),
            *(
                [Section(heading=_("Note"), paragraphs=lines_of(notice.note))]
                if notice.note
                else []
            ),
            Section(
                heading=_("How to contact us"),
                paragraphs=[contact],
            ),
        ]
        return base_content(
            case=step.case,
            office=office,
            title=_("Inquiry notice"),
            inspectors=[actor, second_inspector],
            addressee=notice.addressee,
            sections=sections,
            receipt_line=_("Received by the unit questioned (signature and date):"),
        )


@transaction.atomic
def inquiry_notice_issue(
    *,
    case: Case,
    actor,
    second_inspector,
    addressee: str,
    appear_at: datetime,
    place: str,
    bring: list[str],
    note: str = "",
) -> Step:
    """Tell the employer when and where to come and what to bring (询问通知书, numbered
    询通字), served on it like the order to correct (劳动保障监察条例 Arts. 15, 16, 30)."""
    notice = _notice_checked(case, InquiryNotice(addressee, appear_at, place, bring, note))
    return step_record(
        case=case,
        kind=StepKind.INQUIRY_NOTICE,
        actor=actor,
        second_inspector=second_inspector,
        compose=lambda step: _notice_content(step, notice, actor, second_inspector),
        details={
            "addressee": notice.addressee,
            "appear_at": notice.appear_at.isoformat(),
            "place": notice.place,
            "bring": notice.bring,
            "note": notice.note,
        },
    )


# --- the inquiry record (询问笔录) ------------------------------------------------------


@dataclass
class InquiryRecord:
    person_name: str
    person_role: str
    started_at: datetime
    ended_at: datetime
    place: str
    exchanges: list[tuple[str, str]]


def _record_checked(record: InquiryRecord) -> InquiryRecord:
    errors = {}
    record.person_name = (record.person_name or "").strip()
    record.person_role = (record.person_role or "").strip()
    record.place = (record.place or "").strip()
    exchanges = [((q or "").strip(), (a or "").strip()) for q, a in record.exchanges or ()]
    if not record.person_name:
        errors["person_name"] = _("Name the person questioned.")
    if not record.place:
        errors["place"] = _("Write the place of the inquiry.")
    if record.started_at is None or record.started_at > clock.now():
        errors["started_at"] = _("The inquiry cannot start in the future.")
    elif record.ended_at is None or record.ended_at < record.started_at:
        errors["ended_at"] = _("The inquiry cannot end before it started.")
    if not exchanges:
        errors["exchanges"] = _("Enter at least one question and its answer.")
    elif any(not q or not a for q, a in exchanges):
        errors["exchanges"] = _("Every question needs its answer, and every answer its question.")
    if errors:
        raise ValidationError(errors)
    record.exchanges = exchanges
    return record


def _record_content(step: Step, record: InquiryRecord, actor, second_inspector):
    with document_language():
        facts = [
            (_("Time"), f"{when(record.started_at)} — {when(record.ended_at)}"),
            (_("Place"), record.place),
            (_("Person questioned"), record.person_name),
            (_("Position or relation to the employer"), record.person_role or "—"),
        ]
        rights = _(
            "They told the person questioned of the duty to answer truthfully and to provide "
            "the relevant materials (劳动保障监察条例, Art. 15), and of the right to state their "
            "case and to ask for an inspector with an interest in the case to withdraw."
        )
        qa = [
            text
            for question, answer in record.exchanges
            for text in (_("Q: %(text)s") % {"text": question}, _("A: %(text)s") % {"text": answer})
        ]
        content = base_content(
            case=step.case,
            office=_office(step),
            title=_("Inquiry record"),
            inspectors=[actor, second_inspector],
            sections=[
                Section(paragraphs=[_cards_shown(actor, second_inspector), rights]),
                Section(heading=_("Questions and answers"), paragraphs=qa),
                Section(
                    heading=_("Confirmation by the person questioned"),
                    paragraphs=[_("I have read the above record; it matches what I said.")],
                ),
            ],
            receipt_line=_("Signature of the person questioned and date:"),
            sealed=False,
        )
        content.facts += facts
        return content


@transaction.atomic
def inquiry_record_enter(
    *,
    case: Case,
    actor,
    second_inspector,
    person_name: str,
    person_role: str,
    started_at: datetime,
    ended_at: datetime,
    place: str,
    exchanges: list[tuple[str, str]],
) -> Step:
    """Enter an inquiry record (询问笔录, unnumbered): who was questioned, when and where, by
    which two inspectors (劳动保障监察条例 Art. 16), the questions and answers, and the
    person's signature line."""
    record = _record_checked(
        InquiryRecord(person_name, person_role, started_at, ended_at, place, list(exchanges))
    )
    return step_record(
        case=case,
        kind=StepKind.INQUIRY_RECORD,
        actor=actor,
        second_inspector=second_inspector,
        compose=lambda step: _record_content(step, record, actor, second_inspector),
        details={
            "person_name": record.person_name,
            "person_role": record.person_role,
            "started_at": record.started_at.isoformat(),
            "ended_at": record.ended_at.isoformat(),
            "place": record.place,
            "exchanges": [list(pair) for pair in record.exchanges],
        },
    )


# --- the on-site inspection record (现场检查笔录) --------------------------------------


def _site_checked(place: str, inspected_at: datetime, findings: str) -> None:
    errors = {}
    if not place:
        errors["place"] = _("Write the place inspected.")
    if inspected_at is None or inspected_at > clock.now():
        errors["inspected_at"] = _("The inspection cannot be in the future.")
    if not findings:
        errors["findings"] = _("Write what the inspection found.")
    if errors:
        raise ValidationError(errors)


def _site_content(step: Step, details: dict, inspected_at, actor, second_inspector):
    with document_language():
        content = base_content(
            case=step.case,
            office=_office(step),
            title=_("On-site inspection record"),
            inspectors=[actor, second_inspector],
            sections=[
                Section(paragraphs=[_cards_shown(actor, second_inspector)]),
                Section(heading=_("What was found"), paragraphs=lines_of(details["findings"])),
                Section(
                    heading=_("Confirmation by the persons present"),
                    paragraphs=[
                        _("I have read the above record; it matches what was found on site.")
                    ],
                ),
            ],
            receipt_line=_("Signature of the persons present and date:"),
            sealed=False,
        )
        content.facts += [
            (_("Time"), when(inspected_at)),
            (_("Place"), details["place"]),
            (_("Present"), details["present"] or "—"),
        ]
        return content


@transaction.atomic
def site_record_enter(
    *,
    case: Case,
    actor,
    second_inspector,
    place: str,
    inspected_at: datetime,
    present: str,
    findings: str,
) -> Step:
    """Enter an on-site inspection record (现场检查笔录, unnumbered): the place, the time,
    who was present and what the two inspectors found (劳动保障监察条例 Arts. 15, 16)."""
    place, present, findings = (
        (place or "").strip(),
        (present or "").strip(),
        (findings or "").strip(),
    )
    _site_checked(place, inspected_at, findings)
    details = {
        "place": place,
        "inspected_at": inspected_at.isoformat(),
        "present": present,
        "findings": findings,
    }
    return step_record(
        case=case,
        kind=StepKind.SITE_RECORD,
        actor=actor,
        second_inspector=second_inspector,
        compose=lambda step: _site_content(step, details, inspected_at, actor, second_inspector),
        details=details,
        document_kind=DocumentKind.SITE_RECORD,
    )
