"""A UK number in national form is checked without the phone number parser, to the same answer.

A council feed's 10,000 services carry thousands of different numbers, so the cache does not
help; most are written ``020 7946 0018``. Those are checked straight against the UK's number
patterns; the answer must be what the parser and the UK regions give.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import phonenumbers
from hypothesis import example, given, settings
from hypothesis import strategies as st

from spotter.importing.validate import _gb_validator, valid_uk_number


@functools.cache
def _built() -> Callable[[str], bool]:
    return _gb_validator()


def gb_national_valid(national: str) -> bool:
    """The check as built in this test run rather than the one the module built when it was
    imported, so the building is tested as well as the checking."""
    return _built()(national)


_UK = {"GB", "GG", "JE", "IM"}


def by_the_parser(number: str) -> bool:
    try:
        parsed = phonenumbers.parse(number, "GB")
    except phonenumbers.NumberParseException:
        return False
    if phonenumbers.is_valid_number(parsed):
        return phonenumbers.region_code_for_number(parsed) in _UK
    return bool(phonenumbers.is_valid_short_number_for_region(parsed, "GB"))


national = st.builds(
    lambda first, rest, cut: ("0" + first + rest)[:cut] + " " + ("0" + first + rest)[cut:],
    st.sampled_from("123456789"),
    st.text("0123456789", min_size=8, max_size=9),
    st.integers(1, 6),
)


@settings(max_examples=2000, deadline=None)
@given(national)
@example("020 7946 0018")
@example("0808 802 0300")
@example("01481 200000")  # Guernsey
@example("07700 900123")  # drama range: not a valid number
def test_a_national_number_gets_the_parsers_answer(number: str) -> None:
    valid_uk_number.cache_clear()
    assert valid_uk_number(number) == by_the_parser(number)


@settings(max_examples=3000, deadline=None)
@given(st.text("0123456789", min_size=1, max_size=12).filter(lambda d: d[0] != "0"))
@example("2079460018")
@example("7700900123")
@example("1481200000")
@example("8008020300")
def test_the_uk_patterns_at_once_give_the_libraries_answer(national: str) -> None:
    """The UK's number types tried as one pattern a length, as phonenumbers tries each."""
    number = phonenumbers.PhoneNumber(country_code=44, national_number=int(national))
    assert gb_national_valid(national) == phonenumbers.is_valid_number_for_region(number, "GB")


def test_the_uk_patterns_accept_every_kind_of_uk_number() -> None:
    for number in ("020 7946 0018", "0808 802 0300", "07700 900123", "0300 123 4567"):
        digits = number.replace(" ", "")[1:]
        parsed = phonenumbers.parse(number, "GB")
        assert gb_national_valid(digits) == phonenumbers.is_valid_number_for_region(parsed, "GB")
    assert gb_national_valid("2079460018") and gb_national_valid("8088020300")


def _examples() -> list[str]:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("GB")
    assert metadata is not None
    names = "premium_rate toll_free shared_cost voip personal_number pager uan voicemail"
    descs = [getattr(metadata, n) for n in (names + " fixed_line mobile").split()]
    return sorted({d.example_number for d in descs if d is not None and d.example_number})


@settings(max_examples=3000, deadline=None)
@given(
    st.sampled_from(_examples()),
    st.integers(1, 8),
    st.text("0123456789", min_size=0, max_size=8),
)
def test_numbers_near_each_kind_of_uk_number_get_the_libraries_answer(
    example: str, keep: int, tail: str
) -> None:
    """Random digits rarely look like a UK number; these start as one of each kind does
    (mobile, freephone, premium rate, ...) and go on with any digits, to any length."""
    national = (example[:keep] + tail) or "1"
    number = phonenumbers.PhoneNumber(country_code=44, national_number=int(national))
    expected = phonenumbers.is_valid_number_for_region(number, "GB")
    assert gb_national_valid(str(number.national_number)) == expected
