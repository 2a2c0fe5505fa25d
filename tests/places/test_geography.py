"""Gazetteer lookups against the real bundled data (no mocks)."""

from __future__ import annotations

import csv
import itertools
import json
import threading
import time
from pathlib import Path

import pytest

from spotter.places.gazetteer import (
    ATTRIBUTION,
    Area,
    Gazetteer,
    UnknownAreaError,
    default_gazetteer,
    describe_area,
    ons_uri,
    read_area_names,
)
from spotter.places.postcodes import parse_postcode
from spotter.system.resources import resource_path

DATA = resource_path("gazetteer")


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


@pytest.fixture(scope="module")
def exceptions() -> dict[str, str]:
    return {row["postcode"]: row["lad_code"] for row in _rows("postcode_lad_exceptions.csv")}


@pytest.fixture(scope="module")
def sector_majority() -> dict[str, str]:
    majority: dict[str, str] = {}
    for row in _rows("postcode_sector_lad.csv"):
        majority.setdefault(row["sector"], row["lad_code"])
    return majority


@pytest.fixture(scope="module")
def district_rows() -> dict[str, list[dict[str, str]]]:
    grouped: dict[str, list[dict[str, str]]] = {}
    for row in _rows("postcode_district_lad.csv"):
        grouped.setdefault(row["district"], []).append(row)
    return grouped


# Well-known postcodes across all four nations; each expectation was checked against the
# CSVs (exceptions file, else sector majority) and is re-checked in the test below.
KNOWN = [
    ("ME14 1AA", "E07000110", "Maidstone"),
    ("ME4 4AA", "E06000035", "Medway"),
    ("SO14 7DU", "E06000045", "Southampton"),
    ("PO1 2DX", "E06000044", "Portsmouth"),
    ("BN1 1AA", "E06000043", "Brighton and Hove"),
    ("SS14 1DL", "E07000066", "Basildon"),
    ("FY1 1AA", "E06000009", "Blackpool"),
    ("GL1 1AA", "E07000081", "Gloucester"),
    ("LE1 5YA", "E06000016", "Leicester"),
    ("B1 1AA", "E08000025", "Birmingham"),
    ("WV1 1AA", "E08000031", "Wolverhampton"),
    ("PO30 1UD", "E06000046", "Isle of Wight"),
    ("M1 1AE", "E08000003", "Manchester"),
    ("CR2 6XH", "E09000008", "Croydon"),
    ("SW1A 2AA", "E09000033", "Westminster"),
    ("L1 1AA", "E08000012", "Liverpool"),
    ("LS1 1AA", "E08000035", "Leeds"),
    ("NE1 1AA", "E08000021", "Newcastle upon Tyne"),
    ("S1 1AA", "E08000039", "Sheffield"),
    ("BS1 1AA", "E06000023", "Bristol, City of"),
    ("TR1 1AA", "E06000052", "Cornwall"),
    ("CA1 1AA", "E06000063", "Cumberland"),
    ("YO1 7AA", "E06000014", "York"),
    ("EH1 1AA", "S12000036", "City of Edinburgh"),
    ("G1 1AA", "S12000049", "Glasgow City"),
    ("AB10 1AA", "S12000033", "Aberdeen City"),
    ("IV1 1AA", "S12000017", "Highland"),
    ("KW15 1AA", "S12000023", "Orkney Islands"),
    ("ZE1 0AA", "S12000027", "Shetland Islands"),
    ("HS1 2AA", "S12000013", "Na h-Eileanan Siar"),
    ("CF10 1AA", "W06000015", "Cardiff"),
    ("SA1 1AA", "W06000011", "Swansea"),
    ("LL57 1AA", "W06000002", "Gwynedd"),
    ("NP20 1AA", "W06000022", "Newport"),
    ("LD1 5AA", "W06000023", "Powys"),
    ("BT1 1AA", "N09000003", "Belfast"),
    ("BT48 6AA", "N09000005", "Derry City and Strabane"),
    ("BT74 6AA", "N09000006", "Fermanagh and Omagh"),
    ("BT34 1AA", "N09000010", "Newry, Mourne and Down"),
]


