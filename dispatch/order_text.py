"""What the order to correct (限期改正指令书) says in law, as data.

The provisions violated depend on the party ordered: the employer's duty to pay wages
(劳动保障监察条例 Art. 26; 劳动合同法 Art. 30), and in construction the general
contractor's (保障农民工工资支付条例 Art. 30) or the construction unit's (Art. 36) duty to
pay in its place. The consequences of not paying and the remedies are printed on every
order.
"""

from django.utils.translation import gettext_lazy as _

from complaints.notices import notice_remedies
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
