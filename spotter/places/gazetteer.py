"""Where a postcode is, and which postcodes a service's coverage area includes.

The bundled gazetteer (``resources/gazetteer/``, see its ``SOURCES.md``) maps UK postcode
sectors and districts to local authority districts (LADs), and each LAD to its upper-tier
county, ceremonial county, region, nation and NHS integrated care board (ICB).

* :meth:`Gazetteer.locate` places a :class:`~spotter.places.postcodes.Postcode` in one or more LADs
  with O(1) dictionary lookups.
* :meth:`Gazetteer.resolve_coverage` turns a coverage name written by a person ("Kent",
  "Sussex", "South East", "England and Wales", "E07000066") into the set of LAD codes it
  covers, so a service matches a patient when their LAD is in that set.

Everything is read from local files; nothing here touches the network.
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
import json
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from spotter.places.postcodes import Postcode
from spotter.system.resources import resource_path

__all__ = [
    "ATTRIBUTION",
    "Area",
    "AreaName",
    "Certainty",
    "Coverage",
    "CoverageLevel",
    "Gazetteer",
    "GazetteerError",
    "LocateMethod",
    "Location",
    "Placement",
    "UnknownAreaError",
    "default_gazetteer",
    "describe_area",
    "ons_uri",
    "read_area_names",
    "read_police_force_areas",
]

ATTRIBUTION = (
    "Postcode and area data: Office for National Statistics Postcode Directory (ONSPD) and "
    "ONS geography lookups.\n"
    "Contains OS data © Crown copyright and database right 2025\n"
    "Contains Royal Mail data © Royal Mail copyright and database right 2025\n"
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0\n"
    "Contains public sector information licensed under the Open Government Licence v3.0.\n"
    "Northern Ireland (BT) postcode data is not covered by the Open Government Licence: it is "
    "used here for internal business use only; any other commercial use needs a licence from "
    "Land & Property Services NI."
)
"""Attribution required by the ONS postcode products and lookups, for the README/About screen."""

Certainty = Literal["exact", "district", "possible"]
LocateMethod = Literal["postcode", "district", "district_fallback", "unknown"]
CoverageLevel = Literal[
    "lad",
    "county",
    "ceremonial_county",
    "region",
    "nation",
    "multi_nation",
    "alias",
    "combined",
]

ENGLAND = "E92000001"
WALES = "W92000004"
SCOTLAND = "S92000003"
NORTHERN_IRELAND = "N92000002"
UK_NATIONS = (ENGLAND, WALES, SCOTLAND, NORTHERN_IRELAND)

_ONS_URI_PREFIX = "http://statistics.data.gov.uk/id/statistical-geography/"

#: The names people use for areas that are not ONS areas of the kinds above (police force
#: areas, "Kent and Medway", "Black Country"), with what each is made of, are data:
#: ``resources/gazetteer/area_names.csv`` and ``police_force_areas.csv`` (see SOURCES.md).
AREA_NAMES_FILE = "area_names.csv"
POLICE_FORCE_AREAS_FILE = "police_force_areas.csv"
_PFA_CODE = re.compile(r"^(?:E23|W15)\d{6}$")

# Order used to break ties between same-named areas of identical extent (most specific first).
_LEVEL_ORDER: dict[str, int] = {
    "lad": 0,
    "county": 1,
    "ceremonial_county": 2,
    "region": 3,
    "nation": 4,
    "multi_nation": 5,
    "alias": 6,
    "combined": 7,
}

# Words a person may add after an area name, and the kinds of area they then point to:
# "Kent County Council" is the county council's area (without Medway), "Cornwall Council"
# the unitary authority (without Scilly), "West Midlands county" the metropolitan county.
_COUNCIL: frozenset[str] = frozenset({"lad", "county"})
_TRAILING_WORDS: tuple[tuple[str, frozenset[str] | None], ...] = (
    ("metropolitan borough council", _COUNCIL),
    ("county borough council", _COUNCIL),
    ("county council", frozenset({"county"})),
    ("borough council", _COUNCIL),
    ("district council", _COUNCIL),
    ("city council", _COUNCIL),
    ("council area", None),
    ("council", _COUNCIL),
    ("region", frozenset({"region"})),
    ("county", frozenset({"county", "ceremonial_county"})),
    ("area", None),
)

# Words after a name that ask for the police force area of that name: "Hampshire police force
# area" is Hampshire Constabulary's area (with the Isle of Wight), where "Hampshire" alone is
# the ceremonial county. Longest first.
_POLICE_WORDS: tuple[str, ...] = (
    "police force area",
    "police area",
    "police service",
    "constabulary area",
    "constabulary",
    "police",
)

_CODE = re.compile(r"^[A-Z]\d{8}$")
_SPLIT_COMPOSITE = re.compile(r"\s*(?:,|/|\+|;|&|\band\b|\bplus\b)\s*", re.IGNORECASE)


class GazetteerError(RuntimeError):
    """The bundled gazetteer files are missing or malformed."""


class UnknownAreaError(ValueError):
    """A coverage area name that the gazetteer does not know; see :attr:`suggestions`."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        message = f'"{name}" is not a known UK area'
        if suggestions:
            message += " – did you mean " + " or ".join(suggestions) + "?"
        super().__init__(message)