@pytest.mark.parametrize(("text", "lad_code", "lad_name"), KNOWN)
def test_known_postcodes(
    gaz: Gazetteer,
    exceptions: dict[str, str],
    sector_majority: dict[str, str],
    text: str,
    lad_code: str,
    lad_name: str,
) -> None:
    postcode = parse_postcode(text)
    expected = exceptions.get(postcode.compact) or sector_majority[str(postcode.sector)]
    assert expected == lad_code, "hard-coded expectation disagrees with the CSVs"
    location = gaz.locate(postcode)
    assert location.method == "postcode"
    assert location.note is None
    assert [(p.area.lad_code, p.certainty, p.share) for p in location.placements] == [
        (lad_code, "exact", 1.0)
    ]
    assert location.placements[0].area.lad_name == lad_name
    assert location.is_exact


def test_known_postcodes_cover_all_four_nations() -> None:
    assert {code[0] for _, code, _ in KNOWN} == {"E", "S", "W", "N"}
    assert len(KNOWN) >= 30


def test_sampled_postcodes_follow_the_documented_rule(
    gaz: Gazetteer, exceptions: dict[str, str], sector_majority: dict[str, str]
) -> None:
    # Every 500th exception postcode: the exception LAD wins.
    for compact, lad_code in itertools.islice(exceptions.items(), 0, None, 500):
        assert gaz.locate(parse_postcode(compact)).placements[0].area.lad_code == lad_code
    # Postcodes in every 50th sector that are not exceptions: the sector majority.
    for sector, lad_code in itertools.islice(sector_majority.items(), 0, None, 50):
        for unit in ("AA", "ZZ", "BD"):
            postcode = parse_postcode(f"{sector}{unit}")
            if postcode.compact in exceptions:
                continue
            location = gaz.locate(postcode)
            assert location.method == "postcode"
            assert location.placements[0].area.lad_code == lad_code


def test_exception_postcode_beats_sector_majority(
    gaz: Gazetteer, exceptions: dict[str, str], sector_majority: dict[str, str]
) -> None:
    compact, lad_code = next(iter(exceptions.items()))  # AB12 3GQ -> Aberdeenshire
    postcode = parse_postcode(compact)
    majority = sector_majority[str(postcode.sector)]
    assert lad_code != majority
    location = gaz.locate(postcode)
    assert [(p.area.lad_code, p.certainty) for p in location.placements] == [(lad_code, "exact")]
    assert location.method == "postcode"


def test_straddling_district_gives_possible_placements(gaz: Gazetteer) -> None:
    location = gaz.locate(parse_postcode("ab12"))
    assert location.method == "district"
    assert [(p.area.lad_name, p.certainty) for p in location.placements] == [
        ("Aberdeen City", "possible"),
        ("Aberdeenshire", "possible"),
    ]
    shares = [p.share for p in location.placements]
    assert shares == sorted(shares, reverse=True)
    assert shares == pytest.approx([0.6993, 0.3007])
    assert location.note == (
        "AB12 covers more than one council area; enter the full postcode for an exact match."
    )
    assert not location.is_exact
    assert location.lad_codes == {"S12000033", "S12000034"}


def test_district_shares_match_the_file(
    gaz: Gazetteer, district_rows: dict[str, list[dict[str, str]]]
) -> None:
    for district, rows in district_rows.items():
        location = gaz.locate(parse_postcode(district))
        expected = [(r["lad_code"], float(r["share"])) for r in rows]
        assert [(p.area.lad_code, p.share) for p in location.placements] == expected
        certainty = "district" if len(rows) == 1 else "possible"
        assert {p.certainty for p in location.placements} == {certainty}


@pytest.mark.parametrize(
    ("district", "lad_name"),
    [
        ("ME14", "Maidstone"),
        ("ME4", "Medway"),
        ("SO14", "Southampton"),
        ("PO1", "Portsmouth"),
        ("SS14", "Basildon"),
        ("FY1", "Blackpool"),
        ("GL1", "Gloucester"),
        ("B1", "Birmingham"),
        ("WV1", "Wolverhampton"),
        ("PO30", "Isle of Wight"),
        ("EH1", "City of Edinburgh"),
        ("CF10", "Cardiff"),
        ("BT1", "Belfast"),
    ],
)
def test_single_lad_districts(gaz: Gazetteer, district: str, lad_name: str) -> None:
    location = gaz.locate(parse_postcode(district))
    assert location.method == "district"
    assert location.note is None
    assert [(p.area.lad_name, p.certainty, p.share) for p in location.placements] == [
        (lad_name, "district", 1.0)
    ]


