"""SMS to complainants and staff through a pluggable backend.

settings.SMS_BACKEND names the class: `dispatch.sms.LogBackend` (the default: the log,
number masked), `dispatch.sms.MemoryBackend` (tests), or a vendor gateway:
`dispatch.sms.aliyun.AliyunBackend` (Alibaba Cloud SMS) or
`dispatch.sms.tencent.TencentBackend` (Tencent Cloud SMS). A bureau with another gateway
(e.g. the government SMS platform) writes one class with the same `send`.
"""

from django.conf import settings
from django.utils.module_loading import import_string

from dispatch.sms.base import (
    LogBackend,
    MemoryBackend,
    SentSms,
    SmsMessage,
    SmsReceipt,
    SmsRefused,
)

__all__ = [
    "LogBackend",
    "MemoryBackend",
    "SentSms",
    "SmsMessage",
    "SmsReceipt",
    "SmsRefused",
    "get_backend",
]


def get_backend():
    return import_string(settings.SMS_BACKEND)()