def ons_uri(code: str) -> str:
    """The ONS linked-data URI of a statistical geography code, e.g. a LAD code."""
    return _ONS_URI_PREFIX + code


def _normalise_name(text: str) -> str:
    """Lower case; "&" = "and"; full stops and apostrophes dropped; other punctuation = space."""
    text = text.lower().replace("&", " and ")
    text = re.sub(r"[.'’]", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class Area:
    """One local authority district (LAD) with the areas it sits in.

    Region and ICB fields are empty strings outside England; county fields are empty for
    the Channel Islands and Isle of Man pseudo-areas; ``ceremonial_county`` is England only.
    """

    lad_code: str
    lad_name: str
    county_code: str
    county_name: str
    ceremonial_county: str
    region_code: str
    region_name: str
    country_code: str
    country_name: str
    icb_code: str
    icb_name: str

    @property
    def display_name(self) -> str:
        """The LAD name as read aloud: "City of Bristol", "Herefordshire", "Isle of Man"."""
        name = self.lad_name.removesuffix(" (pseudo)")
        if name.endswith(", City of"):
            return "City of " + name.removesuffix(", City of")
        if name.endswith(", County of"):
            return name.removesuffix(", County of")
        return name

    @property
    def in_uk(self) -> bool:
        """False for the Channel Islands and Isle of Man (Crown Dependencies)."""
        return self.country_code in UK_NATIONS

    @property
    def uri(self) -> str:
        """ONS linked-data URI of the LAD."""
        return ons_uri(self.lad_code)

    def describe(self) -> str:
        """Human phrase, e.g. "Maidstone, Kent", "Medway, Kent", "Cardiff, Wales"."""
        return describe_area(self)


def describe_area(area: Area) -> str:
    """Human phrase for an area: LAD name plus ceremonial county (England) or nation.

    The second part is left out when the LAD name already says it: "Isle of Wight",
    "Cornwall", "City of Bristol", "Channel Islands".
    """
    name = area.display_name
    if area.country_code == ENGLAND:
        wider = area.ceremonial_county
        if wider == "Greater London":
            wider = "London"
    elif area.in_uk:
        wider = area.country_name
    else:
        wider = ""
    if not wider or _normalise_name(wider) in _normalise_name(name):
        return name
    return f"{name}, {wider}"


@dataclass(frozen=True, slots=True)
class Placement:
    """One LAD a postcode is (or may be) in.

    ``certainty`` is ``"exact"`` for a full postcode, ``"district"`` when only the district
    was known but it lies wholly in this LAD, and ``"possible"`` when the district straddles
    several LADs; ``share`` is then the fraction of the district's live postcodes in this LAD.
    """

    area: Area
    certainty: Certainty
    share: float

    def describe(self) -> str:
        """Human phrase for the area, e.g. "Maidstone, Kent"."""
        return describe_area(self.area)


@dataclass(frozen=True, slots=True)
class Location:
    """Result of :meth:`Gazetteer.locate`: the LAD(s) a postcode is in, best first."""

    postcode: Postcode
    placements: list[Placement] = field(default_factory=list)
    method: LocateMethod = "unknown"
    note: str | None = None

    @property
    def is_exact(self) -> bool:
        """True when the postcode resolved to exactly one LAD."""
        return len(self.placements) == 1 and self.placements[0].certainty in ("exact", "district")

    @property
    def primary(self) -> Placement | None:
        """The placement with the largest share, if any."""
        return self.placements[0] if self.placements else None

    @property
    def lad_codes(self) -> frozenset[str]:
        """Codes of every LAD the postcode is or may be in."""
        return frozenset(p.area.lad_code for p in self.placements)

    @property
    def country_codes(self) -> frozenset[str]:
        """Nation codes of every LAD the postcode is or may be in (for national services)."""
        return frozenset(p.area.country_code for p in self.placements)

    def describe(self, placement: Placement | None = None) -> str:
        """Human phrase for one placement (default: the primary), e.g. "Maidstone, Kent".

        Returns "" when the postcode could not be placed.
        """
        chosen = placement if placement is not None else self.primary
        return describe_area(chosen.area) if chosen is not None else ""


@dataclass(frozen=True, slots=True)
class Coverage:
    """A named coverage area resolved to the LADs it includes.

    ``level`` says what kind of area the name was taken to mean; ``code`` is its ONS code
    when it is a single ONS area (None for aliases and combinations).
    """

    name: str
    level: CoverageLevel
    lad_codes: frozenset[str]
    code: str | None = None
    #: The councils the name only *likely* covers: for a ceremonial county that also names a
    #: narrower council area ("Kent": Kent County Council's districts), the unitary
    #: authorities that are only in the ceremonial county (Medway). A service named for
    #: "Kent" may or may not take referrals from Medway: the person should check.
    likely: frozenset[str] = frozenset()

    def __contains__(self, lad_code: object) -> bool:
        return lad_code in self.lad_codes

    @property
    def uri(self) -> str | None:
        """ONS linked-data URI of the area, when it has an ONS code."""
        return ons_uri(self.code) if self.code else None


@dataclass(frozen=True, slots=True)
class _Candidate:
    name: str
    level: CoverageLevel
    lad_codes: frozenset[str]
    code: str | None
    likely: frozenset[str] = frozenset()

    def to_coverage(self) -> Coverage:
        return Coverage(self.name, self.level, self.lad_codes, self.code, self.likely)


def _read_csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))
    except OSError as error:
        raise GazetteerError(f"cannot read gazetteer file {path}: {error}") from error


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise GazetteerError(f"cannot read gazetteer file {path}: {error}") from error


