"""NHS number validation (England, Wales and the Isle of Man).

An NHS number is ten digits, the last of which is a Modulus 11 check digit: multiply the
first nine digits by the weights 10 down to 2, sum, and take ``11 - (sum % 11)``. A result
of 11 means a check digit of 0; a result of 10 means the number is not valid at all.
"""

from __future__ import annotations

import re

__all__ = ["NhsNumberError", "format_nhs_number", "validate_nhs_number"]

_SEPARATORS = re.compile(r"[\s\-]+")


class NhsNumberError(ValueError):
    """Raised when text is not a valid NHS number; the message says why."""


def validate_nhs_number(text: str) -> str:
    """Return the NHS number in ``text`` as ten digits, or raise :class:`NhsNumberError`.

    Spaces and hyphens are accepted as separators (``943 476 5919``, ``943-476-5919``).
    """
    compact = _SEPARATORS.sub("", text)
    if not compact:
        raise NhsNumberError("NHS number is empty.")
    if not (compact.isascii() and compact.isdigit()):
        raise NhsNumberError(
            f"NHS number {text.strip()!r} must contain only digits (spaces and hyphens allowed)."
        )
    if len(compact) != 10:
        raise NhsNumberError(
            f"NHS number must have 10 digits; {text.strip()!r} has {len(compact)}."
        )
    total = sum(
        int(digit) * weight for digit, weight in zip(compact[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        raise NhsNumberError(f"{text.strip()!r} is not a valid NHS number (no check digit fits).")
    if check != int(compact[9]):
        raise NhsNumberError(
            f"{text.strip()!r} is not a valid NHS number (check digit does not match); "
            "please re-check it against the patient record."
        )
    return compact


def format_nhs_number(number: str) -> str:
    """Format a validated ten-digit NHS number the way NHS letters show it: ``943 476 5919``."""
    digits = validate_nhs_number(number)
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
