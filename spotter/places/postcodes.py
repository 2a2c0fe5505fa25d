"""UK postcode parsing and as-you-type validation (no data needed, no I/O).

A UK postcode is an *outward* code (the postcode district, e.g. ``ME14``) optionally followed
by an *inward* code (sector digit plus unit letters, e.g. ``1AA``). Both
``parse_postcode("me141aa")`` and ``parse_postcode(" ME14 ")`` are accepted.

The letter rules follow the Royal Mail / BS 7666 pattern:

* outward formats ``A9``, ``A99``, ``AA9``, ``AA99``, ``A9A``, ``AA9A``;
* the first letter is never Q, V or X; the second never I, J or Z;
* the letter in ``A9A`` is one of ABCDEFGHJKPSTUW, in ``AA9A`` one of ABEHMNPRVWXY;
* the inward letters never use C, I, K, M, O or V.

``GIR 0AA`` (the former Girobank postcode) is accepted as a full postcode. BFPO numbers
and overseas territory codes are rejected with a clear message because they name no place
in the UK.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "PartialState",
    "Postcode",
    "PostcodeError",
    "is_valid_partial",
    "parse_postcode",
]

_FIRST = "ABCDEFGHIJKLMNOPRSTUWYZ"  # not Q, V, X
_SECOND = "ABCDEFGHKLMNOPQRSTUVWXY"  # not I, J, Z
_THIRD_A9A = "ABCDEFGHJKPSTUW"
_FOURTH_AA9A = "ABEHMNPRVWXY"
_DIGIT = "0123456789"
_INWARD_LETTER = "ABDEFGHJLNPQRSTUWXYZ"  # not C, I, K, M, O, V

# Each outward format as a sequence of allowed-character sets.
_OUTWARD_FORMATS: tuple[tuple[str, ...], ...] = (
    (_FIRST, _DIGIT),
    (_FIRST, _DIGIT, _DIGIT),
    (_FIRST, _SECOND, _DIGIT),
    (_FIRST, _SECOND, _DIGIT, _DIGIT),
    (_FIRST, _DIGIT, _THIRD_A9A),
    (_FIRST, _SECOND, _DIGIT, _FOURTH_AA9A),
)
_INWARD_FORMAT: tuple[str, ...] = (_DIGIT, _INWARD_LETTER, _INWARD_LETTER)

_GIRO_OUTWARD = "GIR"
_GIRO_INWARD = "0AA"

_EXAMPLE = "expected e.g. ME14 1AA or ME14"

PartialState = Literal["empty", "incomplete", "district", "full", "invalid"]


class PostcodeError(ValueError):
    """The text is not a UK postcode or postcode district; the message is one plain line."""


@dataclass(frozen=True, slots=True)
class Postcode:
    """A parsed UK postcode: always an outward code (district), optionally the inward code.

    Build one with :func:`parse_postcode`; the fields are already normalised (upper case,
    no spaces).
    """

    outward: str
    inward: str | None = None

    @property
    def district(self) -> str:
        """The postcode district (outward code), e.g. ``"ME14"``."""
        return self.outward

    @property
    def sector(self) -> str | None:
        """The postcode sector, e.g. ``"ME14 1"``; ``None`` for a district-only postcode."""
        if self.inward is None:
            return None
        return f"{self.outward} {self.inward[0]}"

    @property
    def is_full(self) -> bool:
        """True for a full postcode (outward and inward code), False for a district."""
        return self.inward is not None

    @property
    def compact(self) -> str:
        """The postcode without the space, e.g. ``"ME141AA"`` (or ``"ME14"``)."""
        return self.outward + (self.inward or "")

    def __str__(self) -> str:
        if self.inward is None:
            return self.outward
        return f"{self.outward} {self.inward}"


def _matches(text: str, pattern: tuple[str, ...]) -> bool:
    return len(text) == len(pattern) and all(
        c in allowed for c, allowed in zip(text, pattern, strict=True)
    )


def _is_prefix(text: str, pattern: tuple[str, ...]) -> bool:
    return len(text) <= len(pattern) and all(
        c in allowed for c, allowed in zip(text, pattern, strict=False)
    )


def _is_outward(text: str) -> bool:
    return any(_matches(text, fmt) for fmt in _OUTWARD_FORMATS)


def _is_inward(text: str) -> bool:
    return _matches(text, _INWARD_FORMAT)


def _normalise(text: str) -> str:
    """Upper case, trimmed, internal whitespace collapsed to single spaces."""
    return " ".join(text.upper().split())


def _split(text: str) -> tuple[str, str | None] | None:
    """Split normalised text into (outward, inward) if it is a postcode or district."""
    parts = text.split(" ")
    if len(parts) == 2:
        outward, inward = parts
        if outward == _GIRO_OUTWARD and inward == _GIRO_INWARD:
            return outward, inward
        if _is_outward(outward) and _is_inward(inward):
            return outward, inward
        return None
    if len(parts) != 1:
        return None
    compact = parts[0]
    if _is_outward(compact):
        return compact, None
    if compact == _GIRO_OUTWARD + _GIRO_INWARD:
        return _GIRO_OUTWARD, _GIRO_INWARD
    outward, inward = compact[:-3], compact[-3:]
    if _is_outward(outward) and _is_inward(inward):
        return outward, inward
    return None


_BFPO = re.compile(r"^BFPO\s*\d{0,4}$")
_OVERSEAS = frozenset(
    {"ASCN", "BBND", "BIQQ", "FIQQ", "GX11", "PCRN", "SIQQ", "STHL", "TDCU", "TKCA"}
)


def parse_postcode(text: str) -> Postcode:
    """Parse a full UK postcode or a postcode district, in any case, with or without the space.

    Raises :class:`PostcodeError` with a one-line message for anything else, e.g.
    ``"nonsense" is not a UK postcode (expected e.g. ME14 1AA or ME14)``.
    """
    normalised = _normalise(text)
    if not normalised:
        raise PostcodeError(f"No postcode was entered ({_EXAMPLE})")
    split = _split(normalised)
    if split is not None:
        return Postcode(*split)
    shown = " ".join(text.split())
    if _BFPO.match(normalised):
        raise PostcodeError(
            f'"{shown}" is a British Forces (BFPO) address, not a UK postcode; '
            "enter the patient's home postcode instead"
        )
    if normalised.split(" ")[0] in _OVERSEAS:
        raise PostcodeError(f'"{shown}" is an overseas territory postcode, not a UK postcode')
    if is_valid_partial(normalised) == "incomplete":
        raise PostcodeError(f'"{shown}" is an incomplete UK postcode ({_EXAMPLE})')
    raise PostcodeError(f'"{shown}" is not a UK postcode ({_EXAMPLE})')


def _could_become_full(compact: str) -> bool:
    """True if ``compact`` (no spaces) is the start of some full postcode."""
    if _is_prefix(compact, tuple(_GIRO_OUTWARD + _GIRO_INWARD)):
        return True
    return any(_is_prefix(compact, fmt + _INWARD_FORMAT) for fmt in _OUTWARD_FORMATS)


def is_valid_partial(text: str) -> PartialState:
    """Classify text typed so far, for as-you-type validation in a form.

    Returns ``"empty"`` (nothing but whitespace), ``"district"`` (a complete postcode
    district such as ``ME14``; more may follow), ``"full"`` (a complete postcode),
    ``"incomplete"`` (the start of a postcode, e.g. ``ME14 1``) or ``"invalid"`` (no
    postcode starts like this). A trailing space is allowed while typing.
    """
    normalised = _normalise(text)
    if not normalised:
        return "empty"
    split = _split(normalised)
    if split is not None:
        return "full" if split[1] is not None else "district"
    parts = normalised.split(" ")
    if len(parts) == 1:
        return "incomplete" if _could_become_full(parts[0]) else "invalid"
    if len(parts) == 2:
        outward, inward = parts
        if outward == _GIRO_OUTWARD and _is_prefix(inward, tuple(_GIRO_INWARD)):
            return "incomplete"
        if _is_outward(outward) and _is_prefix(inward, _INWARD_FORMAT):
            return "incomplete"
    return "invalid"


def is_outward_code(text: str) -> bool:
    """True for a well-formed outward code (district) such as ``ME14``, any case."""
    return _is_outward(_normalise(text))


def is_inward_code(text: str) -> bool:
    """True for a well-formed inward code such as ``1AA``, any case."""
    return _is_inward(_normalise(text))
