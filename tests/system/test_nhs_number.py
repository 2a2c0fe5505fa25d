"""NHS number Modulus 11 validation."""

from __future__ import annotations

import pytest

from spotter.system.nhs_number import NhsNumberError, format_nhs_number, validate_nhs_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9434765919", "9434765919"),
        ("943 476 5919", "9434765919"),
        ("943-476-5919", "9434765919"),
        ("  401 023 2137 ", "4010232137"),
        ("4010232137", "4010232137"),
        # check digit computed as 11 becomes 0
        ("1000000060", "1000000060"),
    ],
)
def test_valid_numbers_are_normalised(text: str, expected: str) -> None:
    assert validate_nhs_number(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("9434765918", "check digit does not match"),
        ("4010232138", "check digit does not match"),
        ("943476591", "10 digits"),
        ("94347659190", "10 digits"),
        ("943 476 591X", "only digits"),
        ("９４３４７６５９１９", "only digits"),  # full-width digits are not accepted
        ("1000000010", "no check digit fits"),  # weighted sum gives check digit 10
    ],
)
def test_invalid_numbers_are_rejected_with_reason(text: str, reason: str) -> None:
    with pytest.raises(NhsNumberError, match=reason):
        validate_nhs_number(text)


def test_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        validate_nhs_number("123")


def test_format() -> None:
    assert format_nhs_number("9434765919") == "943 476 5919"
