"""What the order to correct (限期改正指令书) says in law, as data.

The provisions violated depend on the party ordered: the employer's duty to pay wages
(劳动保障监察条例 Art. 26; 劳动合同法 Art. 30), and in construction the general
contractor's (保障农民工工资支付条例 Art. 30) or the construction unit's (Art. 36) duty to
pay in its place. The consequences of not paying and the remedies are printed on every
order. `order_content` composes the issued document of the order (kind "rectification")
from the same parts as the printed page.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from complaints.documents.content import DocumentContent, Section, Signer, Table
from complaints.notices import notice_remedies
from config import clock
from dispatch.models import OrderAddressee, RectificationOrder

BASE_PROVISIONS = [
    _(
        "Art. 30 of the Labor Contract Law (劳动合同法): the employer shall pay the workers' "
        "remuneration in full and on time."
    ),
    _(
        "Art. 26 of the Regulations on Labor Security Supervision (劳动保障监察条例): the "
        "labor security administration orders an employer that withholds or fails to pay "
        "wages to pay them within a time limit."
    ),
]

PROVISIONS_BY_ADDRESSEE = {
    OrderAddressee.GENERAL_CONTRACTOR: _(
        "Art. 30 of the Regulations on Ensuring the Payment of Wages to Migrant Workers "
        "(保障农民工工资支付条例): wages owed by a subcontractor, or on a project passed on, "
        "are paid first by the general contractor, which may then recover them."
    ),
    OrderAddressee.CONSTRUCTION_UNIT: _(
        "Art. 36 of the Regulations on Ensuring the Payment of Wages to Migrant Workers "
        "(保障农民工工资支付条例): where the construction unit let the works to an individual "
        "or to a unit not qualified to do business, the wages owed are paid by the "
        "construction unit."
    ),
}

CONSEQUENCES = [
    _(
        "If you do not pay by this date, you will be ordered to pay the workers, in "
        "addition, compensation of 50% to 100% of the amount owed (加付赔偿金, Art. 85 of the "
        "Labor Contract Law, 劳动合同法)."
    ),
    _(
        "Refusing to pay workers' remuneration when able to pay, after being ordered to pay "
        "by the government department, is a crime (Art. 276-1 of the Criminal Law, 刑法); "
        "the case will be transferred to the police."
    ),
]


def order_provisions(order: RectificationOrder) -> list[str]:
    """The provisions violated, as printed on the order."""
    extra = PROVISIONS_BY_ADDRESSEE.get(order.addressee_role)
    return [*BASE_PROVISIONS, *([extra] if extra else [])]


def order_addressee(order: RectificationOrder) -> tuple[str, str]:
    """The name and credit code of the party ordered (被责令单位)."""
    if order.addressee_role == OrderAddressee.EMPLOYER:
        employer = order.case.employer
        return (employer.name, employer.credit_code) if employer else ("", "")
    return order.addressee_name, order.addressee_credit_code


def order_print_context(order: RectificationOrder) -> dict:
    """The context of dispatch/rectification_order.html."""
    office = order.referral.desk.office
    name, credit_code = order_addressee(order)
    return {
        "order": order,
        "office": office,
        "acting_body": office.acting_body_name,
        "addressee_name": name,
        "addressee_credit_code": credit_code,
        "addressee_is_employer": order.addressee_role == OrderAddressee.EMPLOYER,
        "provisions": order_provisions(order),
        "consequences": CONSEQUENCES,
        "remedies": notice_remedies(review_body=office.review_body, court=office.court),
        "lines": list(order.lines.all()),
        "signers": order.signers,
    }


def order_content(
    *, order: RectificationOrder, lines: list, office, inspectors: list
) -> DocumentContent:
    """The order as an issued document (kind "rectification"): every part of the printed
    order, in the document language; `lines` and `inspectors` are the order's, which may
    not be saved yet. Its number is set when it is issued (document_issue)."""
    name, credit_code = order_addressee(order)
    addressee = name
    if credit_code:
        addressee = f"{name}（{_('Unified social credit code')}：{credit_code}）"
    pay_by = order.pay_by.isoformat()
    total = sum((line.amount for line in lines), Decimal("0"))
    table = Table(
        columns=[str(_("Worker")), str(_("Amount ordered (yuan)"))],
        rows=[[line.complainant.name, f"{line.amount:.2f}"] for line in lines],
        footer=[
            ngettext("Total, %(workers)s worker", "Total, %(workers)s workers", len(lines))
            % {"workers": len(lines)},
            f"{total:.2f}",
        ],
    )
    sections = [
        Section(heading=_("Findings"), paragraphs=[order.findings]),
        Section(heading=_("Provisions violated"), paragraphs=order_provisions(order)),
        Section(
            heading=_("Order"),
            paragraphs=[
                _(
                    "You are ordered to pay the workers below the amounts stated by "
                    "%(date)s, and to report the payment to this office."
                )
                % {"date": pay_by}
            ],
            table=table,
        ),
        Section(paragraphs=[_("Pay by: %(date)s") % {"date": pay_by}]),
        Section(heading=_("If you do not pay"), paragraphs=CONSEQUENCES),
        Section(
            heading=_("Remedies"),
            paragraphs=[notice_remedies(review_body=office.review_body, court=office.court)],
        ),
    ]
    return DocumentContent(
        title=_("Order to correct within a time limit"),
        acting_body=office.acting_body_name,
        date=clock.today().isoformat(),
        addressee=addressee,
        facts=_order_facts(order),
        sections=sections,
        signers=[Signer(name=u.display_name, card=u.inspection_card_number) for u in inspectors],
        sealed=True,
        receipt_line=_("Received by the party ordered (signature and date):"),
    )


def _order_facts(order: RectificationOrder) -> list[tuple]:
    case = order.case
    facts = [(_("Party ordered"), order.get_addressee_role_display())]
    if order.addressee_role != OrderAddressee.EMPLOYER and case.employer_id:
        facts.append((_("Employer"), case.employer.name))
    if case.site:
        facts.append((_("Site or project"), case.site))
    facts.append((_("Ticket number"), case.ticket))
    return facts
