"""Which address a login attempt came from, for the lockout counter (django-axes).

Only the proxies the bureau runs are trusted: with LOGIN_PROXY_COUNT = n the client is
the n-th address from the right of X-Forwarded-For (each proxy appends the address it
received the request from). Anything a client writes further left is ignored, so a
forged header cannot dodge the lockout or lock someone else out.
"""

from django.conf import settings
from django.shortcuts import render


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.LOGIN_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]


def locked_out_response(request, original_response, credentials):
    """The page a locked-out user sees (429), saying how long the lock lasts."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
