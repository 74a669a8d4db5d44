"""What every SMS backend shares: the message, the refusal, the receipt, and the two
backends that need no gateway (the log, for development; memory, for tests).

A backend is a class with `send(message: SmsMessage) -> str` returning the gateway's
message id (empty when there is none) and raising `SmsRefused` when the gateway says no.
A backend that can tell whether a message reached the phone also has
`fetch_receipts(sent: list[SentSms]) -> list[SmsReceipt]`.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime

from complaints.masking import mask_phone

logger = logging.getLogger("shouwen.sms")


@dataclass(frozen=True)
class SmsMessage:
    """One text to one phone: the full text, and the approved template's kind and
    parameters that a vendor gateway sends instead of the text."""

    phone: str
    text: str
    template: str = ""
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SentSms:
    """A message the gateway accepted and has not reported on yet."""

    message_id: str
    phone: str
    sent_at: datetime


@dataclass(frozen=True)
class SmsReceipt:
    """The gateway's status report on one message: delivered, or failed with a code."""

    message_id: str
    delivered: bool
    code: str = ""
    at: datetime | None = None


class SmsRefused(Exception):  # noqa: N818 - the gateway's answer, not a program error
    """The gateway refused the message (or could not be reached): `code` is its error
    code, `detail` its message; neither holds the number."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


class LogBackend:
    """Writes each message to the log instead of sending it (development, demo)."""

    def send(self, message: SmsMessage) -> str:
        logger.info("SMS to %s: %s", mask_phone(message.phone), message.text)
        return ""


class MemoryBackend:
    """Keeps messages in memory, for tests: `MemoryBackend.outbox` holds (phone, text)."""

    outbox: list[tuple[str, str]] = []

    def send(self, message: SmsMessage) -> str:
        self.outbox.append((message.phone, message.text))
        return ""
