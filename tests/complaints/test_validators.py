"""Tests for complaints.validators (no database needed)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from complaints.validators import (
    DESCRIPTION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    normalize_credit_code,
    normalize_national_id,
    normalize_phone,
    parse_amount,
    validate_amount,
    validate_credit_code,
    validate_description,
    validate_national_id,
    validate_person_name,
    validate_phone,
)

# --- helpers (independent re-implementations of the check characters) --------

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def make_id(first17: str) -> str:
    """Append the GB 11643-1999 check character to 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def wrong_last(value: str, choices: str) -> str:
    """Same value with a different (hence wrong) last character."""
    return value[:-1] + next(c for c in choices if c != value[-1])


def make_credit_code(first17: str) -> str:
    """Append the GB 32100-2015 check character to 17 characters."""
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return first17 + CREDIT_ALPHABET[(31 - total % 31) % 31]


def assert_invalid(func, value, code):
    """Call ``func(value)``, expect a ValidationError with ``code`` and a readable message."""
    with pytest.raises(ValidationError) as excinfo:
        func(value)
    error = excinfo.value.error_list[0]
    assert error.code == code
    assert excinfo.value.code == code
    messages = excinfo.value.messages
    assert messages
    assert all(isinstance(m, str) and m.strip() for m in messages)
    assert "%(" not in messages[0]
    return excinfo.value


# --- national ID -----------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "11010519491231002X",  # GB 11643-1999 example
        "110101199003074477",
        make_id("11010119900307777"),
        make_id("44052419800101001"),
        make_id("65010219000101123"),  # earliest accepted birth date
        make_id("32010220000229456"),  # leap day
    ],
)
def test_valid_national_id(value):
    validate_national_id(value)


def test_national_id_is_normalized_before_validation():
    assert normalize_national_id(" 11010519491231002x ") == "11010519491231002X"
    assert normalize_national_id("１１０１０５１９４９１２３１００２ｘ") == "11010519491231002X"
    assert normalize_national_id("110105 19491231 002X") == "11010519491231002X"
    validate_national_id("１１０１０５１９４９１２３１００２ｘ")
    validate_national_id(" 11010519491231002x")


@pytest.mark.parametrize(
    "value",
    [
        wrong_last("11010519491231002X", "0123456789X"),
        wrong_last(make_id("11010119900307777"), "0123456789X"),
        "110101199003077777",
    ],
)
def test_national_id_wrong_check_digit(value):
    assert_invalid(validate_national_id, value, "id_check_digit")


def future_id() -> str:
    future = datetime.date.today() + datetime.timedelta(days=400)
    return make_id(f"110101{future:%Y%m%d}123")


@pytest.mark.parametrize(
    "value",
    [
        make_id("11010119900230123"),  # February 30
        make_id("11010119901301123"),  # month 13
        make_id("11010119900100123"),  # day 0
        make_id("11010119010229123"),  # 1901 is not a leap year
        make_id("11010118991231123"),  # before 1900
        "440524188001010014",  # GB 11643-1999 example, born 1880: outside accepted range
        future_id(),
    ],
)
def test_national_id_impossible_birth_date(value):
    assert_invalid(validate_national_id, value, "id_birth_date")


@pytest.mark.parametrize("value", ["", "11010519491231002", "11010519491231002X1", "1234"])
def test_national_id_wrong_length(value):
    assert_invalid(validate_national_id, value, "id_length")


@pytest.mark.parametrize(
    "value",
    ["1101051949123100AX", "A1010519491231002X", "110105194912310X2X", "11010519491231002Y"],
)
def test_national_id_letters_inside(value):
    assert_invalid(validate_national_id, value, "id_format")


# --- unified social credit code -------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "91350100M000100Y43",
        make_credit_code("91110000600037341"),
        make_credit_code("12100000400000624"),
        "91350100m000100y43",  # normalized to upper case
        "９１３５０１００Ｍ０００１００Ｙ４３",  # full-width
    ],
)
def test_valid_credit_code(value):
    validate_credit_code(value)


def test_normalize_credit_code():
    assert normalize_credit_code(" 91350100m000100y43 ") == "91350100M000100Y43"


@pytest.mark.parametrize(
    "value",
    [
        wrong_last("91350100M000100Y43", CREDIT_ALPHABET),
        wrong_last(make_credit_code("91110000600037341"), CREDIT_ALPHABET),
    ],
)
def test_credit_code_wrong_check_character(value):
    assert_invalid(validate_credit_code, value, "credit_code_check")


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_credit_code_forbidden_letters(letter):
    value = "91350100" + letter + "000100Y43"
    assert_invalid(validate_credit_code, value, "credit_code_format")


@pytest.mark.parametrize("value", ["", "91350100M000100Y4", "91350100M000100Y431"])
def test_credit_code_wrong_length(value):
    assert_invalid(validate_credit_code, value, "credit_code_length")


def test_credit_code_punctuation_is_format_error():
    assert_invalid(validate_credit_code, "91350100-000100Y43", "credit_code_format")


