"""The parts every document of the procedure shares: the acting body, the case's facts, the
two inspectors with their cards, the date, the remedies. Each step's module adds its own
sections (complaints/documents/content.py describes the structure)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Office
from complaints.documents.content import DocumentContent, Section, Signer
from complaints.models import Case
from complaints.notices import notice_remedies
from config import clock


def step_inspectors(step) -> list:
    """A step's inspectors in the order they sign: the one who took the step first (the
    many-to-many relation itself keeps no order)."""
    return sorted(step.inspectors.all(), key=lambda user: (user.pk != step.created_by_id, user.pk))


def signers(users) -> list[Signer]:
    """The inspectors as they sign: name and inspection card number (条例 Art. 16)."""
    return [Signer(name=user.display_name, card=user.inspection_card_number) for user in users]


def case_facts(case: Case) -> list[tuple[str, str]]:
    facts = [(_("Ticket number"), case.ticket)]
    if case.employer_id:
        facts.append((_("Employer"), case.employer.name))
        if case.employer.credit_code:
            facts.append((_("Unified social credit code"), case.employer.credit_code))
    if case.site:
        facts.append((_("Site or project"), case.site))
    return facts


def remedies_section(office: Office) -> Section:
    return Section(
        heading=_("Remedies"),
        paragraphs=[notice_remedies(review_body=office.review_body, court=office.court)],
    )


def base_content(
    *,
    case: Case,
    office: Office,
    title,
    inspectors=(),
    addressee: str = "",
    sections=(),
    receipt_line="",
    sealed: bool = True,
) -> DocumentContent:
    """A document of `office` on `case`, dated today, signed by `inspectors`."""
    return DocumentContent(
        title=title,
        acting_body=office.acting_body_name,
        date=clock.today().isoformat(),
        addressee=addressee,
        facts=case_facts(case),
        sections=list(sections),
        signers=signers(inspectors),
        sealed=sealed,
        receipt_line=receipt_line,
    )
