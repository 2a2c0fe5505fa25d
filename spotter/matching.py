"""Postcode -> the services that cover it, each with its reason in words.

Coverage names in the directory ("Kent", "Sussex", "Scotland", "England and Wales") are
resolved once, through the gazetteer, to sets of local-authority codes; a lookup is then a few
dictionary reads. Results list local specialist services first, then nation-level, then
national ones, and always end with the National Stalking Helpline.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from spotter.directory import HELPLINE_ID, Directory, Service, load_bundled_directory
from spotter.geography import (
    Gazetteer,
    Location,
    UnknownAreaError,
    describe_area,
)
from spotter.postcodes import Postcode, parse_postcode

log = logging.getLogger("spotter.matching")


class Certainty(StrEnum):
    COVERS = "covers"
    POSSIBLY_COVERS = "possibly covers"


@dataclass(frozen=True)
class ServiceMatch:
    """One service in a result, with why it is there."""

    service: Service
    certainty: Certainty
    coverage: str  # the coverage-area name that matched, e.g. "Kent"
    reason: str


@dataclass(frozen=True)
class MatchResult:
    postcode: Postcode
    location: Location
    matches: tuple[ServiceMatch, ...]
    notes: tuple[str, ...] = ()

    @property
    def needs_full_postcode(self) -> bool:
        return any(m.certainty is Certainty.POSSIBLY_COVERS for m in self.matches)

    @property
    def advice(self) -> str | None:
        if self.needs_full_postcode:
            return (
                f"{self.postcode} spans more than one council area: enter the full postcode "
                "to be sure which local services cover it."
            )
        return None


@dataclass
class _Coverage:
    name: str
    lad_codes: frozenset[str]


@dataclass
class Matcher:
    """Resolves every service's coverage once, then answers lookups quickly."""

    directory: Directory
    gazetteer: Gazetteer
    unresolved: list[tuple[str, str]] = field(default_factory=list)  # (service id, area name)

    def __post_init__(self) -> None:
        self._coverages: dict[str, list[_Coverage]] = {}
        self._by_lad: dict[str, list[str]] = {}
        cache: dict[str, frozenset[str]] = {}
        for service in self.directory.services:
            if not service.is_active:
                continue
            coverages = []
            for name in service.areas:
                if name not in cache:
                    try:
                        cache[name] = self.gazetteer.resolve_area(name)
                    except UnknownAreaError:
                        cache[name] = frozenset()
                if not cache[name]:
                    self.unresolved.append((service.id, name))
                    log.warning("service %s: coverage area %r is not known", service.id, name)
                    continue
                coverages.append(_Coverage(name, cache[name]))
            self._coverages[service.id] = coverages
            for lad in set().union(*(c.lad_codes for c in coverages)):
                self._by_lad.setdefault(lad, []).append(service.id)
        self._services = self.directory.by_id()
        helpline = self._services.get(HELPLINE_ID)
        if helpline is None or not helpline.is_active:
            # The helpline is guaranteed in every result, whatever a directory file says.
            fallback = load_bundled_directory().get(HELPLINE_ID)
            assert fallback is not None, "bundled directory lacks the National Stalking Helpline"
            self._helpline = fallback
        else:
            self._helpline = helpline

    def match(self, query: str | Postcode) -> MatchResult:
        """Match one postcode (full or district). Raises ``PostcodeError`` for bad input."""
        postcode = query if isinstance(query, Postcode) else parse_postcode(query)
        location = self.gazetteer.locate(postcode)
        found: dict[str, ServiceMatch] = {}
        placements = location.placements
        lads = [p.area.lad_code for p in placements]
        for service_id in _unique(sid for lad in lads for sid in self._by_lad.get(lad, ())):
            service = self._services[service_id]
            found[service_id] = self._explain(service, location)
        notes = [location.note] if location.note else []
        if HELPLINE_ID not in found:
            found[HELPLINE_ID] = ServiceMatch(
                self._helpline,
                Certainty.COVERS,
                "United Kingdom",
                "national helpline: shown with every result",
            )
        matches = sorted(
            found.values(),
            key=lambda m: (
                m.service.id == HELPLINE_ID,
                m.service.scope.rank,
                m.certainty is not Certainty.COVERS,
                m.service.name.casefold(),
            ),
        )
        return MatchResult(postcode, location, tuple(matches), tuple(notes))

    def _explain(self, service: Service, location: Location) -> ServiceMatch:
        placements = location.placements
        coverages = self._coverages[service.id]
        covered = [p for p in placements if any(p.area.lad_code in c.lad_codes for c in coverages)]
        coverage = next(c for c in coverages if covered[0].area.lad_code in c.lad_codes)
        postcode = location.postcode
        subject = str(postcode) if location.method == "postcode" else postcode.district
        places = " or ".join(describe_area(p.area) for p in covered)
        if len(covered) == len(placements):
            reason = f"covers {coverage.name}: {subject} is in {places}"
            return ServiceMatch(service, Certainty.COVERS, coverage.name, reason)
        share = sum(p.share for p in covered)
        reason = (
            f"possibly covers {coverage.name}: {share:.0%} of {subject} is in {places}; "
            "enter the full postcode to be sure"
        )
        return ServiceMatch(service, Certainty.POSSIBLY_COVERS, coverage.name, reason)

    def match_many(self, queries: Iterable[str]) -> list[MatchResult]:
        return [self.match(q) for q in queries]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
