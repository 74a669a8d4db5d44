"""Input validators for complaint intake.

Pure functions: each ``validate_*`` returns ``None`` or raises
:class:`django.core.exceptions.ValidationError` with a translatable message and a
stable ``code`` that forms, the API and tests can rely on. ``normalize_*`` helpers
turn what a window clerk typed (full-width digits, stray spaces, lowercase ``x``)
into the canonical form that is validated and stored.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A statement is the worker's evidence: long accounts (20,000 characters is some thirty
# pages) must fit whole. The column is unbounded text; this is the one limit.
DESCRIPTION_MAX_LENGTH = 20_000
NAME_MAX_LENGTH = 50

# --- Resident identity card number (GB 11643-1999) -------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"
_ID_RE = re.compile(r"\d{17}[\dX]", re.ASCII)
_ID_MIN_BIRTH_DATE = datetime.date(1900, 1, 1)


def _nfkc(value: object) -> str:
    """Return ``value`` as an NFKC-normalized string (``None`` becomes "")."""
    return unicodedata.normalize("NFKC", "" if value is None else str(value))


def normalize_national_id(value: str) -> str:
    """Canonical ID number: NFKC (full-width → ASCII), no whitespace, ``x`` → ``X``."""
    return "".join(_nfkc(value).split()).upper()


def id_check_character(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 17 digits (GB 11643-1999)."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def _id_birth_date(value: str) -> datetime.date | None:
    """Birth date coded in characters 7-14 as YYYYMMDD (GB 11643-1999), or None."""
    try:
        return datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


def validate_national_id(value: str) -> None:
    """Validate an 18-character resident ID number per GB 11643-1999.

    Structure: 6-digit address code, 8-digit birth date (YYYYMMDD), 3-digit
    sequence code, and an ISO 7064 MOD 11-2 check character (digit or ``X``).
    The normalized value (see :func:`normalize_national_id`) is checked.
    """
    value = normalize_national_id(value)
    if len(value) != 18:
        raise ValidationError(
            _("An ID number has exactly 18 characters; this one has %(length)s."),
            code="id_length",
            params={"length": len(value)},
        )
    if not _ID_RE.fullmatch(value):
        raise ValidationError(
            _("An ID number is 17 digits followed by a digit or the letter X."),
            code="id_format",
        )
    birth = _id_birth_date(value)
    if birth is None or not _ID_MIN_BIRTH_DATE <= birth <= timezone.localdate():
        raise ValidationError(
            _(
                "The birth date in the ID number (characters 7-14) must be a real date "
                "between 1900-01-01 and today."
            ),
            code="id_birth_date",
        )
    if id_check_character(value[:17]) != value[17]:
        raise ValidationError(
            _("The ID number's check digit is wrong; please check the last character."),
            code="id_check_digit",
        )


# --- Unified social credit code (GB 32100-2015) ----------------------------

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def normalize_credit_code(value: str) -> str:
    """Canonical credit code: NFKC (full-width → ASCII), stripped, uppercase."""
    return "".join(_nfkc(value).split()).upper()


def credit_code_check_character(first17: str) -> str:
    """MOD 31 check character for the first 17 characters (GB 32100-2015)."""
    total = sum(
        CREDIT_CODE_ALPHABET.index(char) * weight
        for char, weight in zip(first17, _CREDIT_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    """Validate an 18-character unified social credit code per GB 32100-2015.

    Characters come from the 31-symbol set ``0-9`` and ``A-Y`` without I, O, Z, S, V;
    the last one is the MOD 31 check character.
    """
    value = normalize_credit_code(value)
    if len(value) != 18:
        raise ValidationError(
            _("A unified social credit code has exactly 18 characters; this one has %(length)s."),
            code="credit_code_length",
            params={"length": len(value)},
        )
    if any(char not in CREDIT_CODE_ALPHABET for char in value):
        raise ValidationError(
            _(
                "A unified social credit code uses only digits and capital letters "
                "other than I, O, Z, S and V."
            ),
            code="credit_code_format",
        )
    if credit_code_check_character(value[:17]) != value[17]:
        raise ValidationError(
            _("The credit code's check character is wrong; please check the last character."),
            code="credit_code_check",
        )


# --- Telephone numbers -----------------------------------------------------

# Mainland mobile (11 digits, 1[3-9]…), optional country prefix, 3-4-4 groups.
_MOBILE_RE = re.compile(
    r"(?:(?:\+|00)?86[ -]?)?(?P<a>1[3-9]\d)[ -]?(?P<b>\d{4})[ -]?(?P<c>\d{4})", re.ASCII
)
# Landline: area code 0 + 2-3 digits (010 and 02x are the only 3-digit codes, the rest
# are 4 digits), optional dash, 7-8 digit number, optional extension.
LANDLINE_AREA_CODE = r"0(?:10|2\d|[3-9]\d{2})"
_LANDLINE_RE = re.compile(LANDLINE_AREA_CODE + r"[ -]?\d{7,8}(?:(?:-|转)\d{1,6})?", re.ASCII)
_PHONE_STRIP = " \t\r\n-"


def normalize_phone(value: str) -> str:
    """Canonical phone number.

    NFKC (full-width → ASCII), surrounding spaces/dashes removed; a mainland
    mobile loses its +86/0086/86 prefix and inner separators ("13800138000").
    Landlines keep their own formatting.
    """
    value = _nfkc(value).strip(_PHONE_STRIP)
    match = _MOBILE_RE.fullmatch(value)
    if match:
        return match["a"] + match["b"] + match["c"]
    return value


def validate_phone(value: str) -> None:
    """Validate a mainland mobile or landline number (MIIT telecom numbering plan).

    Mobiles are 11 digits ``1[3-9]xxxxxxxxx``, optionally prefixed with the country
    code 86 (E.164) as +86, 0086 or 86. Landlines are the trunk prefix 0 plus a 2-3
    digit area code, a 7-8 digit subscriber number and optionally ``-ext`` or ``转ext``.
    """
    value = normalize_phone(value)
    if not (_MOBILE_RE.fullmatch(value) or _LANDLINE_RE.fullmatch(value)):
        raise ValidationError(
            _(
                "Enter an 11-digit mobile number (e.g. 13800138000) or a landline with "
                "area code (e.g. 010-12345678)."
            ),
            code="phone_invalid",
        )


# --- Money amounts (yuan, DecimalField(max_digits=14, decimal_places=2)) ----

AMOUNT_MAX_INTEGER_DIGITS = 12
_AMOUNT_INVALID = _("Enter the amount in yuan as a number, e.g. 1234.50.")
_AMOUNT_RE = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|[+-]?\.\d+", re.ASCII)


def _to_decimal(value: object) -> Decimal:
    """Parse ``value`` as a Decimal; strings may use full-width digits and 1,234 grouping."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    text = _nfkc(value).strip() if isinstance(value, str) else ""
    if not _AMOUNT_RE.fullmatch(text):
        raise ValidationError(_AMOUNT_INVALID, code="amount_invalid")
    return Decimal(text.replace(",", ""))  # the regex guarantees a parsable number


