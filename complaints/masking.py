"""Masking of personal data for display.

Lists, exports, notifications and logs show only the masked forms produced here;
the full phone or ID number is shown only on a case's detail page to staff who
may see it. The functions never return their input unmasked: values too short to
mask meaningfully become a row of asterisks, empty values become "".
"""

from __future__ import annotations

import re
import unicodedata

from complaints.validators import LANDLINE_AREA_CODE

_MOBILE_RE = re.compile(r"(?:(?:\+|00)?86)?(1[3-9]\d{9})", re.ASCII)
_LANDLINE_RE = re.compile(
    rf"({LANDLINE_AREA_CODE})[ -]?(\d{{7,8}})(?:(?:-|转)\d{{1,6}})?", re.ASCII
)
_FALLBACK_STARS = "****"


def _compact(value: str | None) -> str:
    """NFKC-normalize and strip surrounding whitespace."""
    return unicodedata.normalize("NFKC", value or "").strip()


def mask_phone(value: str | None) -> str:
    """Mask a phone number for lists and logs.

    Mobile "13800138000" → "138****8000" (any +86 prefix is dropped); landline
    "010-12345678" → "010-****5678" (area code and last 4 digits kept, extension
    dropped). Anything else keeps at most its last 4 characters and only when it
    is long enough; short values become "****". Empty input gives "".
    """
    value = _compact(value)
    if not value:
        return ""
    digits = re.sub(r"[ -]", "", value)
    if match := _MOBILE_RE.fullmatch(digits):
        number = match[1]
        return f"{number[:3]}****{number[-4:]}"
    if match := _LANDLINE_RE.fullmatch(value):
        area, number = match.groups()
        return f"{area}-{'*' * (len(number) - 4)}{number[-4:]}"
    if len(value) >= 8:
        return f"{'*' * (len(value) - 4)}{value[-4:]}"
    return _FALLBACK_STARS


def mask_id_number(value: str | None) -> str:
    """Mask an ID number for lists and logs: keep the first 6 and last 4 characters.

    "110101199003077777" → "110101********7777" (birth date and sequence hidden).
    Values shorter than 15 characters become a row of asterisks; "" stays "".
    """
    value = "".join(_compact(value).split())
    if not value:
        return ""
    if len(value) < 15:
        return "*" * len(value) if len(value) >= 4 else _FALLBACK_STARS
    return f"{value[:6]}{'*' * (len(value) - 10)}{value[-4:]}"
