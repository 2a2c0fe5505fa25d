"""Copy and validate the postcode gazetteer into ``resources/gazetteer/``.

Usage::

    uv run python tools/build_gazetteer.py [SOURCE_DIR]

``SOURCE_DIR`` defaults to ``/work/shared/data/gazetteer``. The CSV files are copied
byte for byte (after validation), ``SOURCES.md`` is copied alongside them for the licence
and attribution text, and ``manifest.json`` records the data vintage, row counts and the
sha256 of every file so a build can be checked later. Running it twice gives identical output.

The coverage-name tables kept in the target (``area_names.csv``, ``police_force_areas.csv``)
are not in the source: they are left as they are, their section of ``SOURCES.md`` is kept
after the copied text, and they are recorded in the manifest.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import sys
from pathlib import Path

VERSION = "ONSPD Nov 2025 / LAD Apr 2025 / ICB Apr 2024"

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = Path("/work/shared/data/gazetteer")
TARGET = ROOT / "resources" / "gazetteer"
#: Files of the target that do not come from the source (see the module docstring).
KEPT = ("area_names.csv", "police_force_areas.csv")
KEPT_SECTION = "## Area names and police force areas"

# file name -> exact header expected
FILES: dict[str, list[str]] = {
    "postcode_sector_lad.csv": ["sector", "lad_code", "share", "live_postcodes"],
    "postcode_lad_exceptions.csv": ["postcode", "lad_code"],
    "postcode_district_lad.csv": ["district", "lad_code", "lad_name", "share", "live_postcodes"],
    "lad_hierarchy.csv": [
        "lad_code",
        "lad_name",
        "county_code",
        "county_name",
        "ceremonial_county",
        "combined_authority_code",
        "combined_authority_name",
        "region_code",
        "region_name",
        "country_code",
        "country_name",
        "icb_code",
        "icb_code_nhs",
        "icb_name",
        "icb_share",
        "icb_count",
    ],
    "lad_icb.csv": [
        "lad_code",
        "lad_name",
        "icb_code",
        "icb_code_nhs",
        "icb_name",
        "lsoa_count",
        "share",
    ],
}


class BuildError(Exception):
    """The source data failed validation."""


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        expected = FILES[path.name]
        if reader.fieldnames != expected:
            raise BuildError(f"{path.name}: header {reader.fieldnames} != {expected}")
        return list(reader)


def validate(tables: dict[str, list[dict[str, str]]]) -> None:
    """Check the cross-file invariants the app relies on."""
    lads = {row["lad_code"] for row in tables["lad_hierarchy.csv"]}
    if len(lads) != len(tables["lad_hierarchy.csv"]):
        raise BuildError("lad_hierarchy.csv: duplicate lad_code")
    for name in ("postcode_sector_lad.csv", "postcode_lad_exceptions.csv"):
        unknown = {row["lad_code"] for row in tables[name]} - lads
        if unknown:
            raise BuildError(f"{name}: LAD codes missing from lad_hierarchy.csv: {sorted(unknown)}")
    unknown = {row["lad_code"] for row in tables["postcode_district_lad.csv"]} - lads
    if unknown:
        raise BuildError(f"postcode_district_lad.csv: unknown LAD codes {sorted(unknown)}")
    for row in tables["postcode_lad_exceptions.csv"]:
        code = row["postcode"]
        if code != code.upper() or " " in code or not 5 <= len(code) <= 7:
            raise BuildError(f"postcode_lad_exceptions.csv: malformed postcode {code!r}")
    previous: tuple[str, float] | None = None
    for row in tables["postcode_sector_lad.csv"]:
        share = float(row["share"])
        if not 0.0 < share <= 1.0:
            raise BuildError(f"postcode_sector_lad.csv: bad share in {row}")
        if previous is not None and previous[0] == row["sector"] and previous[1] < share:
            raise BuildError(f"postcode_sector_lad.csv: not sorted by falling share at {row}")
        previous = (row["sector"], share)
    totals: dict[str, float] = {}
    for row in tables["postcode_district_lad.csv"]:
        totals[row["district"]] = totals.get(row["district"], 0.0) + float(row["share"])
    off = {d: t for d, t in totals.items() if abs(t - 1.0) > 0.01}
    if off:
        raise BuildError(f"postcode_district_lad.csv: shares do not sum to 1 for {off}")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(source: Path = DEFAULT_SOURCE, target: Path = TARGET) -> dict[str, object]:
    tables = {name: _read(source / name) for name in FILES}
    validate(tables)
    target.mkdir(parents=True, exist_ok=True)
    old_sources = target / "SOURCES.md"
    kept_section = ""
    if old_sources.exists():
        text = old_sources.read_text(encoding="utf-8")
        if KEPT_SECTION in text:
            kept_section = text[text.index(KEPT_SECTION) :]
    files: dict[str, dict[str, object]] = {}
    for name in [*FILES, "SOURCES.md"]:
        shutil.copyfile(source / name, target / name)
        if name == "SOURCES.md" and kept_section:
            copied = (target / name).read_text(encoding="utf-8").rstrip("\n")
            (target / name).write_text(f"{copied}\n\n{kept_section}", encoding="utf-8")
        entry: dict[str, object] = {"sha256": _sha256(target / name)}
        if name in tables:
            entry["rows"] = len(tables[name])
        files[name] = entry
    for name in KEPT:
        if (target / name).exists():
            with (target / name).open(newline="", encoding="utf-8") as handle:
                rows = sum(1 for _ in csv.DictReader(handle))
            files[name] = {"sha256": _sha256(target / name), "rows": rows}
    manifest: dict[str, object] = {
        "name": "UK postcode gazetteer (postcode district/sector -> LAD -> county/region/ICB)",
        "version": VERSION,
        "licence": (
            "OGL v3; Northern Ireland (BT) postcodes: non-commercial and internal business use"
            " only, see SOURCES.md"
        ),
        "files": files,
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    try:
        manifest = build(source)
    except BuildError as error:
        print(f"gazetteer build failed: {error}", file=sys.stderr)
        return 1
    print(json.dumps(manifest, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
