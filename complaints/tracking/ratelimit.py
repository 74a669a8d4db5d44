"""Rate limits of the status look-up: per client address and per ticket number.

Every attempt counts, found or not, so guessing the last 4 digits of a ticket (10,000
possibilities) or trying many tickets from one place runs into a limit long before it
gets anywhere. The per-ticket limit also holds against guesses spread over many
addresses.

Counters live in Django's cache: `cache.add` then `cache.incr`, both atomic on Redis
(production: every worker shares them) and on the local-memory cache (one process, for
development). Windows are fixed buckets of `TRACK_RATE_WINDOW` seconds, so the time left
in the bucket is the exact Retry-After. This is not protection against a flood; the
reverse proxy has to limit that (DEVELOPERS.md, "Behind a reverse proxy").

The client address is REMOTE_ADDR only: X-Forwarded-For is set by whoever sends the
request, so trusting it would let anyone pick a fresh address per attempt. Behind a
reverse proxy, the proxy must set REMOTE_ADDR (e.g. gunicorn's forwarded-allow-ips),
otherwise every complainant shares the proxy's counter.

When the cache cannot be reached, look-ups are refused (fail closed, as django-ratelimit
does by default): without a counter nothing would stop a guessing run.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext, ngettext

logger = logging.getLogger(__name__)

# Defaults; settings.TRACK_RATE_PER_ADDRESS / TRACK_RATE_PER_TICKET / TRACK_RATE_WINDOW
# override them (read on every request, so tests can change them).
RATE_PER_ADDRESS = 20  # look-ups per window from one client address
RATE_PER_TICKET = 10  # look-ups per window for one ticket number, from anywhere
RATE_WINDOW = 600  # seconds
# How long to tell a client to wait when the counters cannot be reached.
UNAVAILABLE_RETRY_AFTER = 60

KEY_PREFIX = "track-rate"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0  # seconds, when not allowed
    unavailable: bool = False  # the counters could not be reached


def rate_per_address() -> int:
    return int(getattr(settings, "TRACK_RATE_PER_ADDRESS", RATE_PER_ADDRESS))


def rate_per_ticket() -> int:
    return int(getattr(settings, "TRACK_RATE_PER_TICKET", RATE_PER_TICKET))


def rate_window() -> int:
    return max(1, int(getattr(settings, "TRACK_RATE_WINDOW", RATE_WINDOW)))


def client_address(request) -> str:
    """REMOTE_ADDR; an IPv6 client counts by its /64, which one household usually holds."""
    raw = request.META.get("REMOTE_ADDR") or ""
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw or "unknown"
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _key(kind: str, value: str, bucket: int) -> str:
    # Hashed: the ticket is whatever the client typed, and cache keys must stay short
    # and free of spaces and control characters.
    digest = hashlib.sha256(value.encode(errors="replace")).hexdigest()[:32]
    return f"{KEY_PREFIX}:{kind}:{digest}:{bucket}"


def _hit(key: str, timeout: int) -> int:
    """Count one attempt under `key`; return the count in this window."""
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: this attempt opens a new window
        cache.add(key, 1, timeout)
        return 1


def track_attempt(*, request, ticket: str) -> Verdict:
    """Count one look-up against the client's address and (if given) the ticket.

    Both counters are incremented on every attempt, then checked; `ticket` should be the
    normalised ticket, so "yc-2026-000123" and "YC-2026-000123" share a counter.
    """
    window = rate_window()
    now = time.time()
    bucket = int(now // window)
    retry_after = max(1, math.ceil(window - now % window))
    limits = [(_key("address", client_address(request), bucket), rate_per_address())]
    if ticket:
        limits.append((_key("ticket", ticket, bucket), rate_per_ticket()))
    try:
        counts = [(_hit(key, window + 1), limit) for key, limit in limits]
    except Exception:  # Redis down or unreachable: refuse rather than count nothing
        logger.exception("Status look-up refused: the rate-limit counters are unreachable.")
        return Verdict(allowed=False, retry_after=UNAVAILABLE_RETRY_AFTER, unavailable=True)
    if any(count > limit for count, limit in counts):
        return Verdict(allowed=False, retry_after=retry_after)
    return Verdict(allowed=True)


def refusal_message(verdict: Verdict) -> str:
    """The translated sentence shown when a look-up is refused."""
    if verdict.unavailable:
        return gettext("The status look-up is unavailable at the moment. Please try again later.")
    minutes = max(1, math.ceil(verdict.retry_after / 60))
    return ngettext(
        "Too many look-ups. Please try again in %(minutes)d minute.",
        "Too many look-ups. Please try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
