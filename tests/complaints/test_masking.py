"""Tests for complaints.masking."""

import pytest

from complaints.masking import mask_id_number, mask_phone


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13800138000", "138****8000"),
        ("+86 138 0013 8000", "138****8000"),
        ("0086-13800138000", "138****8000"),
        ("１３８００１３８０００", "138****8000"),
        ("010-12345678", "010-****5678"),
        ("01012345678", "010-****5678"),
        ("0755-1234567", "0755-***4567"),
        ("010-12345678-123", "010-****5678"),
        ("010-12345678转8001", "010-****5678"),
        ("12345678", "****5678"),
        ("", ""),
        (None, ""),
        ("   ", ""),
    ],
)
def test_mask_phone(value, expected):
    assert mask_phone(value) == expected


@pytest.mark.parametrize("value", ["1", "123", "1234567", "abc"])
def test_mask_phone_short_values_never_returned(value):
    masked = mask_phone(value)
    assert masked
    assert set(masked) == {"*"}
    assert masked != value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("110101199003077777", "110101********7777"),
        ("11010519491231002X", "110105********002X"),
        (" 11010519491231002X ", "110105********002X"),
        ("110101900307777", "110101*****7777"),  # legacy 15-digit number
        ("", ""),
        (None, ""),
    ],
)
def test_mask_id_number(value, expected):
    assert mask_id_number(value) == expected


@pytest.mark.parametrize("value", ["1", "1234", "11010119900"])
def test_mask_id_number_short_values_never_returned(value):
    masked = mask_id_number(value)
    assert masked
    assert set(masked) == {"*"}