@pytest.mark.parametrize(
    ("district", "leading"), [("BN1", "Brighton and Hove"), ("LE1", "Leicester")]
)
def test_mostly_one_lad_districts_are_still_possible(
    gaz: Gazetteer, district: str, leading: str
) -> None:
    location = gaz.locate(parse_postcode(district))
    assert location.placements[0].area.lad_name == leading
    assert location.placements[0].certainty == "possible"
    assert len(location.placements) > 1


def test_unknown_sector_falls_back_to_district(
    gaz: Gazetteer, sector_majority: dict[str, str]
) -> None:
    assert "ME4 1" not in sector_majority
    location = gaz.locate(parse_postcode("ME4 1AA"))
    assert location.method == "district_fallback"
    assert location.note == "ME4 1AA was not found in the postcode data; using its district ME4."
    assert [(p.area.lad_name, p.certainty) for p in location.placements] == [("Medway", "district")]


def test_unknown_sector_in_straddling_district(
    gaz: Gazetteer, sector_majority: dict[str, str]
) -> None:
    assert "AB12 8" not in sector_majority
    location = gaz.locate(parse_postcode("AB12 8ZZ"))
    assert location.method == "district_fallback"
    assert {p.certainty for p in location.placements} == {"possible"}
    assert location.note is not None
    assert location.note.startswith("AB12 8ZZ was not found in the postcode data")


@pytest.mark.parametrize("text", ["SO1", "AB1", "DN55"])
def test_unknown_district(gaz: Gazetteer, text: str) -> None:
    location = gaz.locate(parse_postcode(text))
    assert location.method == "unknown"
    assert location.placements == []
    assert location.primary is None
    assert location.describe() == ""
    assert (
        location.note == f"{text} is not in the postcode data; only national services can be shown."
    )


def test_unknown_full_postcode_in_unknown_district(gaz: Gazetteer) -> None:
    location = gaz.locate(parse_postcode("GIR 0AA"))
    assert location.method == "unknown"
    assert location.note is not None
    assert "only national services can be shown" in location.note


def test_crown_dependencies_are_pseudo_areas(gaz: Gazetteer) -> None:
    jersey = gaz.locate(parse_postcode("JE2")).placements[0].area
    man = gaz.locate(parse_postcode("IM1")).placements[0].area
    assert (jersey.lad_code, man.lad_code) == ("L99999999", "M99999999")
    assert not jersey.in_uk and not man.in_uk
    assert describe_area(jersey) == "Channel Islands"
    assert describe_area(man) == "Isle of Man"


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("ME14 1AA", "Maidstone, Kent"),
        ("ME4 4AA", "Medway, Kent"),
        ("PO30 1UD", "Isle of Wight"),
        ("SO14 7DU", "Southampton, Hampshire"),
        ("BS1 1AA", "City of Bristol"),
        ("TR1 1AA", "Cornwall"),
        ("SW1A 2AA", "Westminster, London"),
        ("EH1 1AA", "City of Edinburgh, Scotland"),
        ("CF10 1AA", "Cardiff, Wales"),
        ("BT1 1AA", "Belfast, Northern Ireland"),
    ],
)
def test_describe(gaz: Gazetteer, text: str, phrase: str) -> None:
    location = gaz.locate(parse_postcode(text))
    assert location.describe() == phrase
    assert location.describe(location.placements[0]) == phrase
    assert location.placements[0].describe() == phrase


