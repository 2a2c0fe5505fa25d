"""Coverage read no more broadly than the data allows (hazard H28).

A service named for a ceremonial county ("Kent") is certain to cover the county council's
districts; a unitary authority that is only in the ceremonial county (Medway) is shown as
"likely covers — check with the service", never as "covers".
"""

from __future__ import annotations

import io
import json

import pytest

from spotter.cli import run
from spotter.directory import Organisation, Scope, Service, load_bundled_directory
from spotter.places.gazetteer import default_gazetteer
from spotter.places.matching import Certainty, Matcher

ORG = Organisation(id="o", name="Org")


def codes(*names: str) -> frozenset[str]:
    gazetteer = default_gazetteer()
    return frozenset(code for name in names for code in gazetteer.resolve_area(name))


@pytest.mark.parametrize(
    ("county", "unitaries"),
    [
        ("Kent", ("Medway",)),
        ("Hampshire", ("Southampton", "Portsmouth")),
        ("Somerset", ("Bath and North East Somerset", "North Somerset")),
        ("Leicestershire", ("Leicester",)),
        ("Gloucestershire", ("South Gloucestershire",)),
    ],
)
def test_a_unitary_only_in_the_ceremonial_county_is_only_likely(
    county: str, unitaries: tuple[str, ...]
) -> None:
    coverage = default_gazetteer().resolve_coverage(county)
    assert coverage.level == "ceremonial_county"
    assert coverage.likely == codes(*unitaries)
    assert coverage.likely < coverage.lad_codes


def test_names_that_say_exactly_what_they_cover_are_certain() -> None:
    gazetteer = default_gazetteer()
    council = gazetteer.resolve_coverage("Kent County Council")
    assert council.likely == frozenset() and codes("Medway") & council.lad_codes == frozenset()
    for name in ("Kent and Medway", "Kent; Medway", "Kent, Medway", "Berkshire", "Medway"):
        coverage = gazetteer.resolve_coverage(name)
        assert coverage.likely == frozenset(), name
    assert gazetteer.resolve_coverage("E06000035").likely == frozenset()  # Medway's ONS code


def matcher(*services: Service) -> Matcher:
    helpline = load_bundled_directory().by_id()["national-stalking-helpline"]
    from spotter.directory import Directory

    return Matcher(Directory((*services, helpline)), default_gazetteer())


def local(sid: str, *areas: str) -> Service:
    return Service(id=sid, organisation=ORG, name=sid, scope=Scope.LOCAL, areas=areas, source="t")


def test_a_service_for_kent_likely_covers_medway_and_covers_maidstone() -> None:
    m = matcher(local("kent", "Kent"))
    [medway] = [x for x in m.match("ME4 4TR").matches if x.service.id == "kent"]
    assert medway.certainty is Certainty.LIKELY_COVERS
    assert medway.reason.startswith("likely covers Kent — check with the service: ")
    [maidstone] = [x for x in m.match("ME14 1XQ").matches if x.service.id == "kent"]
    assert maidstone.certainty is Certainty.COVERS


def test_another_area_of_the_same_service_makes_it_certain() -> None:
    m = matcher(local("both", "Kent", "Medway"))
    [medway] = [x for x in m.match("ME4 4TR").matches if x.service.id == "both"]
    assert medway.certainty is Certainty.COVERS


def test_match_json_says_likely_covers() -> None:
    out = io.StringIO()
    assert run(["match", "LE1 6ZG", "--json"], out=out) == 0
    [result] = json.loads(out.getvalue())
    certainty = {s["id"]: s["certainty"] for s in result["services"]}
    assert certainty["womens-aid-leicestershire"] == "likely covers"
    assert certainty["national-stalking-helpline"] == "covers"
