"""The words a receptionist reads about a search: plain sentences, from the core."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from spotter.cli import run
from spotter.directory import load_bundled_directory
from spotter.places import match_words
from spotter.places.gazetteer import default_gazetteer
from spotter.places.matching import Matcher


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_bundled_directory(), default_gazetteer())


def test_an_unknown_postcode_says_check_it(matcher: Matcher) -> None:
    result = matcher.match("ME99 9ZZ")
    assert match_words.notice(result) == (
        "ME99 9ZZ is not in the postcode data — check it. Only national services are shown."
    )
    assert match_words.summary(result) == "1 service for ME99 9ZZ: national only"


def test_no_local_service_is_said_not_implied(matcher: Matcher) -> None:
    result = matcher.match("G1 1AA")
    assert result.advice == (
        "No local specialist service on record for Glasgow City; these national services cover it."
    )
    labels = {m.service.name: match_words.scope_label(m.service) for m in result.matches}
    assert labels["Action Against Stalking"] == "Scotland-wide"
    assert labels["National Stalking Helpline"] == "UK-wide"


def test_a_split_district_in_plain_english(matcher: Matcher) -> None:
    result = matcher.match("TN3")
    assert result.advice == (
        "TN3 is split between councils: about 6 in 10 of its postcodes are in "
        "Tunbridge Wells. Enter the full postcode to be sure."
    )
    assert "%" not in (result.advice or "")
    reasons = {m.service.name: match_words.reason(m, result) for m in result.matches}
    assert reasons["Protection Against Stalking"] == (
        "Possibly covers TN3: about 6 in 10 of its postcodes are in Kent. "
        "Enter the full postcode to be sure."
    )
    assert match_words.summary(result) == "4 services for TN3"


def test_a_local_match_has_a_summary_and_no_advice(matcher: Matcher) -> None:
    result = matcher.match("ME14 1AA")
    assert result.advice is None and match_words.notice(result) is None
    assert match_words.summary(result) == "3 services for Maidstone, Kent"
    first = result.matches[0]
    assert match_words.scope_label(first.service) == "Local"
    assert match_words.reason(first, result) == "Covers Kent: ME14 1AA is in Maidstone, Kent."


@pytest.mark.parametrize(
    ("share", "words"),
    [(0.63, "about 6 in 10"), (0.97, "almost all"), (0.02, "a few"), (0.5, "about 5 in 10")],
)
def test_shares_in_words(share: float, words: str) -> None:
    assert match_words.in_ten(share) == words


def test_match_json_carries_the_same_words(tmp_path: Path) -> None:
    out = io.StringIO()
    argv = ["--data-dir", str(tmp_path), "match", "--json", "TN3", "G1 1AA"]
    assert run(argv, out=out, err=io.StringIO(), stdin=io.StringIO()) == 0
    tn3, glasgow = json.loads(out.getvalue())
    assert tn3["advice"].startswith("TN3 is split between councils")
    assert tn3["summary"] == "4 services for TN3"
    assert glasgow["advice"].startswith("No local specialist service on record for Glasgow City")


def test_a_likely_match_is_never_worded_as_covers() -> None:
    """Medway is in ceremonial Kent but has its own council: a Kent service only likely
    covers it, and the card must say so."""
    from spotter.directory import load_bundled_directory
    from spotter.places.gazetteer import default_gazetteer
    from spotter.places.match_words import reason
    from spotter.places.matching import Certainty, Matcher

    result = Matcher(load_bundled_directory(), default_gazetteer()).match("ME7 1AA")
    likely = [m for m in result.matches if m.certainty is Certainty.LIKELY_COVERS]
    assert likely, "Protection Against Stalking (Kent) only likely covers Medway"
    for match in likely:
        words = reason(match, result)
        assert words.startswith("Likely covers Kent — check with the service")
        assert not words.startswith("Covers")


def test_a_service_the_person_is_too_young_or_old_for_goes_last_and_says_so() -> None:
    from dataclasses import replace

    from spotter.directory import load_bundled_directory
    from spotter.places.gazetteer import default_gazetteer
    from spotter.places.match_words import age_note, by_age
    from spotter.places.matching import Matcher
    from spotter.screening import AgeBand

    result = Matcher(load_bundled_directory(), default_gazetteer()).match("ME14 1AA")
    first = result.matches[0]
    adults = replace(first, service=replace(first.service, minimum_age=18))
    children = replace(
        result.matches[1], service=replace(result.matches[1].service, maximum_age=17)
    )
    matches = [adults, children, *result.matches[2:]]
    assert age_note(adults.service, AgeBand.UNDER_16) == "Not for this age (from 18)"
    assert age_note(adults.service, AgeBand.AGE_16_17) == "Not for this age (from 18)"
    assert age_note(adults.service, AgeBand.ADULT) is None
    assert age_note(children.service, AgeBand.ADULT) == "Not for this age (up to 17)"
    assert age_note(children.service, AgeBand.AGE_16_17) is None
    assert age_note(adults.service, None) is None
    young = by_age(matches, AgeBand.UNDER_16)
    assert young[-1] is adults and len(young) == len(matches)  # last, never hidden
    grown = by_age(matches, AgeBand.ADULT)
    assert grown[-1] is children and grown[0] is adults
    assert by_age(matches, None) == matches
