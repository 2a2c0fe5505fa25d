"""Matching on real postcodes across the four nations and every bundled local service."""

from __future__ import annotations

import pytest

from spotter.directory import HELPLINE_ID, Directory, load_bundled_directory
from spotter.places.gazetteer import default_gazetteer
from spotter.places.matching import Certainty, Matcher
from spotter.places.postcodes import PostcodeError

NATIONAL = {HELPLINE_ID}
EW = NATIONAL | {"paladin-advocacy"}
SCOT = NATIONAL | {"action-against-stalking", "victim-support-scotland"}
WALES = EW | {"live-fear-free"}
NI = NATIONAL | {"dsa-helpline-ni"}

# (postcode as a person might type it, council it lies in, the exact set of service ids)
CASES = [
    # Kent, including Medway (a unitary authority in ceremonial Kent)
    ("ME14 1XQ", "Maidstone", EW | {"protection-against-stalking"}),
    ("ct1 2eh", "Canterbury", EW | {"protection-against-stalking"}),
    ("TN1 1RS", "Tunbridge Wells", EW | {"protection-against-stalking"}),
    ("ME4 4TR", "Medway", EW | {"protection-against-stalking"}),
    # Sussex: Veritas Justice everywhere, the YOU Trust in West Sussex only
    ("BN3 3BQ", "Brighton and Hove", EW | {"veritas-justice"}),
    ("BN7 1UE", "Lewes", EW | {"veritas-justice"}),
    ("PO19 1RQ", "Chichester", EW | {"veritas-justice", "you-trust-paragon"}),
    ("RH10 1UZ", "Crawley", EW | {"veritas-justice", "you-trust-paragon"}),
    # Hampshire (with Southampton and Portsmouth) and the Isle of Wight
    ("SO23 8UJ", "Winchester", EW | {"aurora-new-dawn", "you-trust-paragon"}),
    ("SO14 7LY", "Southampton", EW | {"aurora-new-dawn", "you-trust-paragon"}),
    ("PO1 2AL", "Portsmouth", EW | {"aurora-new-dawn", "you-trust-paragon"}),
    ("PO30 1UD", "Isle of Wight", EW | {"aurora-new-dawn", "you-trust-paragon"}),
    # Dorset and Somerset (the YOU Trust)
    ("DT1 1XJ", "Dorset", EW | {"you-trust-paragon"}),
    ("BH2 6DY", "Bournemouth, Christchurch and Poole", EW | {"you-trust-paragon"}),
    ("TA1 4DY", "Somerset", EW | {"you-trust-paragon"}),
    # The Black Country and Birmingham
    ("WV1 1SH", "Wolverhampton", EW | {"black-country-womens-aid"}),
    ("B69 3DE", "Sandwell", EW | {"black-country-womens-aid"}),
    ("DY1 1HF", "Dudley", EW | {"black-country-womens-aid"}),
    ("B1 1BB", "Birmingham", EW | {"black-country-womens-aid"}),
    ("WS1 1TP", "Walsall", EW | {"black-country-womens-aid"}),
    # South Essex (Changing Pathways)
    ("SS14 1DL", "Basildon", EW | {"changing-pathways"}),
    ("CM15 8AY", "Brentwood", EW | {"changing-pathways"}),
    ("SS7 1TF", "Castle Point", EW | {"changing-pathways"}),
    ("SS4 1BW", "Rochford", EW | {"changing-pathways"}),
    ("RM17 6SL", "Thurrock", EW | {"changing-pathways"}),
    # The Fylde coast
    ("FY1 1GB", "Blackpool", EW | {"fylde-coast-womens-aid"}),
    ("FY8 1LW", "Fylde", EW | {"fylde-coast-womens-aid"}),
    ("FY6 7PU", "Wyre", EW | {"fylde-coast-womens-aid"}),
    # Gloucestershire and Leicestershire (Leicester is in the ceremonial county)
    ("GL1 2TG", "Gloucester", EW | {"fearfree"}),
    ("GL50 9SA", "Cheltenham", EW | {"fearfree"}),
    ("LE3 8RA", "Blaby", EW | {"womens-aid-leicestershire"}),
    ("LE1 6ZG", "Leicester", EW | {"womens-aid-leicestershire"}),
    # England with no local specialist service in the bundled directory
    ("SW1A 2AA", "Westminster", EW),
    ("M2 5DB", "Manchester", EW),
    ("LS1 1UR", "Leeds", EW),
    # Scotland, Wales, Northern Ireland
    ("EH1 1YJ", "City of Edinburgh", SCOT),
    ("G2 1DU", "Glasgow City", SCOT),
    ("IV3 5NX", "Highland", SCOT),
    ("CF10 4UW", "Cardiff", WALES),
    ("SA1 3SN", "Swansea", WALES),
    ("LL55 1SH", "Gwynedd", WALES),
    ("BT1 5GS", "Belfast", NI),
    ("BT48 7NN", "Derry City and Strabane", NI),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_bundled_directory(), default_gazetteer())