def _check_amount(amount: Decimal) -> None:
    """Raise if ``amount`` is not finite, negative, ≥ 10^12 or finer than 0.01."""
    if not amount.is_finite():
        raise ValidationError(_AMOUNT_INVALID, code="amount_invalid")
    if amount < 0:
        raise ValidationError(_("The amount cannot be negative."), code="amount_negative")
    if amount >= Decimal(10) ** AMOUNT_MAX_INTEGER_DIGITS:
        raise ValidationError(
            _("The amount is too large; at most %(digits)s digits before the decimal point."),
            code="amount_too_large",
            params={"digits": AMOUNT_MAX_INTEGER_DIGITS},
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(
            _("The amount can have at most 2 decimal places (fen)."), code="amount_precision"
        )


def validate_amount(value: Decimal | str | int) -> None:
    """Validate a money amount: finite, ≥ 0, ≤ 2 decimal places, ≤ 12 integer digits."""
    _check_amount(_to_decimal(value))


def parse_amount(value: Decimal | str | int | None) -> Decimal | None:
    """Parse user input into a Decimal with 2 places; None/blank input gives None.

    Accepts "1,234.50" and full-width digits ("１２３．５"); invalid input raises
    the same ValidationErrors as :func:`validate_amount`.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    amount = _to_decimal(value)
    _check_amount(amount)
    return amount.quantize(Decimal("0.01"))


# --- Person names and free text ---------------------------------------------

# Middle dots separating parts of ethnic-minority and transliterated foreign names.
_NAME_PUNCTUATION = frozenset("·•・ -'.")


def _is_name_char(char: str) -> bool:
    """Letters (L*) and marks (M*) by Unicode General Category (UAX #44), or name punctuation."""
    return unicodedata.category(char)[0] in "LM" or char in _NAME_PUNCTUATION


def validate_person_name(value: str) -> None:
    """Validate a person's name: 1-50 characters of letters, marks and name punctuation.

    Any script is allowed, including CJK ideographs outside the BMP (Unicode CJK
    extensions, also in GB 18030-2022) used for rare characters in names; middle dots
    (· • ・) separate parts of ethnic-minority and foreign names. At least one letter
    is required.
    """
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("Please enter the name."), code="name_required")
    if len(value) > NAME_MAX_LENGTH:
        raise ValidationError(
            _("The name is too long; at most %(limit)s characters."),
            code="name_too_long",
            params={"limit": NAME_MAX_LENGTH},
        )
    if not all(map(_is_name_char, value)) or not any(c.isalpha() for c in value):
        raise ValidationError(
            _(
                "A name may contain only letters, the middle dot (·), spaces, hyphens, "
                "apostrophes and periods; no digits, emoji or other symbols."
            ),
            code="name_characters",
        )


def validate_description(value: str) -> None:
    """Validate the complaint description: non-blank, at most DESCRIPTION_MAX_LENGTH chars.

    The length is counted on the stripped text, in Unicode characters.
    """
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("Please describe the complaint."), code="description_required")
    if len(value) > DESCRIPTION_MAX_LENGTH:
        raise ValidationError(
            _(
                "The description is too long (%(length)s characters); "
                "the limit is %(limit)s characters."
            ),
            code="description_too_long",
            params={"length": len(value), "limit": DESCRIPTION_MAX_LENGTH},
        )


def required_text(value: str | None, *, field: str, message) -> str:
    """`value` without surrounding whitespace, or a ValidationError on `field` saying
    `message` when nothing is left: the reasons and notes a service must not store empty."""
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value