def _plain(text: str) -> bool:
    """True when no field is quoted and lines end in LF: splitting on commas reads it exactly."""
    return '"' not in text and "\r" not in text


def _read_rows(path: Path) -> list[list[str]]:
    """All rows of a CSV file without its header (plain lists: faster than dicts)."""
    text = _read_text(path)
    if _plain(text):  # the postcode tables: several times faster than the csv module
        return [line.split(",") for line in text.splitlines()[1:] if line]
    return list(csv.reader(io.StringIO(text, newline="")))[1:]


def _read_pairs(path: Path, shared: Mapping[str, str]) -> dict[str, str]:
    """A two-column CSV file (without its header) as a dict: the 60,000 postcode exceptions.

    Values found in ``shared`` are replaced by its own copy of the string, so that the
    postcodes of one council share one string object (a few megabytes held less).
    """
    text = _read_text(path)
    lines = text.rstrip("\n").count("\n") + 1
    fields = text.rstrip("\n").replace("\n", ",").split(",")
    if _plain(text) and len(fields) == 2 * lines:
        values = fields[3::2]
        return dict(zip(fields[2::2], map(shared.get, values, values), strict=True))
    return {row[0]: shared.get(row[1], row[1]) for row in _read_rows(path)}


@dataclass(frozen=True, slots=True)
class AreaName:
    """A name people use for an area that is not an ONS area of the usual kinds.

    ``made_of`` is one ONS police force area code (its councils are those of the ONS
    lookup in ``police_force_areas.csv``) or the names of the areas it is made of, each
    resolved by the ordinary rules.
    """

    name: str
    made_of: tuple[str, ...]
    source: str

    @property
    def police_force_area(self) -> str | None:
        """The police force area code this name stands for, if it is one."""
        if len(self.made_of) == 1 and _PFA_CODE.match(self.made_of[0]):
            return self.made_of[0]
        return None


