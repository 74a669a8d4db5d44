"""SMS to complainants through a small pluggable backend.

A backend is a class with `send(phone: str, text: str) -> None` that raises on failure;
settings.SMS_BACKEND names it. The default logs the message with the number masked; a
bureau plugs in its gateway (e.g. the government SMS platform) by writing one class.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from complaints.masking import mask_phone

logger = logging.getLogger("shouwen.sms")


class LogBackend:
    """Writes each message to the log instead of sending it (development, demo)."""

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", mask_phone(phone), text)


class MemoryBackend:
    """Keeps messages in memory, for tests: `MemoryBackend.outbox`."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        self.outbox.append((phone, text))


def get_backend():
    return import_string(settings.SMS_BACKEND)()
