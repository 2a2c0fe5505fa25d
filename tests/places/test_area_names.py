"""Names people give areas that are not ONS areas of the usual kinds, read from data.

``resources/gazetteer/area_names.csv`` names each police force area of England and Wales
(its councils from the ONS LAD to CSP to PFA lookup, ``police_force_areas.csv``) and a few
names for councils together ("Kent and Medway", "Black Country"). A service's area "Thames
Valley" or "Avon and Somerset" covers exactly the councils of that force's area.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spotter.directory import Directory, Organisation, Scope, Service, load_bundled_directory
from spotter.places.gazetteer import (
    ENGLAND,
    WALES,
    AreaName,
    Gazetteer,
    default_gazetteer,
    read_area_names,
    read_police_force_areas,
)
from spotter.places.matching import Certainty, Matcher
from spotter.places.postcodes import parse_postcode

DATA = Path(__file__).parents[2] / "resources" / "gazetteer"
NAMES = read_area_names()


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    # Loaded here, not the process's cached default: the name index is built in this module.
    return Gazetteer.load()


def names_of(gaz: Gazetteer, codes: frozenset[str]) -> set[str]:
    return {gaz.area(code).display_name for code in codes}


def lookup_rows() -> list[dict[str, str]]:
    with (DATA / "police_force_areas.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@settings(max_examples=150, deadline=None)
@given(
    entry=st.sampled_from(NAMES),
    upper=st.lists(st.booleans(), min_size=40, max_size=40),
    spaces=st.sampled_from(["", " ", "  "]),
)
def test_every_name_in_the_table_resolves_to_known_councils_in_one_nation(
    entry: AreaName, upper: list[bool], spaces: str
) -> None:
    gaz = default_gazetteer()
    coverage = gaz.resolve_coverage(entry.name)
    assert coverage.lad_codes
    known = {a.lad_code for a in gaz.areas() if a.in_uk}
    assert coverage.lad_codes <= known
    assert len({gaz.area(code).country_code for code in coverage.lad_codes}) == 1
    # However it is typed: case, "&" for "and", spaces around it.
    typed = "".join(c.upper() if u else c.lower() for c, u in zip(entry.name, upper, strict=False))
    typed += entry.name[len(upper) :]
    typed = spaces + typed.replace(" and ", " & ") + spaces
    assert gaz.resolve_area(typed) == coverage.lad_codes


def test_the_police_force_areas_are_the_ons_lookups_and_cover_england_and_wales_once(
    gaz: Gazetteer,
) -> None:
    forces = read_police_force_areas()
    assert len(forces) == 43  # 39 in England, 4 in Wales
    seen: dict[str, str] = {}
    for code, lads in forces.items():
        for lad in lads:
            assert lad not in seen, f"{lad} is in {seen.get(lad)} and {code}"
            seen[lad] = code
    england_and_wales = {a.lad_code for a in gaz.areas() if a.country_code in (ENGLAND, WALES)}
    assert set(seen) == england_and_wales
    # Every force's area is in the table under the ONS name, and reached by it with
    # "police force area" after it, whatever else the name means.
    in_table = {entry.police_force_area: entry.name for entry in NAMES}
    for code, lads in forces.items():
        name = in_table[code]
        assert gaz.resolve_area(f"{name} police force area") == lads, name
        assert gaz.resolve_area(code) == lads


def test_thames_valley_and_avon_and_somerset_are_exactly_their_councils(gaz: Gazetteer) -> None:
    thames = gaz.resolve_coverage("Thames Valley")
    assert names_of(gaz, thames.lad_codes) == {
        "Bracknell Forest",
        "Reading",
        "Slough",
        "West Berkshire",
        "Windsor and Maidenhead",
        "Wokingham",
        "Buckinghamshire",
        "Milton Keynes",
        "Cherwell",
        "Oxford",
        "South Oxfordshire",
        "Vale of White Horse",
        "West Oxfordshire",
    }
    assert thames.likely == frozenset() and thames.code == "E23000029"
    avon = gaz.resolve_coverage("Avon and Somerset")
    assert names_of(gaz, avon.lad_codes) == {
        "Bath and North East Somerset",
        "City of Bristol",
        "North Somerset",
        "Somerset",
        "South Gloucestershire",
    }
    assert gaz.resolve_area("Avon & Somerset Constabulary") == avon.lad_codes
    assert gaz.resolve_area("Thames Valley Police") == thames.lad_codes


def test_welsh_forces_and_forces_named_for_no_ons_area(gaz: Gazetteer) -> None:
    assert names_of(gaz, gaz.resolve_area("Dyfed-Powys")) == {
        "Carmarthenshire",
        "Ceredigion",
        "Pembrokeshire",
        "Powys",
    }
    assert names_of(gaz, gaz.resolve_area("Cleveland")) == {
        "Hartlepool",
        "Middlesbrough",
        "Redcar and Cleveland",
        "Stockton-on-Tees",
    }
    assert names_of(gaz, gaz.resolve_area("West Mercia")) == {
        "Herefordshire",
        "Shropshire",
        "Telford and Wrekin",
        "Bromsgrove",
        "Malvern Hills",
        "Redditch",
        "Worcester",
        "Wychavon",
        "Wyre Forest",
    }
    assert len(gaz.resolve_area("Metropolitan Police")) == 32  # the boroughs; not the City


def test_a_name_an_ons_area_already_has_keeps_that_meaning(gaz: Gazetteer) -> None:
    # "Hampshire" is the ceremonial county; Hampshire Constabulary also polices the Isle of Wight.
    wight = gaz.resolve_area("Isle of Wight")
    hampshire = gaz.resolve_coverage("Hampshire")
    assert hampshire.level == "ceremonial_county" and not wight & hampshire.lad_codes
    force = gaz.resolve_coverage("Hampshire Constabulary")
    assert force.name == "Hampshire police force area"
    assert force.lad_codes == hampshire.lad_codes | wight
    assert gaz.resolve_area("Hampshire and Isle of Wight") == force.lad_codes
    # "West Midlands" is the region; West Midlands Police is the metropolitan county's seven.
    assert len(gaz.resolve_area("West Midlands")) == 30
    assert gaz.resolve_area("West Midlands Police") == gaz.resolve_area("West Midlands county")
    # "Durham" is County Durham with its lieutenancy; Durham Constabulary is two councils.
    assert names_of(gaz, gaz.resolve_area("Durham Constabulary")) == {
        "County Durham",
        "Darlington",
    }


def test_sussex_and_kent_and_medway_are_what_their_ceremonial_counties_say(
    gaz: Gazetteer,
) -> None:
    sussex = gaz.resolve_area("Sussex")
    assert sussex == gaz.resolve_area("East Sussex") | gaz.resolve_area("West Sussex")
    assert "Brighton and Hove" in names_of(gaz, gaz.resolve_area("East Sussex"))
    assert gaz.resolve_coverage("East Sussex").level == "ceremonial_county"
    assert gaz.resolve_area("Kent and Medway") == gaz.resolve_area("Kent")
    assert gaz.resolve_area("Kent and Medway") == gaz.resolve_area("Kent; Medway")


def test_the_lookups_council_codes_are_todays_but_for_two_recoded_councils(
    gaz: Gazetteer,
) -> None:
    rows = lookup_rows()
    assert {r["lad_code"] for r in rows} <= {a.lad_code for a in gaz.areas()}
    recoded = {(r["lad24_code"], r["lad_code"]) for r in rows if r["lad24_code"] != r["lad_code"]}
    # Barnsley and Sheffield were given new codes in April 2025 (a boundary change between
    # them); both stay in South Yorkshire's force area.
    assert recoded == {("E08000016", "E08000038"), ("E08000019", "E08000039")}
    forces = defaultdict(set)
    for r in rows:
        forces[r["lad_code"]].add(r["pfa24_name"])
    assert forces["E08000038"] == forces["E08000039"] == {"South Yorkshire"}


def test_a_thames_valley_service_is_offered_in_reading_and_not_in_swindon(gaz: Gazetteer) -> None:
    helpline = load_bundled_directory().by_id()["national-stalking-helpline"]
    service = Service(
        id="tv",
        organisation=Organisation(id="o", name="Org"),
        name="Thames Valley stalking advocacy",
        scope=Scope.LOCAL,
        areas=("Thames Valley",),
        source="test",
    )
    matcher = Matcher(Directory((service, helpline)), gaz)
    reading = parse_postcode("RG1 1JX")
    assert gaz.locate(reading).primary.area.lad_name == "Reading"  # type: ignore[union-attr]
    [found] = [m for m in matcher.match("RG1 1JX").matches if m.service.id == "tv"]
    assert found.certainty is Certainty.COVERS
    assert gaz.locate(parse_postcode("SN1 1QH")).primary.area.lad_name == "Swindon"  # type: ignore[union-attr]
    assert not [m for m in matcher.match("SN1 1QH").matches if m.service.id == "tv"]