def read_area_names(folder: Path | None = None) -> tuple[AreaName, ...]:
    """The rows of ``area_names.csv`` (default: the bundled gazetteer's)."""
    path = (folder if folder is not None else resource_path("gazetteer")) / AREA_NAMES_FILE
    names: list[AreaName] = []
    for row in _read_csv(path):
        parts = tuple(p.strip() for p in row["made_of"].split(";") if p.strip())
        if not row["name"].strip() or not parts:
            raise GazetteerError(f"{path.name}: a row without a name or its areas: {row}")
        names.append(AreaName(row["name"].strip(), parts, row["source"].strip()))
    return tuple(names)


def read_police_force_areas(folder: Path | None = None) -> dict[str, frozenset[str]]:
    """Police force area code -> the LAD codes in it (``police_force_areas.csv``)."""
    path = (folder if folder is not None else resource_path("gazetteer")) / POLICE_FORCE_AREAS_FILE
    forces: dict[str, set[str]] = {}
    for row in _read_csv(path):
        forces.setdefault(row["pfa24_code"], set()).add(row["lad_code"])
    return {code: frozenset(lads) for code, lads in forces.items()}


@functools.lru_cache(maxsize=1)
def _bundled_names() -> tuple[tuple[AreaName, ...], Mapping[str, frozenset[str]]]:
    return read_area_names(), read_police_force_areas()


