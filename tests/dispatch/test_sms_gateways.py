"""SMS through each vendor's SDK to a local fake of its endpoint (tests/fakes/): the
signature and template parameters checked by the fake, the vendor's message id stored,
the receipt recorded; refusals retried then flagged; the per-number limit; no number
in the logs."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from sms_gateways import CODES, SIGN_NAME, point_settings_at, start_gateway

from complaints import services as complaints
from complaints.models import CaseEvent
from config import clock
from dispatch import services
from dispatch.models import Notification, SmsStatus
from dispatch.services.announcements import event_announce
from dispatch.services.notifications import (
    SmsText,
    notification_deliver,
    notify_complainants,
    resend_unsent,
)
from dispatch.sms import templates
from dispatch.tasks import record_sms_receipts

PHONE = "13800138000"
WIRE_PHONE = {"aliyun": PHONE, "tencent": f"+86{PHONE}"}
REFUSAL = {"aliyun": "isv.MOBILE_NUMBER_ILLEGAL", "tencent": "LimitExceeded.PhoneNumberDailyLimit"}


@pytest.fixture(params=["aliyun", "tencent"])
def gateway(request, settings):
    fake = start_gateway(request.param)
    point_settings_at(settings, fake)
    yield fake
    fake.process.terminate()
    fake.process.wait(timeout=10)


@pytest.fixture
def aliyun(settings):
    fake = start_gateway("aliyun")
    point_settings_at(settings, fake)
    yield fake
    fake.process.terminate()
    fake.process.wait(timeout=10)


def registration_sms(register_case):
    """A routed case's registration SMS to its one complainant."""
    case = register_case()
    services.case_route(case_id=case.pk)
    for event_id in CaseEvent.objects.filter(case=case).values_list("id", flat=True):
        event_announce(event_id=event_id)
    return case, Notification.objects.get(case=case, channel="sms")


def sent_params(gateway, message) -> dict:
    """The parameters the fake received, by name (Tencent's are in template order)."""
    params = message["params"]
    if gateway.vendor == "tencent":
        return dict(zip(templates.TEMPLATE_PARAMS[templates.CASE_REGISTERED], params, strict=True))
    return params


def test_each_vendor_sends_through_its_sdk_and_records_the_receipt(
    gateway, register_case, settings
):
    case, sms = registration_sms(register_case)
    assert sms.template == templates.CASE_REGISTERED and sms.delivery_status == SmsStatus.PENDING

    assert notification_deliver(notification_id=sms.pk) is True

    [message] = gateway.state()["sent"]  # the fake checked the request's signature
    assert message["phone"] == WIRE_PHONE[gateway.vendor]
    assert message["sign_name"] == SIGN_NAME
    assert message["template"] == CODES[gateway.vendor][templates.CASE_REGISTERED]
    assert sent_params(gateway, message) == {
        "ticket": case.ticket,
        "hotline": settings.BUREAU_HOTLINE,
    }
    sms.refresh_from_db()
    assert sms.provider_message_id == message["message_id"]
    assert (sms.delivery_status, sms.attempts) == (SmsStatus.SENT, 1)
    assert sms.sent_at is not None

    assert record_sms_receipts() == 1
    sms.refresh_from_db()
    assert sms.delivery_status == SmsStatus.DELIVERED and sms.delivered_at is not None
    assert record_sms_receipts() == 0  # nothing left to ask about


def test_an_undelivered_message_is_flagged_by_its_receipt(gateway, register_case):
    _case, sms = registration_sms(register_case)
    gateway.make_undeliverable(WIRE_PHONE[gateway.vendor])
    assert notification_deliver(notification_id=sms.pk) is True
    record_sms_receipts()
    sms.refresh_from_db()
    assert sms.delivery_status == SmsStatus.FAILED and sms.last_error.startswith("receipt: ")


def test_the_fake_refuses_a_request_signed_with_another_secret(gateway, register_case, settings):
    _case, sms = registration_sms(register_case)
    settings.SMS_ACCESS_KEY_SECRET = "not-the-secret"
    assert notification_deliver(notification_id=sms.pk) is False
    state = gateway.state()
    assert state["sent"] == [] and state["refused"][0]["reason"] == "signature differs"
    sms.refresh_from_db()
    assert sms.sent_at is None and "Signature" in sms.last_error


