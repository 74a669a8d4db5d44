"""Per-account (so per-token) limits beyond the global UserRateThrottle (settings.py)."""

from rest_framework.settings import api_settings
from rest_framework.throttling import UserRateThrottle


class IntakeThrottle(UserRateThrottle):
    """Case registrations per account: a runaway platform must not flood the inspectors.

    The rate is REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["intake"] when set, else 120/minute.
    """

    scope = "intake"
    default_rate = "120/minute"

    def get_rate(self) -> str:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope) or self.default_rate
