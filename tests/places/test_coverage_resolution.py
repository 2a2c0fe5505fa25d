"""Coverage names and ONS codes resolve to exactly the right councils, and a bad gazetteer
folder is refused.

Every test builds its own :class:`Gazetteer` (from the bundled council list, without the
postcode tables: a few milliseconds), so each test checks the name index it was built with.

Mutants of the coverage resolution in ``spotter/geography.py`` that no test can kill, because
they do not change behaviour (named in pyproject.toml, tabled in docs/testing.md):

* A spelling of "Great Britain" or "United Kingdom" in another letter case: spellings are
  stored lower-cased. "UK wide" or "UK-wide" spelt wrongly: both are stored under one key, so
  the other still works. "the United Kingdom" spelt wrongly: a leading "the" is dropped on
  lookup anyway.
* "&" normalised to "XX and XX": the upper-case letters become spaces in the next step.
* A unitary council's level spelt "XXladXX": the level is only compared with "county".
* ``get_close_matches(..., n=3)`` without ``n``: 3 is difflib's default.
* The manifest read as "UTF-8" or with the platform's encoding: its version text is ASCII.
* A list's ``Coverage`` built without ``code=None``: ``None`` is the default.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from spotter.places.gazetteer import (
    ENGLAND,
    NORTHERN_IRELAND,
    SCOTLAND,
    WALES,
    Gazetteer,
    GazetteerError,
    UnknownAreaError,
    default_gazetteer,
)
from spotter.places.postcodes import parse_postcode


@pytest.fixture
def gaz() -> Gazetteer:
    """A gazetteer with a name index of its own, built from the bundled councils."""
    areas = {a.lad_code: a for a in default_gazetteer().areas()}
    return Gazetteer(areas, {}, {}, {})


def nations_of(gaz: Gazetteer, codes: frozenset[str]) -> set[str]:
    return {gaz.area(code).country_code for code in codes}


def councils_in(gaz: Gazetteer, *nations: str) -> frozenset[str]:
    return frozenset(a.lad_code for a in gaz.areas() if a.country_code in nations)


# --- several nations --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "nations"),
    [
        ("K02000001", "United Kingdom", (ENGLAND, WALES, SCOTLAND, NORTHERN_IRELAND)),
        ("K03000001", "Great Britain", (ENGLAND, WALES, SCOTLAND)),
        ("K04000001", "England and Wales", (ENGLAND, WALES)),
        ("k04000001", "England and Wales", (ENGLAND, WALES)),
    ],
)
def test_ons_codes_for_several_nations_cover_exactly_those_nations(
    gaz: Gazetteer, text: str, name: str, nations: tuple[str, ...]
) -> None:
    coverage = gaz.resolve_coverage(text)
    assert coverage.lad_codes == councils_in(gaz, *nations)
    assert (coverage.name, coverage.level, coverage.code) == (name, "multi_nation", text.upper())
    assert coverage.uri == f"http://statistics.data.gov.uk/id/statistical-geography/{text.upper()}"


@pytest.mark.parametrize(
    ("text", "name", "nations"),
    [
        ("England and Wales", "England and Wales", (ENGLAND, WALES)),
        ("england & wales", "England and Wales", (ENGLAND, WALES)),
        ("Great Britain", "Great Britain", (ENGLAND, WALES, SCOTLAND)),
        ("GB", "Great Britain", (ENGLAND, WALES, SCOTLAND)),
        ("Britain", "Great Britain", (ENGLAND, WALES, SCOTLAND)),
        ("United Kingdom", "United Kingdom", (ENGLAND, WALES, SCOTLAND, NORTHERN_IRELAND)),
        ("UK", "United Kingdom", (ENGLAND, WALES, SCOTLAND, NORTHERN_IRELAND)),
        ("UK wide", "United Kingdom", (ENGLAND, WALES, SCOTLAND, NORTHERN_IRELAND)),
        ("UK-wide", "United Kingdom", (ENGLAND, WALES, SCOTLAND, NORTHERN_IRELAND)),
        ("the United Kingdom", "United Kingdom", (ENGLAND, WALES, SCOTLAND, NORTHERN_IRELAND)),
        ("National", "United Kingdom", (ENGLAND, WALES, SCOTLAND, NORTHERN_IRELAND)),
        ("nationwide", "United Kingdom", (ENGLAND, WALES, SCOTLAND, NORTHERN_IRELAND)),
    ],
)
def test_names_for_several_nations_cover_exactly_those_nations(
    gaz: Gazetteer, text: str, name: str, nations: tuple[str, ...]
) -> None:
    coverage = gaz.resolve_coverage(text)
    assert coverage.lad_codes == councils_in(gaz, *nations)
    assert (coverage.name, coverage.level, coverage.code) == (name, "multi_nation", None)
    assert nations_of(gaz, coverage.lad_codes) == set(nations)


# --- one area, and which kind ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "level", "code", "size"),
    [
        # A council that is its own county (a unitary) is a council, by name and by code.
        ("Medway", "Medway", "lad", "E06000035", 1),
        ("E06000035", "Medway", "lad", "E06000035", 1),
        ("Isle of Wight", "Isle of Wight", "lad", "E06000046", 1),
        # A two-tier district and its county council.
        ("Maidstone", "Maidstone", "lad", "E07000110", 1),
        ("E07000110", "Maidstone", "lad", "E07000110", 1),
        ("Kent County Council", "Kent", "county", "E10000016", 12),
        ("E10000016", "Kent", "county", "E10000016", 12),
        # Surrey the county council and Surrey the ceremonial county are the same councils:
        # the most specific kind names it.
        ("Surrey", "Surrey", "county", "E10000030", 11),
        # "Kent" is the ceremonial county, with Medway.
        ("Kent", "Kent", "ceremonial_county", None, 13),
        ("South East", "South East", "region", "E12000008", 64),
        ("E12000008", "South East", "region", "E12000008", 64),
        ("Scotland", "Scotland", "nation", "S92000003", 32),
        ("s92000003", "Scotland", "nation", "S92000003", 32),
        ("Wales", "Wales", "nation", "W92000004", 22),
        # The ONS spelling of a council name, and an "&".
        ("Bristol, City of", "City of Bristol", "lad", "E06000023", 1),
        ("Brighton & Hove", "Brighton and Hove", "lad", "E06000043", 1),
        # Short forms where they clash with nothing.
        ("Durham", "County Durham", "ceremonial_county", None, 4),
        ("Edinburgh", "City of Edinburgh", "lad", "S12000036", 1),
        # A short form never replaces a real area of that name.
        ("London", "London", "region", "E12000007", 33),
    ],
)
def test_one_area_resolves_to_its_kind_and_councils(
    gaz: Gazetteer, text: str, name: str, level: str, code: str | None, size: int
) -> None:
    coverage = gaz.resolve_coverage(text)
    assert (coverage.name, coverage.level, coverage.code) == (name, level, code)
    assert len(coverage.lad_codes) == size
    assert gaz.area_level(text) == level


def test_every_council_is_in_its_county_region_and_nation(gaz: Gazetteer) -> None:
    for area in gaz.areas():
        if not area.in_uk:
            continue
        assert gaz.resolve_area(area.lad_code) == {area.lad_code}
        assert area.lad_code in gaz.resolve_area(area.country_code)
        if area.region_code:
            assert area.lad_code in gaz.resolve_area(area.region_code)
        if area.county_code != area.lad_code:
            assert area.lad_code in gaz.resolve_area(area.county_code)


def test_a_county_council_excludes_its_unitary_neighbours(gaz: Gazetteer) -> None:
    county = gaz.resolve_area("Kent County Council")
    ceremonial = gaz.resolve_area("Kent")
    assert ceremonial - county == {"E06000035"}  # Medway
    assert "E07000110" in county


def test_aliases_are_the_union_of_their_parts(gaz: Gazetteer) -> None:
    sussex = gaz.resolve_coverage("Sussex")
    assert (sussex.name, sussex.level, sussex.code) == ("Sussex", "alias", "E23000033")
    assert sussex.lad_codes == gaz.resolve_area("East Sussex") | gaz.resolve_area("West Sussex")
    black_country = gaz.resolve_coverage("Black Country")
    assert {gaz.area(c).display_name for c in black_country.lad_codes} == {
        "Dudley",
        "Sandwell",
        "Walsall",
        "Wolverhampton",
    }


def test_a_trailing_word_that_names_no_such_kind_falls_back_to_the_name(gaz: Gazetteer) -> None:
    # No county is called Sussex: "Sussex County" still means the two Sussexes.
    assert gaz.resolve_coverage("Sussex County").lad_codes == gaz.resolve_area("Sussex")
    assert gaz.resolve_coverage("Medway Council").level == "lad"


@pytest.mark.parametrize("text", ["Maidstone; Medway", "Maidstone,   Medway", "Maidstone & Medway"])
def test_a_list_of_two_areas_covers_both(gaz: Gazetteer, text: str) -> None:
    coverage = gaz.resolve_coverage(text)
    assert coverage.lad_codes == {"E07000110", "E06000035"}
    assert (coverage.name, coverage.level, coverage.code) == (
        " ".join(text.split()),
        "combined",
        None,
    )


def test_covers_keeps_only_the_placements_inside_the_area() -> None:
    gaz = default_gazetteer()
    tn3 = gaz.locate(parse_postcode("TN3"))
    inside = gaz.covers("East Sussex", tn3)
    assert [p.area.display_name for p in inside] == ["Wealden"]


# --- unknown names ----------------------------------------------------------------------------


def test_an_unknown_name_says_what_was_typed_and_suggests(gaz: Gazetteer) -> None:
    with pytest.raises(UnknownAreaError) as caught:
        gaz.resolve_coverage("  Westt Sussex ")
    assert caught.value.name == "Westt Sussex"
    assert caught.value.suggestions == ["West Sussex", "East Sussex"]
    assert str(caught.value) == (
        '"Westt Sussex" is not a known UK area – did you mean West Sussex or East Sussex?'
    )


def test_an_unknown_code_has_no_suggestions(gaz: Gazetteer) -> None:
    with pytest.raises(UnknownAreaError) as caught:
        gaz.resolve_coverage("E99999999")
    assert caught.value.name == "E99999999"
    assert caught.value.suggestions == []
    assert str(caught.value) == '"E99999999" is not a known UK area'


@pytest.mark.parametrize(
    ("text", "suggestions"),
    [
        # At most three suggestions, the closest first.
        ("Nort Yorkshire", ["North Yorkshire", "North Ayrshire", "South Yorkshire"]),
        # Two spellings of one council are suggested once.
        ("Kingston upon Hull City", ["City of Kingston upon Hull"]),
        # Only close names: "Kentish" is not close enough to "Kent".
        ("Kentish", []),
    ],
)
def test_suggestions_are_few_close_and_distinct(
    gaz: Gazetteer, text: str, suggestions: list[str]
) -> None:
    with pytest.raises(UnknownAreaError) as caught:
        gaz.resolve_coverage(text)
    assert caught.value.suggestions == suggestions


def test_a_list_with_one_unknown_part_reports_the_whole_list(gaz: Gazetteer) -> None:
    with pytest.raises(UnknownAreaError) as caught:
        gaz.resolve_coverage("Kent; Atlantis")
    assert caught.value.name == "Kent; Atlantis"


# --- loading a gazetteer folder ---------------------------------------------------------------

BUNDLED = Path(__file__).parents[2] / "resources" / "gazetteer"


def write_folder(
    folder: Path,
    *,
    exceptions: Sequence[str] = (),
    sectors: Sequence[str] = ("ME14 1,E07000110,1.0,100",),
    districts: Sequence[str] = (
        "ME4,E06000035,Medway,0.25,10",
        "ME4,E07000110,Maidstone,0.75,30",
    ),
    manifest: dict[str, str] | None = None,
) -> Path:
    """A gazetteer folder with the bundled councils and the given postcode rows."""
    folder.mkdir(exist_ok=True)
    councils = (BUNDLED / "lad_hierarchy.csv").read_text(encoding="utf-8").splitlines()
    files = {
        "lad_hierarchy.csv": councils,
        "postcode_lad_exceptions.csv": ["postcode,lad_code", *exceptions],
        "postcode_sector_lad.csv": ["sector,lad_code,share,live_postcodes", *sectors],
        "postcode_district_lad.csv": [
            "district,lad_code,lad_name,share,live_postcodes",
            *districts,
        ],
    }
    for name, lines in files.items():
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    if manifest is not None:
        (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def test_a_small_consistent_folder_loads(tmp_path: Path) -> None:
    gaz = Gazetteer.load(
        write_folder(
            tmp_path / "g",
            exceptions=["ME141ZZ,E06000035"],
            sectors=["ME14 1,E07000110,0.9,90", "ME14 1,E06000035,0.1,10"],
            manifest={"version": "test 1"},
        )
    )
    assert gaz.version == "test 1"
    assert len(gaz.areas()) == len(default_gazetteer().areas())
    # The first row of a sector is its majority council; an exception beats it.
    assert gaz.locate(parse_postcode("ME14 1AA")).primary.area.lad_code == "E07000110"  # type: ignore[union-attr]
    assert gaz.locate(parse_postcode("ME14 1ZZ")).primary.area.lad_code == "E06000035"  # type: ignore[union-attr]
    # District rows are ordered by share, largest first, whatever the file's or codes' order.
    me4 = gaz.locate(parse_postcode("ME4"))
    assert [(p.area.lad_code, p.share) for p in me4.placements] == [
        ("E07000110", 0.75),
        ("E06000035", 0.25),
    ]
    # Every council's wider areas are read from the file (compared with literals: a default
    # gazetteer would be read by the same code).
    maidstone = gaz.area("E07000110")
    assert (
        maidstone.lad_name,
        maidstone.county_code,
        maidstone.county_name,
        maidstone.ceremonial_county,
        maidstone.region_code,
        maidstone.region_name,
        maidstone.country_code,
        maidstone.country_name,
        maidstone.icb_code,
        maidstone.icb_name,
    ) == (
        "Maidstone",
        "E10000016",
        "Kent",
        "Kent",
        "E12000008",
        "South East",
        "E92000001",
        "England",
        "E54000032",
        "NHS Kent and Medway Integrated Care Board",
    )
    kent_council = gaz.resolve_coverage("Kent County Council")
    assert (kent_council.level, len(kent_council.lad_codes)) == ("county", 12)
    assert "E06000035" not in kent_council.lad_codes


def test_a_folder_without_a_manifest_has_no_version(tmp_path: Path) -> None:
    assert Gazetteer.load(write_folder(tmp_path / "g")).version == ""


def test_a_manifest_without_a_version_has_no_version(tmp_path: Path) -> None:
    assert Gazetteer.load(write_folder(tmp_path / "g", manifest={"name": "x"})).version == ""


@pytest.mark.parametrize(
    "changes",
    [
        {"exceptions": ["ME141ZZ,E07999999"]},
        {"sectors": ["ME14 1,E07999999,1.0,100"]},
        {"districts": ["ME4,E07999999,Nowhere,1.0,10"]},
        {"districts": ["ME4,E07000110,Maidstone,0.5,10", "ME4,E07999999,Nowhere,0.5,10"]},
    ],
)
def test_a_folder_referring_to_an_unknown_council_is_refused(
    tmp_path: Path, changes: dict[str, list[str]]
) -> None:
    folder = write_folder(tmp_path / "g", **changes)
    with pytest.raises(GazetteerError) as caught:
        Gazetteer.load(folder)
    assert str(caught.value) == "gazetteer refers to unknown LAD codes: ['E07999999']"


def test_a_folder_referring_to_many_unknown_councils_names_the_first_five(tmp_path: Path) -> None:
    codes = [f"E0799999{i}" for i in range(7)]
    folder = write_folder(
        tmp_path / "g", exceptions=[f"ME141Z{i},{c}" for i, c in enumerate(codes)]
    )
    with pytest.raises(GazetteerError) as caught:
        Gazetteer.load(folder)
    assert str(caught.value) == f"gazetteer refers to unknown LAD codes: {codes[:5]}"


def test_a_folder_with_a_missing_file_is_refused(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "g")
    (folder / "postcode_sector_lad.csv").unlink()
    with pytest.raises(GazetteerError, match=r"cannot read gazetteer file .*postcode_sector_lad"):
        Gazetteer.load(folder)


def test_the_bundled_folder_is_the_default(tmp_path: Path) -> None:
    bundled = Gazetteer.load()
    assert bundled.version == default_gazetteer().version != ""
    assert len(bundled.areas()) == len(default_gazetteer().areas())
    with (Path(__file__).parents[2] / "resources" / "gazetteer" / "lad_hierarchy.csv").open(
        newline="", encoding="utf-8"
    ) as handle:
        assert len(bundled.areas()) == len(list(csv.DictReader(handle)))


@pytest.mark.parametrize(
    ("left_out", "message"),
    [
        # Brighton and Hove is in East Sussex's lieutenancy: the first of Sussex's councils gone.
        (
            ",East Sussex,",
            'gazetteer has no council E06000043, which the coverage name "Sussex" is made of',
        ),
        (
            "S12000013,Na h-Eileanan Siar,",
            'gazetteer has no area "Na h-Eileanan Siar", which the coverage name '
            '"Western Isles" is made of',
        ),
    ],
)
def test_a_folder_whose_councils_leave_out_part_of_an_alias_is_refused(
    tmp_path: Path, left_out: str, message: str
) -> None:
    # Were the name quietly narrowed, "Sussex" services would stop matching East Sussex.
    folder = write_folder(tmp_path / "g")
    hierarchy = folder / "lad_hierarchy.csv"
    lines = hierarchy.read_text(encoding="utf-8").splitlines()
    hierarchy.write_text(
        "\n".join(line for line in lines if left_out not in line) + "\n", encoding="utf-8"
    )
    with pytest.raises(GazetteerError) as caught:
        Gazetteer.load(folder)
    assert str(caught.value) == message


def test_a_folders_own_area_names_and_police_force_areas_are_the_ones_read(
    tmp_path: Path,
) -> None:
    """A folder with its own ``area_names.csv`` and ``police_force_areas.csv`` is read with
    them, not with the bundled tables (a practice or region may publish a newer lookup)."""
    folder = write_folder(tmp_path / "g")
    (folder / "area_names.csv").write_text(
        "name,made_of,source\n"
        "Medway Valley,E06000035; E07000110,the two councils, named\n"
        "Test Force,E23999999,a test force\n",
        encoding="utf-8",
    )
    (folder / "police_force_areas.csv").write_text(
        "lad_code,lad24_code,lad24_name,csp24_code,csp24_name,pfa24_code,pfa24_name\n"
        "E07000110,E07000110,Maidstone,E22999999,Maidstone,E23999999,Test Force\n",
        encoding="utf-8",
    )
    gaz = Gazetteer.load(folder)
    assert gaz.resolve_area("Medway Valley") == {"E06000035", "E07000110"}
    assert gaz.resolve_area("Test Force") == {"E07000110"}
    assert gaz.resolve_area("E23999999") == {"E07000110"}
    with pytest.raises(UnknownAreaError):
        gaz.resolve_area("Thames Valley")  # only in the bundled table


def test_a_ceremonial_name_is_likely_beyond_its_largest_council_of_that_name(
    tmp_path: Path,
) -> None:
    """When a ceremonial county's name also names two councils (a county council and a
    district, in a made-up folder), the county council - the larger - says what is certain."""
    folder = write_folder(tmp_path / "g")
    councils = folder / "lad_hierarchy.csv"
    row = (
        "E07999998,Kent,E10000016,Kent,Kent,,,E12000008,South East,E92000001,England,"
        "E54000032,QKS,NHS Kent and Medway Integrated Care Board,1.0,1"
    )
    councils.write_text(councils.read_text(encoding="utf-8") + row + "\n", encoding="utf-8")
    kent = Gazetteer.load(folder).resolve_coverage("Kent")
    assert kent.likely == {"E06000035"}  # Medway only, not every district but the new one
    assert "E07000110" in kent.lad_codes - kent.likely


def test_a_list_is_likely_only_where_no_part_is_certain() -> None:
    gaz = default_gazetteer()
    medway, maidstone = "E06000035", "E07000110"
    both = gaz.resolve_coverage("Kent, Hampshire")
    assert medway in both.likely and maidstone not in both.likely
    assert "E06000045" in both.likely  # Southampton, only in ceremonial Hampshire
    assert gaz.resolve_coverage("Kent and Medway").likely == frozenset()
    listed = gaz.resolve_coverage("Kent, Medway")
    assert listed.likely == frozenset() and medway in listed.lad_codes
    listed = gaz.resolve_coverage("Medway, Kent")
    assert listed.likely == frozenset()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "Medway Valley,,two councils\n",
            "area_names.csv: a row without a name or its areas: {'name': 'Medway Valley', "
            "'made_of': '', 'source': 'two councils'}",
        ),
        (
            ",E06000035; E07000110,two councils\n",
            "area_names.csv: a row without a name or its areas: {'name': '', "
            "'made_of': 'E06000035; E07000110', 'source': 'two councils'}",
        ),
        (
            "Test Force,E23999999,a force the lookup does not have\n",
            'gazetteer has no council E23999999, which the coverage name "Test Force" is made of',
        ),
        (
            "Kent Police,E23000032,Kent's force\n",
            'gazetteer has no council E07999997, which the coverage name "Kent Police" is made of',
        ),
    ],
)
def test_a_folders_area_names_that_cannot_be_resolved_are_refused(
    tmp_path: Path, rows: str, message: str
) -> None:
    folder = write_folder(tmp_path / "g")
    (folder / "area_names.csv").write_text("name,made_of,source\n" + rows, encoding="utf-8")
    (folder / "police_force_areas.csv").write_text(
        "lad_code,lad24_code,lad24_name,csp24_code,csp24_name,pfa24_code,pfa24_name\n"
        "E06000035,E06000035,Medway,E22999998,Medway,E23000032,Kent\n"
        "E07999997,E07999997,Nowhere,E22999997,Nowhere,E23000032,Kent\n",
        encoding="utf-8",
    )
    with pytest.raises(GazetteerError) as caught:
        Gazetteer.load(folder)
    assert str(caught.value) == message


def test_each_area_name_keeps_its_source() -> None:
    from spotter.places.gazetteer import read_area_names

    names = {entry.name: entry for entry in read_area_names()}
    assert names["Thames Valley"].source.startswith("ONS LAD-CSP-PFA lookup")
    assert names["Black Country"].made_of == ("Dudley", "Sandwell", "Walsall", "Wolverhampton")