class Gazetteer:
    """In-memory postcode → LAD → wider-area lookup. Build with :meth:`load`."""

    def __init__(
        self,
        areas: Mapping[str, Area],
        exceptions: Mapping[str, str],
        sectors: Mapping[str, str],
        districts: Mapping[str, tuple[tuple[str, float], ...]],
        version: str = "",
        area_names: Sequence[AreaName] | None = None,
        police_force_areas: Mapping[str, frozenset[str]] | None = None,
    ) -> None:
        """``area_names`` and ``police_force_areas``: default the bundled tables."""
        if area_names is None or police_force_areas is None:
            bundled_names, bundled_forces = _bundled_names()
            area_names = bundled_names if area_names is None else area_names
            police_force_areas = (
                bundled_forces if police_force_areas is None else police_force_areas
            )
        self._area_names = tuple(area_names)
        self._forces = dict(police_force_areas)
        self._police: dict[str, _Candidate] = {}
        self._areas = dict(areas)
        self._exceptions = dict(exceptions)
        self._sectors = dict(sectors)
        self._districts = dict(districts)
        self.version = version
        self._names: dict[str, list[_Candidate]] = {}
        self._codes: dict[str, _Candidate] = {}
        self._build_name_index()

    # ----------------------------------------------------------------- loading
    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        """Read the gazetteer folder (default: the bundled ``resources/gazetteer``)."""
        folder = path if path is not None else resource_path("gazetteer")
        areas: dict[str, Area] = {}
        for lad in _read_csv(folder / "lad_hierarchy.csv"):
            areas[lad["lad_code"]] = Area(
                lad_code=lad["lad_code"],
                lad_name=lad["lad_name"],
                county_code=lad["county_code"],
                county_name=lad["county_name"],
                ceremonial_county=lad["ceremonial_county"],
                region_code=lad["region_code"],
                region_name=lad["region_name"],
                country_code=lad["country_code"],
                country_name=lad["country_name"],
                icb_code=lad["icb_code"],
                icb_name=lad["icb_name"],
            )
        # One string object per LAD code, shared by every postcode in it (60,000 rows, 360
        # codes): a few megabytes less held for as long as the app runs.
        shared = {code: code for code in areas}
        exceptions = _read_pairs(folder / "postcode_lad_exceptions.csv", shared)
        sectors: dict[str, str] = {}
        for row in _read_rows(folder / "postcode_sector_lad.csv"):
            # the first row of a sector is its majority LAD
            sectors.setdefault(row[0], shared.get(row[1], row[1]))
        grouped: dict[str, list[tuple[str, float]]] = {}
        for pair in _read_rows(folder / "postcode_district_lad.csv"):
            grouped.setdefault(pair[0], []).append((pair[1], float(pair[3])))
        districts = {d: tuple(sorted(rows, key=lambda r: -r[1])) for d, rows in grouped.items()}
        version = ""
        manifest = folder / "manifest.json"
        if manifest.exists():
            version = str(json.loads(manifest.read_text(encoding="utf-8")).get("version", ""))
        known = set(areas)
        missing = (set(exceptions.values()) | set(sectors.values())) - known
        missing |= {code for rows in districts.values() for code, _ in rows} - known
        if missing:
            raise GazetteerError(f"gazetteer refers to unknown LAD codes: {sorted(missing)[:5]}")
        names = forces = None
        if (folder / AREA_NAMES_FILE).exists():
            names = read_area_names(folder)
        if (folder / POLICE_FORCE_AREAS_FILE).exists():
            forces = read_police_force_areas(folder)
        return cls(areas, exceptions, sectors, districts, version, names, forces)

    # ----------------------------------------------------------------- areas
    def area(self, lad_code: str) -> Area:
        """The :class:`Area` for a LAD code; raises ``KeyError`` if unknown."""
        return self._areas[lad_code.strip().upper()]

    def areas(self) -> list[Area]:
        """Every LAD (including the Channel Islands and Isle of Man pseudo-areas), by code."""
        return [self._areas[code] for code in sorted(self._areas)]

    def districts(self) -> list[str]:
        """Every postcode district in the data, sorted."""
        return sorted(self._districts)

    def has_district(self, district: str) -> bool:
        """True if the postcode district is in the data."""
        return district.upper() in self._districts

    # ----------------------------------------------------------------- locating
    def locate(self, postcode: Postcode) -> Location:
        """Place a postcode in its LAD(s).

        A full postcode is looked up in the exceptions table, else its sector's majority LAD
        (``"exact"``). If its sector is unknown, or only a district was given, every LAD the
        district touches is returned with its share (``"district"`` when there is only one,
        ``"possible"`` otherwise).
        """
        if postcode.is_full:
            lad_code = self._exceptions.get(postcode.compact)
            if lad_code is None and postcode.sector is not None:
                lad_code = self._sectors.get(postcode.sector)
            if lad_code is not None:
                placement = Placement(self._areas[lad_code], "exact", 1.0)
                return Location(postcode, [placement], "postcode", None)
        district = postcode.district
        rows = self._districts.get(district)
        note: str | None = None
        if rows is None:
            note = f"{postcode} is not in the postcode data; only national services can be shown."
            if postcode.is_full:
                note = (
                    f"{postcode} is not in the postcode data and neither is its district "
                    f"{district}; only national services can be shown."
                )
            return Location(postcode, [], "unknown", note)
        certainty: Certainty = "district" if len(rows) == 1 else "possible"
        placements = [Placement(self._areas[code], certainty, share) for code, share in rows]
        if postcode.is_full:
            note = f"{postcode} was not found in the postcode data; using its district {district}."
            if len(rows) > 1:
                note = note[:-1] + ", which covers more than one council area."
            return Location(postcode, placements, "district_fallback", note)
        if len(rows) > 1:
            note = (
                f"{district} covers more than one council area; "
                "enter the full postcode for an exact match."
            )
        return Location(postcode, placements, "district", note)

    # ----------------------------------------------------------------- coverage
    def _add(self, key_name: str, candidate: _Candidate) -> None:
        key = _normalise_name(key_name)
        if not key:
            return
        bucket = self._names.setdefault(key, [])
        if candidate not in bucket:
            bucket.append(candidate)

    def _build_name_index(self) -> None:
        groups: dict[tuple[CoverageLevel, str], tuple[str, set[str]]] = {}

        def collect(level: CoverageLevel, key: str, name: str, lad_code: str) -> None:
            if key:
                groups.setdefault((level, key), (name, set()))[1].add(lad_code)

        for area in self._areas.values():
            code = area.lad_code
            collect("lad", code, area.display_name, code)
            if area.county_code:
                level: CoverageLevel = "lad" if area.county_code == code else "county"
                if level == "county":
                    collect("county", area.county_code, area.county_name, code)
            if area.ceremonial_county:
                collect("ceremonial_county", area.ceremonial_county, area.ceremonial_county, code)
            collect("region", area.region_code, area.region_name, code)
            collect("nation", area.country_code, area.country_name, code)

        for (level, key), (name, codes) in groups.items():
            is_code = _CODE.match(key) is not None
            candidate = _Candidate(name, level, frozenset(codes), key if is_code else None)
            if is_code:
                self._codes[key] = candidate
            self._add(name, candidate)
            if level == "lad" and self._areas[key].lad_name != name:
                self._add(self._areas[key].lad_name, candidate)

        def nations(name: str, codes: Iterable[str]) -> _Candidate:
            lads = frozenset(a.lad_code for a in self._areas.values() if a.country_code in codes)
            return _Candidate(name, "multi_nation", lads, None)

        multi = {
            "England and Wales": nations("England and Wales", (ENGLAND, WALES)),
            "Great Britain": nations("Great Britain", (ENGLAND, WALES, SCOTLAND)),
            "United Kingdom": nations("United Kingdom", UK_NATIONS),
        }
        for name, candidate in multi.items():
            self._add(name, candidate)
        for spelling in ("GB", "Britain"):
            self._add(spelling, multi["Great Britain"])
        for spelling in (
            "UK",
            "UK wide",
            "UK-wide",
            "the United Kingdom",
            "national",
            "nationwide",
        ):
            self._add(spelling, multi["United Kingdom"])
        for code, name in (
            ("K02000001", "United Kingdom"),
            ("K03000001", "Great Britain"),
            ("K04000001", "England and Wales"),
        ):
            self._codes[code] = _Candidate(name, "multi_nation", multi[name].lad_codes, code)

        # Short forms ("Durham", "Edinburgh"), only where they do not clash with a real name.
        for key, bucket in list(self._names.items()):
            for prefix in ("county ", "city of "):
                short = key.removeprefix(prefix)
                if short != key and short not in self._names:
                    self._names[short] = list(bucket)

        self._add_area_names()

    def _add_area_names(self) -> None:
        """Index the names of ``area_names.csv``.

        A name that already names an ONS area keeps that meaning ("Hampshire" is the
        ceremonial county, "Durham" County Durham): a table never widens or narrows a name
        Spotter already reads. A police force area is always reached with its name and
        "police force area", "police" or "constabulary" ("Hampshire Constabulary").
        """
        for entry in self._area_names:
            code = entry.police_force_area
            if code is not None:
                lads = self._forces.get(code, frozenset())
                unknown = sorted(lads - self._areas.keys())
                if not lads or unknown:
                    raise GazetteerError(
                        f"gazetteer has no council {unknown[0] if unknown else code}, which the "
                        f'coverage name "{entry.name}" is made of'
                    )
            else:
                lads = frozenset()
                for part in entry.made_of:
                    try:
                        lads |= self._lookup(part).lad_codes
                    except UnknownAreaError:
                        # A narrower name would silently stop matching services there.
                        raise GazetteerError(
                            f'gazetteer has no area "{part}", which the coverage name '
                            f'"{entry.name}" is made of'
                        ) from None
            key = _normalise_name(entry.name)
            taken = key in self._names
            candidate = _Candidate(entry.name, "alias", lads, code)
            if code is not None:
                # Where the name is taken, the force's area says what it is.
                police = replace(candidate, name=f"{entry.name} police force area")
                self._police.setdefault(key, police if taken else candidate)
                self._codes.setdefault(code, police if taken else candidate)
            if not taken:
                self._add(entry.name, candidate)

    def _best(self, key: str, levels: frozenset[str] | None = None) -> _Candidate | None:
        bucket = [c for c in self._names.get(key, ()) if levels is None or c.level in levels]
        if not bucket:
            return None
        # The broadest meaning wins ("Kent" = ceremonial Kent, which includes Medway);
        # among equal extents the most specific level names it.
        best = max(bucket, key=lambda c: (len(c.lad_codes), -_LEVEL_ORDER[c.level]))
        if best.level != "ceremonial_county":
            return best
        # ... but the councils only in the ceremonial county (Medway for "Kent") are only
        # likely: the same name also names the narrower council area.
        narrower = [c for c in bucket if c.level in ("county", "lad") and c.lad_codes]
        if not narrower:
            return best
        council = max(narrower, key=lambda c: len(c.lad_codes))
        return replace(best, likely=best.lad_codes - council.lad_codes)

    def _lookup(self, text: str) -> _Candidate:
        stripped = text.strip()
        code = stripped.upper()
        if _CODE.match(code):
            if code in self._codes:
                return self._codes[code]
            raise UnknownAreaError(stripped, [])
        key = _normalise_name(stripped)
        for candidate_key in (key, key.removeprefix("the ")):
            found = self._best(candidate_key)
            if found is not None:
                return found
            for words in _POLICE_WORDS:
                if candidate_key.endswith(" " + words):
                    police = self._police.get(candidate_key.removesuffix(" " + words))
                    if police is not None:
                        return police
            for suffix, levels in _TRAILING_WORDS:
                if candidate_key.endswith(" " + suffix):
                    base = candidate_key.removesuffix(" " + suffix)
                    found = self._best(base, levels) or self._best(base)
                    if found is not None:
                        return found
        raise UnknownAreaError(stripped, self._suggest(key))

    def _suggest(self, key: str) -> list[str]:
        matches = difflib.get_close_matches(key, list(self._names), n=3, cutoff=0.75)
        names: list[str] = []
        for match in matches:
            best = self._best(match)
            if best is not None and best.name not in names:
                names.append(best.name)
        return names

    def resolve_coverage(self, name_or_code: str) -> Coverage:
        """Resolve a coverage area name or ONS code to the LADs it includes.

        Accepts, ignoring case and punctuation ("&" = "and"): LAD names and codes, upper-tier
        county names and codes, ceremonial counties, regions, nations and country codes,
        "England and Wales", "Great Britain", "United Kingdom"/"UK", the names in
        ``area_names.csv`` (police force areas, "Kent and Medway", ...; a police force area
        whose name is also an ONS area's with "police force area" or "police" after it),
        and lists of any of these ("Fylde, Wyre and Blackpool").
        Where one name means areas of different sizes the broadest wins: "Kent" is the
        ceremonial county (with Medway), "West Midlands" the region; say "West Midlands
        county" for the metropolitan county.

        Raises :class:`UnknownAreaError` (with ``suggestions``) for unknown names.
        """
        try:
            return self._lookup(name_or_code).to_coverage()
        except UnknownAreaError as error:
            parts = [p for p in _SPLIT_COMPOSITE.split(name_or_code) if p.strip()]
            if len(parts) < 2:
                raise
            lads: set[str] = set()
            likely: set[str] = set()
            certain: set[str] = set()
            for part in parts:
                try:
                    found = self._lookup(part)
                except UnknownAreaError:
                    raise error from None
                lads |= found.lad_codes
                likely |= found.likely
                certain |= found.lad_codes - found.likely
            return Coverage(
                " ".join(name_or_code.split()),
                "combined",
                frozenset(lads),
                None,
                frozenset(likely - certain),
            )

    def resolve_area(self, name_or_code: str) -> frozenset[str]:
        """The LAD codes a coverage area name or code covers (see :meth:`resolve_coverage`)."""
        return self.resolve_coverage(name_or_code).lad_codes

    def area_level(self, name_or_code: str) -> CoverageLevel:
        """What kind of area a coverage name is taken to mean ("lad", "region", ...)."""
        return self.resolve_coverage(name_or_code).level

    def covers(self, name_or_code: str, location: Location) -> list[Placement]:
        """The placements of ``location`` that fall inside the named coverage area."""
        lads = self.resolve_area(name_or_code)
        return [p for p in location.placements if p.area.lad_code in lads]


_default: Gazetteer | None = None
_default_lock = threading.Lock()


def default_gazetteer() -> Gazetteer:
    """The bundled gazetteer, loaded once on first use (thread-safe)."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Gazetteer.load()
    return _default
