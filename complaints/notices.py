"""What the written notice of non-acceptance (不予受理告知书) says in law, as data.

Each ground for not accepting (an outcome whose code starts with not_accepted) has its
own legal basis; a notice without a ground, or with one not listed, cites the general
rule (若干规定 Art. 18). The remedies name the office's review body and court.
"""

from django.utils.translation import gettext_lazy as _

DEFAULT_BASIS = _(
    "This notice is given in writing under Art. 18 of the Provisions on Implementing the "
    "Regulations on Labor Security Supervision (关于实施《劳动保障监察条例》若干规定)."
)

# Outcome code -> the basis printed on the notice.
BASIS_BY_GROUND = {
    "not_accepted_time_limit": _(
        "Under Art. 20 of the Regulations on Labor Security Supervision (劳动保障监察条例), "
        "a violation that the labor security administration has not discovered, and that "
        "has not been reported or complained of, within two years is no longer "
        "investigated. This notice is given in writing under Art. 18 of the Provisions on "
        "Implementing the Regulations."
    ),
    "not_accepted_not_labor": _(
        "Under Art. 21 of the Regulations on Labor Security Supervision (劳动保障监察条例) "
        "and Art. 18 of the Provisions on Implementing the Regulations (关于实施《劳动保障监察"
        "条例》若干规定), a matter to be settled through the labor dispute procedure, or one "
        "already before mediation, arbitration or a court, is not handled by labor security "
        "inspection; you are told in writing which route applies."
    ),
}


# The basis of each written notice of an acceptance decision, by its ground.
BASIS_BY_DECISION = {
    "out_of_time": BASIS_BY_GROUND["not_accepted_time_limit"],
    "not_inspection": BASIS_BY_GROUND["not_accepted_not_labor"],
    "complete": _(
        "Under Art. 18 para. 3 of the Provisions on Implementing the Regulations on Labor "
        "Security Supervision (关于实施《劳动保障监察条例》若干规定), a complaint that does not "
        "name the employer clearly, or does not show that the harm comes from the employer's "
        "violation, is to be completed by the complainant. Your complaint stays registered; "
        "the time to decide on it runs again from the day we receive what is listed above."
    ),
    "other_office": _(
        "Under Art. 18 para. 4 of the Provisions on Implementing the Regulations on Labor "
        "Security Supervision (关于实施《劳动保障监察条例》若干规定), a complaint within the "
        "powers of labor security inspection but outside this office's territory is handled "
        "by the office named below; we have passed your complaint on to it, and you need not "
        "complain again."
    ),
}


def decision_basis(ground: str) -> str:
    """The legal basis printed on the written notice of a decision on `ground`."""
    return BASIS_BY_DECISION.get(ground, DEFAULT_BASIS)


def notice_basis(outcome) -> str:
    """The legal basis for a not-accepted case whose ground is `outcome` (or None)."""
    return BASIS_BY_GROUND.get(outcome.code if outcome else "", DEFAULT_BASIS)


def notice_remedies(*, review_body: str, court: str) -> str:
    """Review within 60 days and litigation within 6 months, at the bodies named; a body
    left blank in the office's data is not named."""
    values = {"review_body": review_body, "court": court}
    if review_body and court:
        text = _(
            "If you disagree with this decision, you may apply for administrative "
            "reconsideration within 60 days of receiving this notice to %(review_body)s "
            "(行政复议法, Art. 20), or bring an administrative lawsuit within 6 months at "
            "%(court)s (行政诉讼法, Art. 46)."
        )
    elif review_body:
        text = _(
            "If you disagree with this decision, you may apply for administrative "
            "reconsideration within 60 days of receiving this notice to %(review_body)s "
            "(行政复议法, Art. 20), or bring an administrative lawsuit within 6 months in the "
            "people's court (行政诉讼法, Art. 46)."
        )
    elif court:
        text = _(
            "If you disagree with this decision, you may apply for administrative "
            "reconsideration within 60 days of receiving this notice (行政复议法, Art. 20), or "
            "bring an administrative lawsuit within 6 months at %(court)s (行政诉讼法, Art. 46)."
        )
    else:
        text = _(
            "If you disagree with this decision, you may apply for administrative "
            "reconsideration within 60 days of receiving this notice (行政复议法, Art. 20), or "
            "bring an administrative lawsuit in the people's court within 6 months (行政诉讼法, "
            "Art. 46)."
        )
    return text % values
