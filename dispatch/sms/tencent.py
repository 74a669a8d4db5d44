"""Tencent Cloud SMS (腾讯云短信) through its SDK, `tencentcloud-sdk-python-sms`.

SendSms (API 2021-01-11) takes the SmsSdkAppId, the signature, the template id and the
parameters as a list in the template's order ({1}, {2}, ...); each number's SerialNo is
the message id, and a number the gateway refuses has its own Code in SendStatusSet.
PullSmsSendStatus hands out the status reports of the whole application once each, so
receipts are pulled, not asked per message. Enterprise accounts (a bureau's) have no
limit on a variable's length; personal accounts 12 characters: set
SMS_PARAM_MAX_LENGTH=12 there. Settings: SMS_ACCESS_KEY_ID (SecretId),
SMS_ACCESS_KEY_SECRET (SecretKey), SMS_REGION, SMS_TENCENT_SDK_APP_ID, SMS_ENDPOINT
(empty: sms.tencentcloudapi.com; a test points it at a local fake over http).
"""

import re
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import (
    TencentCloudSDKException,
)
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.sms.v20210111 import models, sms_client

from complaints.masking import mask_phone
from dispatch.sms.base import SentSms, SmsMessage, SmsReceipt, SmsRefused
from dispatch.sms.templates import sign_name, template_values

DEFAULT_ENDPOINT = "sms.tencentcloudapi.com"
PULL_LIMIT = 100  # the most PullSmsSendStatus hands out at once
TIMEOUT_SECONDS = 10


class TencentBackend:
    param_max_length = None

    def __init__(self):
        endpoint = settings.SMS_ENDPOINT or DEFAULT_ENDPOINT
        scheme, _sep, host = endpoint.rpartition("://")
        profile = ClientProfile(
            httpProfile=HttpProfile(
                protocol=scheme or "https", endpoint=host, reqTimeout=TIMEOUT_SECONDS
            )
        )
        secret = credential.Credential(settings.SMS_ACCESS_KEY_ID, settings.SMS_ACCESS_KEY_SECRET)
        self.client = sms_client.SmsClient(secret, settings.SMS_REGION or "ap-guangzhou", profile)

    def send(self, message: SmsMessage) -> str:
        template_id, values = template_values(message, max_length=self.param_max_length)
        request = models.SendSmsRequest()
        request.PhoneNumberSet = [international(message.phone)]
        request.SmsSdkAppId = settings.SMS_TENCENT_SDK_APP_ID
        request.SignName = sign_name()
        request.TemplateId = template_id
        request.TemplateParamSet = [value for _name, value in values]
        answer = _call(self.client.SendSms, request, message.phone)
        status = (answer.SendStatusSet or [None])[0]
        if status is None:
            raise SmsRefused("NoSendStatus")
        if status.Code != "Ok":
            raise SmsRefused(status.Code or "Unknown", _scrub(status.Message, message.phone))
        return status.SerialNo or ""

    def fetch_receipts(self, sent: list[SentSms]) -> list[SmsReceipt]:
        """Every report the gateway holds (each is handed out once), pulled until it has
        no more; reports on messages not in `sent` are returned too, the caller matches."""
        receipts = []
        while True:
            request = models.PullSmsSendStatusRequest()
            request.Limit = PULL_LIMIT
            request.SmsSdkAppId = settings.SMS_TENCENT_SDK_APP_ID
            answer = _call(self.client.PullSmsSendStatus, request, "")
            reports = answer.PullSmsSendStatusSet or []
            receipts += [_receipt(report) for report in reports]
            if len(reports) < PULL_LIMIT:
                return receipts


def international(phone: str) -> str:
    """E.164, which the API wants: +86 before a mainland mobile number."""
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+"):
        return f"+{digits}"
    return f"+86{digits}" if len(digits) == 11 else f"+{digits}"


def _call(method, request, phone: str):
    try:
        return method(request)
    except TencentCloudSDKException as error:
        code = error.get_code() or "Unknown"
        raise SmsRefused(code, _scrub(error.get_message(), phone)) from None
    except Exception as error:  # an unreadable answer
        raise SmsRefused("NetworkError", type(error).__name__) from None


def _receipt(report) -> SmsReceipt:
    at = None
    if report.UserReceiveTime:
        naive = datetime.strptime(report.UserReceiveTime, "%Y-%m-%d %H:%M:%S")
        at = timezone.make_aware(naive)
    return SmsReceipt(
        message_id=report.SerialNo or "",
        delivered=report.ReportStatus == "SUCCESS",
        code=report.Description or "",
        at=at,
    )


def _scrub(text: str | None, phone: str) -> str:
    text = text or ""
    if phone:
        for form in {phone, international(phone), international(phone).removeprefix("+")}:
            text = text.replace(form, mask_phone(phone))
    return text[:150]
