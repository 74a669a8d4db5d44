"""What the transfer report (涉嫌犯罪案件移送报告) and the transfer letter (涉嫌犯罪案件移送书)
say, composed from the case when they are issued (inspection/services/transfer.py).

The letter carries the index of the case file that goes with it (国务院令第310号 Art. 6:
the case's documents, the evidence list, the inspection records), so the police and the
file show the same list.
"""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from complaints.documents.content import DocumentContent, Section, Table, document_language
from complaints.models import DocumentKind, IssuedDocument
from dispatch.models import RectificationOrder
from inspection.documents import base_content, step_inspectors
from inspection.models import Step
from inspection.selectors import ProcedureState

OFFENCE = _(
    "Refusing to pay labor remuneration (拒不支付劳动报酬罪), Art. 276-1 of the Criminal Law (刑法)"
)
RECORD_KINDS = (DocumentKind.INQUIRY_RECORD, DocumentKind.SITE_RECORD)


def _local_day(moment) -> str:
    return timezone.localdate(moment).isoformat()


def _workers_table(order: RectificationOrder) -> Table:
    lines = list(order.lines.select_related("complainant"))
    total = sum((line.amount for line in lines), Decimal("0"))
    return Table(
        columns=[str(_("Worker")), str(_("Amount ordered (yuan)"))],
        rows=[[line.complainant.name, f"{line.amount:.2f}"] for line in lines],
        footer=[
            ngettext("Total, %(workers)s worker", "Total, %(workers)s workers", len(lines))
            % {"workers": len(lines)},
            f"{total:.2f}",
        ],
    )


def _order_served(order: RectificationOrder, state: ProcedureState) -> Section:
    service = state.order_service(order)
    return Section(
        heading=_("The order to correct, served and not complied with"),
        paragraphs=[
            order.findings,
            _(
                "The order to correct %(number)s, issued on %(issued)s, was served on the "
                "party on %(served)s (%(method)s). It ordered the wages paid by %(pay_by)s; "
                "they have not been paid."
            )
            % {
                "number": order.number,
                "issued": _local_day(order.issued_at),
                "served": service.served_on.isoformat(),
                "method": service.get_method_display(),
                "pay_by": order.pay_by.isoformat(),
            },
        ],
    )


def report_content(step: Step, state: ProcedureState) -> DocumentContent:
    """The written transfer report of two inspectors to the head (国务院令第310号 Art. 5)."""
    order = step.order
    with document_language():
        content = base_content(
            case=state.case,
            office=step.referral.desk.office,
            title=_("Report on transferring the case to the police"),
            inspectors=step_inspectors(step),
            sections=[
                _order_served(order, state),
                Section(heading=_("Amount and workers"), table=_workers_table(order)),
                Section(heading=_("Suspected offence"), paragraphs=[OFFENCE]),
                Section(
                    heading=_("Proposal of the inspectors"),
                    paragraphs=[
                        step.details["reasons"],
                        _(
                            "We propose that the case be transferred to the police of the "
                            "same level, under Art. 5 of the Provisions on the Transfer of "
                            "Suspected Criminal Cases by Administrative Law Enforcement "
                            "Bodies (国务院令第310号)."
                        ),
                    ],
                ),
            ],
            receipt_line=_("Decision of the head of the inspection body:"),
            sealed=False,
        )
        return content


def _index_table(documents: list[IssuedDocument]) -> Table:
    return Table(
        columns=[str(_("No.")), str(_("Document")), str(_("Document number")), str(_("Date"))],
        rows=[
            [str(index), document.title, document.number or "—", _local_day(document.issued_at)]
            for index, document in enumerate(documents, start=1)
        ],
    )


def _file_index(state: ProcedureState) -> list[Section]:
    """The case file that goes with the letter (Art. 6): its documents, its evidence, its
    inspection records."""
    case = state.case
    documents = list(IssuedDocument.objects.filter(case=case).order_by("issued_at", "id"))
    evidence = list(case.evidence.order_by("uploaded_at", "id"))
    records = [document for document in documents if document.kind in RECORD_KINDS]
    none = [_("None.")]
    evidence_table = Table(
        columns=[str(_("No.")), str(_("File")), str(_("Kind")), str(_("Date"))],
        rows=[
            [str(index), item.description or item.original_name, item.get_kind_display(),
             _local_day(item.uploaded_at)]
            for index, item in enumerate(evidence, start=1)
        ],
    )  # fmt: skip
    return [
        Section(heading=_("Index of the case file: documents"), table=_index_table(documents)),
        Section(
            heading=_("Evidence list"),
            table=evidence_table if evidence else None,
            paragraphs=[] if evidence else none,
        ),
        Section(
            heading=_("Inspection records"),
            table=_index_table(records) if records else None,
            paragraphs=[] if records else none,
        ),
    ]


def letter_content(step: Step, state: ProcedureState) -> DocumentContent:
    """The transfer letter to the police (国务院令第310号 Arts. 6 and 8)."""
    report = step.follows
    order = step.order
    police_body = step.details["police_body"]
    with document_language():
        approval = _(
            "The transfer was approved by %(name)s, head of the inspection body, on %(date)s."
        ) % {"name": report.decided_by.display_name, "date": _local_day(report.decided_at)}
        request = _(
            "Under Art. 6 of the Provisions on the Transfer of Suspected Criminal Cases by "
            "Administrative Law Enforcement Bodies (国务院令第310号), the case is transferred "
            "to you with the case file listed below. Please decide within 3 days of receiving "
            "it whether to file it, and inform this office in writing (Art. 8)."
        )
        sections = [
            Section(paragraphs=[request, approval]),
            Section(heading=_("Suspected offence"), paragraphs=[OFFENCE]),
            _order_served(order, state),
            Section(heading=_("Amount and workers"), table=_workers_table(order)),
            *([Section(heading=_("Note"), paragraphs=[step.details["note"]])]
              if step.details.get("note") else []),
            *_file_index(state),
        ]  # fmt: skip
        return base_content(
            case=state.case,
            office=step.referral.desk.office,
            title=_("Letter transferring the case to the police"),
            inspectors=step_inspectors(step),
            addressee=police_body,
            sections=sections,
            receipt_line=_("Received by the police (signature and date):"),
        )
