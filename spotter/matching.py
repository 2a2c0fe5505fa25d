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
    Placement,
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
        """A split district, or no local service on record, in plain words (or None)."""
        from spotter.match_words import advice  # the words live with the other words

        return advice(self)


@dataclass
class Matcher:
    """Resolves every service's coverage once, then answers lookups quickly."""

    directory: Directory
    gazetteer: Gazetteer
    unresolved: list[tuple[str, str]] = field(default_factory=list)  # (service id, area name)

    def __post_init__(self) -> None:
        # lad code -> {service id: the first coverage name of that service containing it}
        self._by_lad: dict[str, dict[str, str]] = {}
        cache: dict[str, frozenset[str]] = {}
        for service in self.directory.services:
            if not service.is_active:
                continue
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
                for lad in cache[name]:
                    self._by_lad.setdefault(lad, {}).setdefault(service.id, name)
        self._services = self.directory.by_id()
        self._sort_key = {
            s.id: (s.id == HELPLINE_ID, s.scope.rank, s.name.casefold())
            for s in self.directory.services
        }
        self._phrases: dict[str, str] = {}
        helpline = self._services.get(HELPLINE_ID)
        if helpline is None or not helpline.is_active:
            # The helpline is guaranteed in every result, whatever a directory file says.
            fallback = load_bundled_directory().get(HELPLINE_ID)
            assert fallback is not None, "bundled directory lacks the National Stalking Helpline"
            self._helpline = fallback
            self._sort_key[HELPLINE_ID] = (True, fallback.scope.rank, fallback.name.casefold())
        else:
            self._helpline = helpline

    def _phrase(self, placement: Placement) -> str:
        code = placement.area.lad_code
        phrase = self._phrases.get(code)
        if phrase is None:
            phrase = self._phrases[code] = describe_area(placement.area)
        return phrase

    def match(self, query: str | Postcode) -> MatchResult:
        """Match one postcode (full or district). Raises ``PostcodeError`` for bad input."""
        postcode = query if isinstance(query, Postcode) else parse_postcode(query)
        location = self.gazetteer.locate(postcode)
        placements = location.placements
        hits: dict[str, list[tuple[Placement, str]]] = {}
        for placement in placements:
            for service_id, coverage in self._by_lad.get(placement.area.lad_code, {}).items():
                hits.setdefault(service_id, []).append((placement, coverage))
        subject = str(postcode) if location.method == "postcode" else postcode.district
        found: list[ServiceMatch] = []
        for service_id, service_hits in hits.items():
            coverage = service_hits[0][1]
            places = " or ".join(self._phrase(p) for p, _ in service_hits)
            service = self._services[service_id]
            if len(service_hits) == len(placements):
                reason = f"covers {coverage}: {subject} is in {places}"
                found.append(ServiceMatch(service, Certainty.COVERS, coverage, reason))
            else:
                share = sum(p.share for p, _ in service_hits)
                reason = (
                    f"possibly covers {coverage}: {share:.0%} of {subject} is in {places}; "
                    "enter the full postcode to be sure"
                )
                found.append(ServiceMatch(service, Certainty.POSSIBLY_COVERS, coverage, reason))
        if HELPLINE_ID not in hits:
            found.append(
                ServiceMatch(
                    self._helpline,
                    Certainty.COVERS,
                    "United Kingdom",
                    "national helpline: shown with every result",
                )
            )
        sort_key = self._sort_key
        found.sort(
            key=lambda m: (
                sort_key[m.service.id][:2],
                m.certainty is not Certainty.COVERS,
                sort_key[m.service.id][2],
            )
        )
        notes = (location.note,) if location.note else ()
        return MatchResult(postcode, location, tuple(found), notes)

    def match_many(self, queries: Iterable[str]) -> list[MatchResult]:
        return [self.match(q) for q in queries]