@pytest.mark.parametrize(("postcode", "council", "expected"), CASES, ids=[c[0] for c in CASES])
def test_real_postcodes_find_exactly_their_services(
    matcher: Matcher, postcode: str, council: str, expected: set[str]
) -> None:
    result = matcher.match(postcode)
    assert [p.area.lad_name for p in result.location.placements] == [council]
    assert {m.service.id for m in result.matches} == expected
    likely = {m.service.id for m in result.matches if m.certainty is Certainty.LIKELY_COVERS}
    assert likely == ONLY_IN_THE_CEREMONIAL_COUNTY.get(postcode, set())
    assert all(
        m.certainty is Certainty.COVERS for m in result.matches if m.service.id not in likely
    )
    if any(m.service.scope.value == "local" for m in result.matches):
        assert result.advice is None
    else:  # said, never left to be inferred from a short list
        assert result.advice == (
            f"No local specialist service on record for {council}; "
            "these national services cover it."
        )


# A unitary authority only in the ceremonial county a service is named for: the bundled
# services named "Kent", "Hampshire", "Dorset" or "Leicestershire" only likely cover it.
ONLY_IN_THE_CEREMONIAL_COUNTY = {
    "ME4 4TR": {"protection-against-stalking"},  # Medway, "Kent"
    "SO14 7LY": {"aurora-new-dawn", "you-trust-paragon"},  # Southampton, "Hampshire"
    "PO1 2AL": {"aurora-new-dawn", "you-trust-paragon"},  # Portsmouth, "Hampshire"
    "BH2 6DY": {"you-trust-paragon"},  # Bournemouth, Christchurch and Poole, "Dorset"
    "LE1 6ZG": {"womens-aid-leicestershire"},  # Leicester, "Leicestershire"
}


def test_cases_cover_every_local_service_and_all_four_nations(matcher: Matcher) -> None:
    local = {s.id for s in load_bundled_directory().services if s.scope.value == "local"}
    found = set().union(*(c[2] for c in CASES))
    assert local <= found
    nations = {matcher.match(c[0]).location.placements[0].area.country_name for c in CASES}
    assert nations == {"England", "Scotland", "Wales", "Northern Ireland"}
    assert len(CASES) >= 30


def test_order_is_local_then_nation_then_national_with_helpline_last(matcher: Matcher) -> None:
    ids = [m.service.id for m in matcher.match("CF10 4UW").matches]
    assert ids == ["live-fear-free", "paladin-advocacy", HELPLINE_ID]
    ids = [m.service.id for m in matcher.match("ME14 1XQ").matches]
    assert ids == ["protection-against-stalking", "paladin-advocacy", HELPLINE_ID]