def test_a_refused_number_is_retried_with_backoff_then_flagged_on_the_case_page(
    gateway, register_case, client, supervisor
):
    case, sms = registration_sms(register_case)
    gateway.refuse(WIRE_PHONE[gateway.vendor], REFUSAL[gateway.vendor])
    start = clock.now()
    with time_machine.travel(start, tick=False):
        assert notification_deliver(notification_id=sms.pk) is False
    sms.refresh_from_db()
    assert (sms.attempts, sms.delivery_status) == (1, SmsStatus.PENDING)
    assert sms.last_error.startswith(REFUSAL[gateway.vendor])
    assert sms.next_attempt_at == start + timedelta(seconds=60)

    with time_machine.travel(start + timedelta(seconds=150), tick=False):
        assert resend_unsent(older_than_seconds=0) == 0  # the second attempt
    sms.refresh_from_db()
    assert sms.attempts == 2 and sms.next_attempt_at == start + timedelta(seconds=150 + 120)
    with time_machine.travel(start + timedelta(seconds=200), tick=False):
        resend_unsent(older_than_seconds=0)  # still waiting: no attempt
    sms.refresh_from_db()
    assert sms.attempts == 2
    with time_machine.travel(start + timedelta(seconds=300), tick=False):
        resend_unsent(older_than_seconds=0)
    sms.refresh_from_db()
    assert (sms.attempts, sms.delivery_status) == (3, SmsStatus.FAILED)  # SMS_MAX_ATTEMPTS
    with time_machine.travel(start + timedelta(days=1), tick=False):
        resend_unsent(older_than_seconds=0)  # a failed message is left to people
    sms.refresh_from_db()
    assert sms.attempts == 3 and len(gateway.state()["refused"]) == 3

    client.force_login(supervisor)
    page = client.get(reverse("complaints:case_detail", args=[case.ticket])).content.decode()
    warning = page.split('id="failed-sms"')[1].split("</section>")[0]
    assert "138****8000" in warning and REFUSAL[gateway.vendor] in warning
    assert PHONE not in warning


def test_values_longer_than_aliyuns_35_characters_are_cut_with_an_ellipsis(aliyun, register_case):
    case = register_case()
    employer = (
        "宜昌市某某某某建筑劳务分包有限责任公司第三工程项目部（原某某建设集团有限公司分公司）"
    )
    assert len(employer) > 35
    params = {"ticket": case.ticket, "workers": 12, "employer": employer, "due": "2026-03-02"}
    sms = SmsText(
        text=f"Group case {case.ticket}", template=templates.GROUP_CASE_ALERT, params=params
    )
    [row] = notify_complainants(case=case, key="long", sms=sms)

    assert notification_deliver(notification_id=row.pk) is True  # the fake checks <= 35
    [message] = aliyun.state()["sent"]
    assert message["params"]["employer"] == employer[:34] + "…"
    assert message["params"]["workers"] == "12"
    row.refresh_from_db()
    assert row.params["employer"] == employer  # the row keeps the whole value


def test_fit_keeps_short_values_and_marks_cut_ones():
    assert templates.fit("YC-2026-000123", 35) == "YC-2026-000123"
    assert templates.fit("a" * 36, 35) == "a" * 34 + "…"
    assert templates.fit("a" * 36, None) == "a" * 36


def test_a_second_message_within_the_per_number_limit_waits_and_is_sent_later(
    aliyun, register_case, settings
):
    settings.SMS_RATE_LIMITS = [(60, 1), (3600, 5)]
    case = register_case()
    first, second = (
        notify_complainants(
            case=case,
            key=key,
            sms=SmsText(text=key, template=templates.CASE_CLOSED, params={"ticket": case.ticket}),
        )[0]
        for key in ("one", "two")
    )
    start = clock.now()
    with time_machine.travel(start, tick=False):
        assert notification_deliver(notification_id=first.pk) is True
        assert notification_deliver(notification_id=second.pk) is False
    second.refresh_from_db()
    assert second.next_attempt_at == start + timedelta(seconds=60)
    assert (second.attempts, second.delivery_status) == (0, SmsStatus.PENDING)  # not dropped
    assert len(aliyun.state()["sent"]) == 1

    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        assert resend_unsent(older_than_seconds=0) == 1
    assert len(aliyun.state()["sent"]) == 2


def test_a_kind_without_an_approved_template_is_refused_before_the_gateway(
    aliyun, register_case, settings
):
    settings.SMS_TEMPLATES = {}
    _case, sms = registration_sms(register_case)
    assert notification_deliver(notification_id=sms.pk) is False
    sms.refresh_from_db()
    assert sms.last_error.startswith("TemplateNotConfigured") and aliyun.state()["sent"] == []


def test_no_phone_number_in_any_log_record(gateway, register_case, caplog, inspection_head):
    caplog.set_level(logging.DEBUG)
    case, sms = registration_sms(register_case)
    notification_deliver(notification_id=sms.pk)
    record_sms_receipts()
    complaints.case_accept(case=case, actor=inspection_head)
    gateway.refuse(WIRE_PHONE[gateway.vendor], REFUSAL[gateway.vendor])
    for event_id in CaseEvent.objects.filter(case=case).values_list("id", flat=True):
        event_announce(event_id=event_id)
    for row in Notification.objects.filter(case=case, channel="sms", sent_at__isnull=True):
        notification_deliver(notification_id=row.pk)
    assert Notification.objects.filter(case=case, channel="sms").count() == 2
    assert any("refused by the gateway" in record.getMessage() for record in caplog.records)
    for record in caplog.records:
        assert PHONE not in record.getMessage(), record.name
        assert PHONE[-8:] not in record.getMessage(), record.name