def test_area_fields(gaz: Gazetteer) -> None:
    maidstone = gaz.area("E07000110")
    assert maidstone == Area(
        lad_code="E07000110",
        lad_name="Maidstone",
        county_code="E10000016",
        county_name="Kent",
        ceremonial_county="Kent",
        region_code="E12000008",
        region_name="South East",
        country_code="E92000001",
        country_name="England",
        icb_code=maidstone.icb_code,
        icb_name="NHS Kent and Medway Integrated Care Board",
    )
    assert maidstone.icb_code.startswith("E54")
    cardiff = gaz.area("w06000015")
    assert (cardiff.region_code, cardiff.icb_code, cardiff.ceremonial_county) == ("", "", "")
    assert cardiff.county_code == "W06000015"
    with pytest.raises(KeyError):
        gaz.area("E99999999")
    areas = gaz.areas()
    assert len(areas) == 363
    assert [a.lad_code for a in areas] == sorted(a.lad_code for a in areas)
    assert maidstone.uri == "http://statistics.data.gov.uk/id/statistical-geography/E07000110"
    assert ons_uri("E10000016").endswith("/statistical-geography/E10000016")


# ----------------------------------------------------------------------------- coverage


def test_kent_includes_medway_and_maidstone(gaz: Gazetteer) -> None:
    kent = gaz.resolve_coverage("Kent")
    assert kent.level == "ceremonial_county"
    assert {"E06000035", "E07000110"} <= kent.lad_codes
    assert len(kent.lad_codes) == 13
    assert gaz.resolve_area("kent") == kent.lad_codes
    assert "E06000035" in kent
    # The county council area is narrower and still reachable.
    council = gaz.resolve_coverage("Kent County Council")
    assert council.level == "county"
    assert council.code == "E10000016"
    assert "E06000035" not in council.lad_codes
    assert gaz.resolve_area("E10000016") == council.lad_codes
    assert gaz.resolve_area("Kent and Medway") == kent.lad_codes


def test_sussex_alias(gaz: Gazetteer) -> None:
    sussex = gaz.resolve_coverage("Sussex")
    assert sussex.level == "alias"
    names = {gaz.area(code).lad_name for code in sussex.lad_codes}
    assert {"Brighton and Hove", "Lewes", "Wealden", "Crawley", "Horsham", "Chichester"} <= names
    assert sussex.lad_codes == gaz.resolve_area("East Sussex") | gaz.resolve_area("West Sussex")
    assert len(sussex.lad_codes) == 13


def test_hampshire_includes_the_cities(gaz: Gazetteer) -> None:
    hampshire = gaz.resolve_area("Hampshire")
    assert {"E06000045", "E06000044"} <= hampshire
    assert "E06000046" not in hampshire
    both = gaz.resolve_coverage("Hampshire & Isle of Wight")
    assert both.lad_codes == hampshire | {"E06000046"}


@pytest.mark.parametrize(
    ("name", "level", "size"),
    [
        ("Scotland", "nation", 32),
        ("Wales", "nation", 22),
        ("Northern Ireland", "nation", 11),
        ("England", "nation", 296),
        ("E92000001", "nation", 296),
        ("S92000003", "nation", 32),
        ("England and Wales", "multi_nation", 318),
        ("england & wales", "multi_nation", 318),
        ("Great Britain", "multi_nation", 350),
        ("United Kingdom", "multi_nation", 361),
        ("UK", "multi_nation", 361),
        ("U.K.", "multi_nation", 361),
        ("K02000001", "multi_nation", 361),
        ("South East", "region", 64),
        ("E12000008", "region", 64),
        ("the South East", "region", 64),
        ("Yorkshire & the Humber", "region", 15),
        ("London", "region", 33),
        ("Greater London", "ceremonial_county", 32),
        ("West Midlands", "region", 30),
        ("West Midlands county", "ceremonial_county", 7),
        ("Basildon", "lad", 1),
        ("E07000066", "lad", 1),
        ("e07000066", "lad", 1),
        ("Medway", "lad", 1),
        ("Medway Council", "lad", 1),
        ("Stockton on Tees", "lad", 1),
        ("St Helens", "lad", 1),
        ("Brighton & Hove", "lad", 1),
        ("Cornwall", "ceremonial_county", 2),
        ("Cornwall Council", "lad", 1),
        ("Durham", "ceremonial_county", 4),
        ("Fylde and Wyre", "alias", 2),
        ("Black Country", "alias", 4),
        ("Fylde, Wyre and Blackpool", "combined", 3),
    ],
)
def test_coverage_levels_and_sizes(gaz: Gazetteer, name: str, level: str, size: int) -> None:
    coverage = gaz.resolve_coverage(name)
    assert (coverage.level, len(coverage.lad_codes)) == (level, size)
    assert gaz.area_level(name) == level