def test_reason_names_the_area_and_the_place(matcher: Matcher) -> None:
    reasons = {m.service.id: m.reason for m in matcher.match("ME14 1AA").matches}
    assert reasons["protection-against-stalking"] == ("covers Kent: ME14 1AA is in Maidstone, Kent")
    assert reasons["paladin-advocacy"].startswith("covers England and Wales: ME14 1AA")


def test_spine_examples(matcher: Matcher) -> None:
    ids = {m.service.id for m in matcher.match("ME14 1AA").matches}
    assert {"protection-against-stalking", "paladin-advocacy", HELPLINE_ID} <= ids
    ids = {m.service.id for m in matcher.match("EH1 1AA").matches}
    assert {"action-against-stalking", HELPLINE_ID} <= ids
    assert "paladin-advocacy" not in ids
    ids = {m.service.id for m in matcher.match("me41aa").matches}
    assert "protection-against-stalking" in ids


@pytest.mark.parametrize(
    ("district", "inside", "service"),
    [
        ("TN16", "Sevenoaks", "protection-against-stalking"),  # Kent / Bromley
        ("DA5", "Dartford", "protection-against-stalking"),  # Kent / Bexley
        ("PO10", "Chichester", "veritas-justice"),  # West Sussex / Hampshire
        ("SS11", "Basildon", "changing-pathways"),  # Basildon / Chelmsford
        ("B76", "Birmingham", "black-country-womens-aid"),  # Birmingham / North Warwickshire
        ("CV9", "Hinckley and Bosworth", "womens-aid-leicestershire"),  # Leics / Warks
    ],
)
def test_a_district_straddling_a_boundary_is_marked_possibly_covers(
    matcher: Matcher, district: str, inside: str, service: str
) -> None:
    result = matcher.match(district)
    assert len(result.location.placements) > 1
    assert inside in {p.area.lad_name for p in result.location.placements}
    by_id = {m.service.id: m for m in result.matches}
    assert by_id[service].certainty is Certainty.POSSIBLY_COVERS
    assert "enter the full postcode" in by_id[service].reason
    assert result.advice is not None and "full postcode" in result.advice
    # Services covering every possible area stay certain.
    assert by_id[HELPLINE_ID].certainty is Certainty.COVERS


def test_a_district_wholly_inside_one_council_is_certain(matcher: Matcher) -> None:
    result = matcher.match("ME14")
    assert result.location.method == "district"
    assert all(m.certainty is Certainty.COVERS for m in result.matches)
    assert "protection-against-stalking" in {m.service.id for m in result.matches}


def test_unknown_postcode_falls_back_to_district_then_national(matcher: Matcher) -> None:
    fallback = matcher.match("ME4 1AA")
    assert fallback.location.method == "district_fallback"
    assert fallback.notes and "using its district ME4" in fallback.notes[0]
    unknown = matcher.match("AB1 1AA")
    assert unknown.location.method == "unknown"
    assert [m.service.id for m in unknown.matches] == [HELPLINE_ID]
    assert unknown.notes and "only national services" in unknown.notes[0]


def test_the_helpline_is_in_every_result_even_if_a_directory_lacks_it() -> None:
    bundled = load_bundled_directory()
    without = Directory(services=tuple(s for s in bundled.services if s.id != HELPLINE_ID))
    matcher = Matcher(without, default_gazetteer())
    for query in ("ME14 1AA", "EH1 1AA", "BT1 5GS", "JE2 4UH", "AB1 1AA"):
        ids = [m.service.id for m in matcher.match(query).matches]
        assert ids[-1] == HELPLINE_ID
        numbers = [p.number for m in matcher.match(query).matches for p in m.service.phones]
        assert "0300 636 0300" not in numbers


def test_bad_input_is_a_postcode_error(matcher: Matcher) -> None:
    with pytest.raises(PostcodeError, match="not a UK postcode"):
        matcher.match("nonsense")


def test_every_bundled_coverage_area_resolves(matcher: Matcher) -> None:
    assert matcher.unresolved == []
