"""Alibaba Cloud SMS (阿里云短信服务) through its SDK, `alibabacloud-dysmsapi20170525`.

SendSms takes the signature, the template code and the parameters as a JSON object;
its answer's BizId is the message id. QuerySendDetails reports on one number's messages
of one day (SendStatus 1 waiting, 2 failed, 3 delivered), so receipts are asked message
by message. Each variable's value is at most 35 characters (Aliyun's rule for
notification templates since 2023); longer values are cut (`templates.fit`).
Settings: SMS_ACCESS_KEY_ID, SMS_ACCESS_KEY_SECRET, SMS_REGION, SMS_ENDPOINT (empty:
dysmsapi.aliyuncs.com; a test points it at a local fake over http).
"""

import json
import re
from datetime import datetime

from alibabacloud_dysmsapi20170525 import models
from alibabacloud_dysmsapi20170525.client import Client
from alibabacloud_tea_openapi.exceptions import AlibabaCloudException
from alibabacloud_tea_openapi.utils_models import Config
from darabonba.runtime import RuntimeOptions
from django.conf import settings
from django.utils import timezone

from complaints.masking import mask_phone
from dispatch.sms.base import SentSms, SmsMessage, SmsReceipt, SmsRefused
from dispatch.sms.templates import sign_name, template_values

PARAM_MAX_LENGTH = 35
DEFAULT_ENDPOINT = "dysmsapi.aliyuncs.com"
DELIVERED, FAILED = 3, 2
TIMEOUT_MS = 10_000


class AliyunBackend:
    param_max_length = PARAM_MAX_LENGTH

    def __init__(self):
        endpoint = settings.SMS_ENDPOINT or DEFAULT_ENDPOINT
        scheme, _sep, host = endpoint.rpartition("://")
        self.client = Client(
            Config(
                access_key_id=settings.SMS_ACCESS_KEY_ID,
                access_key_secret=settings.SMS_ACCESS_KEY_SECRET,
                region_id=settings.SMS_REGION or "cn-hangzhou",
                endpoint=host,
                protocol=scheme or "https",
                read_timeout=TIMEOUT_MS,
                connect_timeout=TIMEOUT_MS,
            )
        )

    def send(self, message: SmsMessage) -> str:
        code, values = template_values(message, max_length=self.param_max_length)
        request = models.SendSmsRequest(
            phone_numbers=_number(message.phone),
            sign_name=sign_name(),
            template_code=code,
            template_param=json.dumps(dict(values), ensure_ascii=False),
        )
        body = _call(self.client.send_sms_with_options, request, message.phone)
        if body.code != "OK":
            raise SmsRefused(body.code or "Unknown", _scrub(body.message, message.phone))
        return body.biz_id or ""

    def fetch_receipts(self, sent: list[SentSms]) -> list[SmsReceipt]:
        """One QuerySendDetails per message; messages still waiting give no receipt."""
        receipts = []
        for message in sent:
            request = models.QuerySendDetailsRequest(
                phone_number=_number(message.phone),
                biz_id=message.message_id,
                send_date=timezone.localtime(message.sent_at).strftime("%Y%m%d"),
                page_size=10,
                current_page=1,
            )
            body = _call(self.client.query_send_details_with_options, request, message.phone)
            details = body.sms_send_detail_dtos.sms_send_detail_dto if body.code == "OK" else []
            for detail in details or []:
                if detail.send_status in (DELIVERED, FAILED):
                    receipts.append(_receipt(message.message_id, detail))
                    break
        return receipts


def _call(method, request, phone: str):
    """The answer's body; an error of the SDK or the network becomes SmsRefused."""
    try:
        return method(request, RuntimeOptions()).body
    except AlibabaCloudException as error:
        raise SmsRefused(error.code or "Unknown", _scrub(error.message, phone)) from None
    except Exception as error:  # the network, an unreadable answer
        raise SmsRefused("NetworkError", type(error).__name__) from None


def _receipt(message_id: str, detail) -> SmsReceipt:
    at = None
    if detail.receive_date:
        naive = datetime.strptime(detail.receive_date, "%Y-%m-%d %H:%M:%S")
        at = timezone.make_aware(naive)
    return SmsReceipt(
        message_id=message_id,
        delivered=detail.send_status == DELIVERED,
        code=detail.err_code or "",
        at=at,
    )


def _number(phone: str) -> str:
    """The number as the API wants it: digits only (a mainland mobile: 11 digits)."""
    return re.sub(r"[^\d]", "", phone).removeprefix("0086")


def _scrub(text: str | None, phone: str) -> str:
    text = text or ""
    for form in {phone, _number(phone)}:
        text = text.replace(form, mask_phone(phone))
    return text[:150]
