"""The matcher's kept answers: worked out up front or on first use, results are the same."""

from __future__ import annotations

import pytest

from spotter.directory import load_bundled_directory
from spotter.places.gazetteer import default_gazetteer
from spotter.places.matching import Matcher

POSTCODES = ["ME14 1XQ", "TN3", "TN3 9ZZ", "BN3 3BQ", "EH1 1YZ", "CF10 1EP", "BT1 5GS", "LL11"]


def _view(matcher: Matcher, postcode: str) -> list[tuple[str, str, str, str]]:
    result = matcher.match(postcode)
    return [(m.service.id, m.certainty.value, m.coverage, m.reason) for m in result.matches]


def test_prepared_answers_match_answers_worked_out_on_first_use() -> None:
    gazetteer = default_gazetteer()
    directory = load_bundled_directory()
    prepared = Matcher(directory, gazetteer)
    assert prepared.prepare() >= len(gazetteer.areas())
    for postcode in [*POSTCODES, *gazetteer.districts()[::50]]:
        assert _view(prepared, postcode) == _view(Matcher(directory, gazetteer), postcode)


def test_postcodes_sharing_a_council_each_get_their_own_reasons() -> None:
    matcher = Matcher(load_bundled_directory(), default_gazetteer())
    first, second = matcher.match("ME14 1XQ"), matcher.match("ME15 6AA")
    assert [m.service.id for m in first.matches] == [m.service.id for m in second.matches]
    assert "ME14 1XQ is in Maidstone, Kent" in first.matches[0].reason
    assert "ME15 6AA is in Maidstone, Kent" in second.matches[0].reason


def test_after_prepare_no_lookup_ranks_services(monkeypatch: pytest.MonkeyPatch) -> None:
    """What ``prepare`` promises: every council and district answer is kept, so a lookup is a
    postcode lookup and a dictionary read. (The placement it ranks a council with is exact and
    whole; ranking reads neither, so those two values are not tested.)"""
    gazetteer = default_gazetteer()
    matcher = Matcher(load_bundled_directory(), gazetteer)
    kept = matcher.prepare()

    def ranked(*_args: object) -> None:
        raise AssertionError("a lookup ranked services after prepare()")

    monkeypatch.setattr(matcher, "_answer", ranked)
    # LE15 6HP is in Rutland, a council no postcode district lies wholly inside: its answer is
    # kept for the council itself, not for a district.
    for postcode in [*POSTCODES, "LE15 6HP", *gazetteer.districts()[::25]]:
        assert matcher.match(postcode).matches
    assert matcher.prepare() == kept  # nothing new was worked out