# --- phone numbers ------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "13800138000",
        "19912345678",
        "+8613800138000",
        "+86 138 0013 8000",
        "0086-138-0013-8000",
        "8613800138000",
        "138 0013 8000",
        "１３８００１３８０００",
        " 13800138000 ",
        "010-12345678",
        "01012345678",
        "0755-1234567",
        "021-87654321",
        "075512345678",
        "010-12345678-123",
        "010-12345678转8001",
    ],
)
def test_valid_phone(value):
    validate_phone(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("+86 138 0013 8000", "13800138000"),
        ("0086-13800138000", "13800138000"),
        ("86 13800138000", "13800138000"),
        ("１３８-００１３-８０００", "13800138000"),
        (" 010-12345678 ", "010-12345678"),
        ("-13800138000-", "13800138000"),
    ],
)
def test_normalize_phone(value, expected):
    assert normalize_phone(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "abc",
        "1380013800a",
        "1380013800",  # 10 digits
        "138001380001",  # 12 digits
        "12800138000",  # 12x is not a mobile prefix
        "23800138000",
        "+1 13800138000",
        "010-123456",  # subscriber number too short
        "0123-1234567",  # no area code starts with 01 other than 010
        "010-12345678-1234567",  # extension too long
        "010-12345678ext12",
        "110",
    ],
)
def test_invalid_phone(value):
    assert_invalid(validate_phone, value, "phone_invalid")


# --- amounts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", [0, "0", Decimal("0"), "12.5", Decimal("12.50"), "1,234.50", 999_999_999_999]
)
def test_valid_amount(value):
    validate_amount(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", Decimal("0.00")),
        ("12.5", Decimal("12.50")),
        ("1,234.50", Decimal("1234.50")),
        ("1,234,567.8", Decimal("1234567.80")),
        ("１２３４．５", Decimal("1234.50")),
        (" 88 ", Decimal("88.00")),
        (100, Decimal("100.00")),
        (Decimal("1.500"), Decimal("1.50")),
        ("999999999999.99", Decimal("999999999999.99")),
    ],
)
def test_parse_amount(value, expected):
    result = parse_amount(value)
    assert result == expected
    assert result.as_tuple().exponent == -2


@pytest.mark.parametrize("value", [None, "", "   "])
def test_parse_amount_empty(value):
    assert parse_amount(value) is None


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("-1", "amount_negative"),
        (Decimal("-0.01"), "amount_negative"),
        ("-1,234.50", "amount_negative"),
        ("12.345", "amount_precision"),
        (Decimal("0.001"), "amount_precision"),
        ("abc", "amount_invalid"),
        ("", "amount_invalid"),
        ("1.2.3", "amount_invalid"),
        ("12,34.5", "amount_invalid"),
        ("NaN", "amount_invalid"),
        (Decimal("NaN"), "amount_invalid"),
        ("Infinity", "amount_invalid"),
        (Decimal("Infinity"), "amount_invalid"),
        (Decimal("-Infinity"), "amount_invalid"),
        ("1e5", "amount_invalid"),
        ("1000000000000", "amount_too_large"),
        (Decimal("1E+20"), "amount_too_large"),
        ("99,999,999,999,999.00", "amount_too_large"),
    ],
)
def test_invalid_amount(value, code):
    assert_invalid(validate_amount, value, code)
    if value != "":
        assert_invalid(parse_amount, value, code)


# --- person names ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "张三",
        "阿卜杜拉·艾力",
        "𠀀明",
        "𪚥",
        "O'Brien",
        "Zhang San",
        "Jean-Luc Picard",
        "J. R. R. Tolkien",
        "玛丽•居里",
        "マリー・キュリー",
        "José",
        "Jose\u0301",  # combining acute accent
        " 张三 ",
        "张" * NAME_MAX_LENGTH,
    ],
)
def test_valid_person_name(value):
    validate_person_name(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "name_required"),
        ("   ", "name_required"),
        (None, "name_required"),
        ("张三😀", "name_characters"),
        ("李4", "name_characters"),
        ("张三#", "name_characters"),
        ("张\u200d三", "name_characters"),
        ("·-.", "name_characters"),
        ("张" * (NAME_MAX_LENGTH + 1), "name_too_long"),
    ],
)
def test_invalid_person_name(value, code):
    assert_invalid(validate_person_name, value, code)


# --- descriptions ---------------------------------------------------------------------


@pytest.mark.parametrize("value", ["拖欠工资三个月", "x", "字" * DESCRIPTION_MAX_LENGTH])
def test_valid_description(value):
    validate_description(value)


@pytest.mark.parametrize("value", ["", "   ", "\n\t ", None])
def test_description_required(value):
    assert_invalid(validate_description, value, "description_required")


def test_description_too_long_mentions_limit():
    error = assert_invalid(
        validate_description, "字" * (DESCRIPTION_MAX_LENGTH + 1), "description_too_long"
    )
    assert error.params["limit"] == DESCRIPTION_MAX_LENGTH
    assert str(DESCRIPTION_MAX_LENGTH) in error.messages[0]
