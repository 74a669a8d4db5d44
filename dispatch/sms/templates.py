"""Approved templates: what a vendor gateway sends instead of free text.

Chinese SMS gateways send only texts whose template (fixed words plus named variables)
the vendor approved, under an approved sender signature (短信签名, shown as 【宜昌人社】).
Each kind of SMS the project sends has a template kind here with its parameters in a
fixed order; settings.SMS_TEMPLATES maps each kind to the vendor's template code. Aliyun
templates name the variables (`${ticket}`); Tencent templates number them (`{1}`,
`{2}`, ...) in the order given here. Links are constants of the approved template, never
variables (both vendors refuse variable links), so the tracking address is not one.
"""

from django.conf import settings

from dispatch.sms.base import SmsMessage, SmsRefused

CASE_REGISTERED = "case_registered"
CASE_ACCEPTED = "case_accepted"
CASE_NOT_ACCEPTED = "case_not_accepted"
CASE_CLOSED = "case_closed"
GROUP_CASE_ALERT = "group_case_alert"
HOUR_LIMIT_DUE = "hour_limit_due"
HOUR_LIMIT_OVERDUE = "hour_limit_overdue"

TEMPLATE_PARAMS: dict[str, tuple[str, ...]] = {
    CASE_REGISTERED: ("ticket", "hotline"),
    CASE_ACCEPTED: ("ticket",),
    CASE_NOT_ACCEPTED: ("ticket", "hotline"),
    CASE_CLOSED: ("ticket",),
    GROUP_CASE_ALERT: ("ticket", "workers", "employer", "due"),
    # A limit in hours (e.g. a group case's report upward) to the officer on duty.
    HOUR_LIMIT_DUE: ("ticket", "step", "due"),
    HOUR_LIMIT_OVERDUE: ("ticket", "step", "due"),
}

ELLIPSIS = "…"


def fit(value: str, max_length: int | None) -> str:
    """`value` cut to `max_length` characters, its last one an ellipsis when cut, so the
    gateway takes it and the reader sees that it was shortened (a long employer name)."""
    if max_length is None or len(value) <= max_length:
        return value
    return value[: max_length - 1] + ELLIPSIS


def sign_name() -> str:
    """The signature without its brackets: the vendors add 【】 themselves."""
    return settings.SMS_SIGN_NAME.strip().removeprefix("【").removesuffix("】")


def template_values(message: SmsMessage, *, max_length: int | None) -> tuple[str, list]:
    """The vendor's template code and the (name, value) pairs in template order, each
    value fitted to `max_length` (settings.SMS_PARAM_MAX_LENGTH overrides the vendor's).

    Raises SmsRefused when the kind has no approved template or a parameter is missing:
    the gateway would refuse it, and retrying will not help until the settings change.
    """
    names = TEMPLATE_PARAMS.get(message.template)
    code = settings.SMS_TEMPLATES.get(message.template, "")
    if names is None or not code:
        raise SmsRefused("TemplateNotConfigured", message.template or "-")
    limit = settings.SMS_PARAM_MAX_LENGTH or max_length
    values = []
    for name in names:
        value = str(message.params.get(name, "")).strip()
        if not value:
            raise SmsRefused("TemplateParamMissing", f"{message.template}.{name}")
        values.append((name, fit(value, limit)))
    return code, values