def test_uk_excludes_crown_dependencies(gaz: Gazetteer) -> None:
    uk = gaz.resolve_area("United Kingdom")
    assert "L99999999" not in uk and "M99999999" not in uk
    assert uk == gaz.resolve_area("Great Britain") | gaz.resolve_area("Northern Ireland")


def test_every_lad_resolves_by_name_and_code(gaz: Gazetteer) -> None:
    for area in gaz.areas():
        assert area.lad_code in gaz.resolve_area(area.lad_name)
        assert gaz.resolve_area(area.lad_code) == {area.lad_code}


def test_aliases_all_resolve(gaz: Gazetteer) -> None:
    for entry in read_area_names():
        assert gaz.resolve_area(entry.name)


@pytest.mark.parametrize(
    ("name", "suggestion"), [("Kentt", "Kent"), ("Medwey", "Medway"), ("Sussexx", "Sussex")]
)
def test_unknown_area_suggests(gaz: Gazetteer, name: str, suggestion: str) -> None:
    with pytest.raises(UnknownAreaError) as caught:
        gaz.resolve_area(name)
    assert isinstance(caught.value, ValueError)
    assert caught.value.suggestions[0] == suggestion
    assert f"did you mean {suggestion}" in str(caught.value)


@pytest.mark.parametrize("name", ["Narnia", "E99999999", "", "Hampshire and Narnia"])
def test_unknown_area_without_suggestion(gaz: Gazetteer, name: str) -> None:
    with pytest.raises(UnknownAreaError):
        gaz.resolve_coverage(name)


def test_covers_matches_location(gaz: Gazetteer) -> None:
    location = gaz.locate(parse_postcode("ME14 1AA"))
    assert [p.area.lad_name for p in gaz.covers("Kent", location)] == ["Maidstone"]
    assert gaz.covers("Sussex", location) == []
    reason = f"covers Kent: {location.postcode} is in {location.describe()}"
    assert reason == "covers Kent: ME14 1AA is in Maidstone, Kent"


# ----------------------------------------------------------------------------- data, load


def test_attribution_matches_sources() -> None:
    sources = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    for line in (
        "Contains OS data © Crown copyright and database right 2025",
        "Contains Royal Mail data © Royal Mail copyright and database right 2025",
        "Source: Office for National Statistics licensed under the Open Government Licence v.3.0",
        "Contains public sector information licensed under the Open Government Licence v3.0.",
    ):
        assert line in sources
        assert line in ATTRIBUTION
    assert "Northern Ireland" in ATTRIBUTION
    assert "Land & Property Services NI" in ATTRIBUTION


def test_manifest_matches_files(gaz: Gazetteer) -> None:
    import hashlib

    manifest = json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))
    assert gaz.version == manifest["version"] == "ONSPD Nov 2025 / LAD Apr 2025 / ICB Apr 2024"
    for name, entry in manifest["files"].items():
        data = (DATA / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], name
        if "rows" in entry:
            assert len(_rows(name)) == entry["rows"], name


def test_load_is_fast_and_explicit_path_works() -> None:
    start = time.perf_counter()
    gaz = Gazetteer.load(Path(DATA))
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0  # typically ~80 ms; generous for slow CI machines
    assert gaz.locate(parse_postcode("ME14 1AA")).describe() == "Maidstone, Kent"


def test_default_gazetteer_is_shared_across_threads() -> None:
    seen: list[Gazetteer] = []
    threads = [threading.Thread(target=lambda: seen.append(default_gazetteer())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(g) for g in seen}) == 1
    assert seen[0] is default_gazetteer()


def test_geography_never_imports_qt() -> None:
    import subprocess
    import sys

    code = (
        "import sys, spotter.places.gazetteer, spotter.places.postcodes; "
        "sys.exit(any(m.startswith(('PySide6', 'PyQt')) for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
