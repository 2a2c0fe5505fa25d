"""Postcode parsing and as-you-type validation."""

from __future__ import annotations

import csv
import dataclasses

import pytest

from spotter.places.postcodes import Postcode, PostcodeError, is_valid_partial, parse_postcode
from spotter.system.resources import resource_path


@pytest.mark.parametrize(
    ("text", "outward", "inward"),
    [
        ("me141aa", "ME14", "1AA"),
        (" ME14 1AA ", "ME14", "1AA"),
        ("me14", "ME14", None),
        ("  me14  ", "ME14", None),
        ("ME14\t1aa", "ME14", "1AA"),
        ("EH1 1AA", "EH1", "1AA"),
        ("BT1 1AA", "BT1", "1AA"),
        ("W1A 0AX", "W1A", "0AX"),
        ("w1a0ax", "W1A", "0AX"),
        ("EC1A 1BB", "EC1A", "1BB"),
        ("SW1A 2AA", "SW1A", "2AA"),
        ("M1 1AE", "M1", "1AE"),
        ("m11ae", "M1", "1AE"),
        ("CR2 6XH", "CR2", "6XH"),
        ("DN55 1PT", "DN55", "1PT"),
        ("GIR 0AA", "GIR", "0AA"),
        ("gir0aa", "GIR", "0AA"),
        ("B1", "B1", None),
        ("EC1A", "EC1A", None),
    ],
)
def test_valid_forms(text: str, outward: str, inward: str | None) -> None:
    postcode = parse_postcode(text)
    assert postcode == Postcode(outward, inward)
    assert postcode.district == outward
    assert postcode.is_full is (inward is not None)


@pytest.mark.parametrize(
    "text",
    [
        "nonsense",
        "",
        "   ",
        "12345",
        "ME14 1A",
        "Q1 1AA",
        "ME14 1AAA",
        "ME14 1",
        "V1",
        "AI1 1AA",
        "ME14 1CA",
        "ME1 4 1AA",
        "BFPO 1234",
        "ASCN 1ZZ",
        "ME14-1AA",
    ],
)
def test_invalid_forms(text: str) -> None:
    with pytest.raises(PostcodeError):
        parse_postcode(text)


def test_error_is_value_error_with_one_line_message() -> None:
    with pytest.raises(ValueError) as caught:
        parse_postcode("nonsense")
    assert str(caught.value) == '"nonsense" is not a UK postcode (expected e.g. ME14 1AA or ME14)'
    with pytest.raises(PostcodeError, match=r'^"me14 1a" is an incomplete UK postcode'):
        parse_postcode(" me14   1a ")
    with pytest.raises(PostcodeError, match="No postcode was entered"):
        parse_postcode("")
    with pytest.raises(PostcodeError, match="BFPO"):
        parse_postcode("bfpo 123")
    for text in ("nonsense", "", "ME14 1", "BFPO 1", "Q1 1AA"):
        with pytest.raises(PostcodeError) as caught:
            parse_postcode(text)
        assert "\n" not in str(caught.value)


def test_properties_and_formatting() -> None:
    full = parse_postcode("me141aa")
    assert str(full) == "ME14 1AA"
    assert full.compact == "ME141AA"
    assert full.sector == "ME14 1"
    assert full.district == "ME14"
    assert full.is_full
    district = parse_postcode("me14")
    assert str(district) == "ME14"
    assert district.compact == "ME14"
    assert district.sector is None
    assert not district.is_full
    with pytest.raises(dataclasses.FrozenInstanceError):
        full.outward = "XX1"  # type: ignore[misc]
    assert {parse_postcode("ME14 1AA"), parse_postcode("me141aa")} == {full}


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("", "empty"),
        ("  ", "empty"),
        ("m", "incomplete"),
        ("ME", "incomplete"),
        ("ME1", "district"),
        ("ME14", "district"),
        ("ME14 ", "district"),
        ("ME14 1", "incomplete"),
        ("ME14 1A", "incomplete"),
        ("ME141", "incomplete"),
        ("ME141A", "incomplete"),
        ("ME14 1AA", "full"),
        ("me141aa", "full"),
        ("GI", "incomplete"),
        ("GIR 0", "incomplete"),
        ("GIR 0AA", "full"),
        ("Q", "invalid"),
        ("1", "invalid"),
        ("ME14 1AAA", "invalid"),
        ("ME14 X", "invalid"),
        ("nonsense", "invalid"),
    ],
)
def test_is_valid_partial(text: str, state: str) -> None:
    assert is_valid_partial(text) == state


def test_every_postcode_and_district_in_the_data_parses() -> None:
    folder = resource_path("gazetteer")
    with (folder / "postcode_lad_exceptions.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            postcode = parse_postcode(row["postcode"])
            assert postcode.is_full and postcode.compact == row["postcode"]
    with (folder / "postcode_district_lad.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            assert parse_postcode(row["district"]) == Postcode(row["district"])
    with (folder / "postcode_sector_lad.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            assert is_valid_partial(row["sector"]) == "incomplete"
