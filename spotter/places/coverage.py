"""Coverage gaps: every UK local authority and the local specialist services that cover it.

A service covers an authority **exactly** when one of its areas is an ONS area (the council
itself, a county, a ceremonial county, a region or a nation) containing it, and **likely**
when the area is a looser name Spotter maps to councils (an alias such as "Sussex" or
"Thames Valley", or a list of names). Only active local services count: nation-wide and
national services cover everyone and would hide every gap.

This is evidence for commissioners ("the postcode lottery"): the authorities with no local
service, counted by nation and region.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from spotter.directory import Directory, Scope, Service
from spotter.places.gazetteer import Area, Gazetteer, UnknownAreaError

_EXACT_LEVELS = frozenset(
    {"lad", "county", "ceremonial_county", "region", "nation", "multi_nation"}
)


@dataclass(frozen=True)
class AuthorityCoverage:
    area: Area
    exact: tuple[Service, ...]
    likely: tuple[Service, ...]

    @property
    def status(self) -> str:
        """``covered`` (an exact match), ``likely`` (only likely ones) or ``none``."""
        return "covered" if self.exact else "likely" if self.likely else "none"

    def to_json(self) -> dict[str, Any]:
        a = self.area
        return {
            "lad_code": a.lad_code,
            "lad_name": a.display_name,
            "county": a.county_name,
            "region": a.region_name,
            "nation": a.country_name,
            "icb": a.icb_name,
            "status": self.status,
            "exact": [{"id": s.id, "name": s.name} for s in self.exact],
            "likely": [{"id": s.id, "name": s.name} for s in self.likely],
        }


@dataclass(frozen=True)
class GapCount:
    nation: str
    region: str  # empty outside England
    authorities: int
    without_local_service: int

    def to_json(self) -> dict[str, Any]:
        return {
            "nation": self.nation,
            "region": self.region,
            "authorities": self.authorities,
            "without_local_service": self.without_local_service,
        }


def coverage_by_authority(directory: Directory, gazetteer: Gazetteer) -> list[AuthorityCoverage]:
    """Every UK authority (England, Wales, Scotland, Northern Ireland), by nation and name."""
    exact: defaultdict[str, list[Service]] = defaultdict(list)
    likely: defaultdict[str, list[Service]] = defaultdict(list)
    for service in directory.services:
        if service.scope is not Scope.LOCAL or not service.is_active:
            continue
        seen_exact: set[str] = set()
        seen_likely: set[str] = set()
        for name in service.areas:
            try:
                coverage = gazetteer.resolve_coverage(name)
            except UnknownAreaError:
                continue
            target = seen_exact if coverage.level in _EXACT_LEVELS else seen_likely
            target |= coverage.lad_codes
        for code in seen_exact:
            exact[code].append(service)
        for code in seen_likely - seen_exact:
            likely[code].append(service)
    areas = sorted(
        (a for a in gazetteer.areas() if a.in_uk),
        key=lambda a: (a.country_name, a.region_name, a.display_name),
    )
    return [
        AuthorityCoverage(a, tuple(exact.get(a.lad_code, ())), tuple(likely.get(a.lad_code, ())))
        for a in areas
    ]


def gap_counts(rows: list[AuthorityCoverage]) -> list[GapCount]:
    """Authorities and those with no local service (not even a likely one), by nation/region."""
    totals: dict[tuple[str, str], list[int]] = {}
    for row in rows:
        key = (row.area.country_name, row.area.region_name)
        counts = totals.setdefault(key, [0, 0])
        counts[0] += 1
        counts[1] += row.status == "none"
    return [GapCount(n, r, c[0], c[1]) for (n, r), c in sorted(totals.items())]


CSV_COLUMNS = (
    "lad_code",
    "lad_name",
    "county",
    "region",
    "nation",
    "icb",
    "status",
    "exact_services",
    "likely_services",
)


def coverage_csv(rows: list[AuthorityCoverage]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        data = row.to_json()
        writer.writerow(
            [
                *(data[c] for c in CSV_COLUMNS[:7]),
                "; ".join(s["name"] for s in data["exact"]),
                "; ".join(s["name"] for s in data["likely"]),
            ]
        )
    return buffer.getvalue()


def coverage_json(rows: list[AuthorityCoverage]) -> dict[str, Any]:
    return {
        "authorities": [r.to_json() for r in rows],
        "summary": [g.to_json() for g in gap_counts(rows)],
    }
