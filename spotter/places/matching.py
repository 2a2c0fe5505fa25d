"""Postcode -> the services that cover it, each with its reason in words.

Coverage names in the directory ("Kent", "Sussex", "Scotland", "England and Wales") are
resolved once, through the gazetteer, to sets of local-authority codes; a lookup is then a few
dictionary reads. Results list local specialist services first, then nation-level, then
national ones, and always end with the National Stalking Helpline.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from spotter.directory import HELPLINE_ID, Directory, Service, load_bundled_directory
from spotter.places.gazetteer import (
    Gazetteer,
    Location,
    Placement,
    UnknownAreaError,
    describe_area,
)
from spotter.places.postcodes import Postcode, parse_postcode

log = logging.getLogger("spotter.places.matching")


class Certainty(StrEnum):
    COVERS = "covers"
    #: The postcode's council is in the ceremonial county a service is named for, but not in
    #: the council area that name usually means (Medway for "Kent"): check with the service.
    LIKELY_COVERS = "likely covers"
    POSSIBLY_COVERS = "possibly covers"


@dataclass(frozen=True)
class ServiceMatch:
    """One service in a result, with why it is there."""

    service: Service
    certainty: Certainty
    coverage: str  # the coverage-area name that matched, e.g. "Kent"
    reason: str


# One service in the answer for a set of placements, with its reason split around the
# subject (the postcode or district): ``head + subject + tail``; ``tail`` None = ``head`` alone.
_Entry = tuple[Service, Certainty, str, str, str | None]


@dataclass(frozen=True)
class MatchResult:
    """The services for one postcode, best first.

    ``matches`` is built on first use from the answer the matcher keeps for the postcode's
    council area(s), so a batch of postcodes shares that work; the values are the same either
    way.
    """

    postcode: Postcode
    location: Location
    answer: tuple[_Entry, ...] = field(repr=False)
    subject: str = field(repr=False)
    notes: tuple[str, ...] = ()

    @cached_property
    def matches(self) -> tuple[ServiceMatch, ...]:
        subject = self.subject
        return tuple(
            ServiceMatch(
                service, certainty, coverage, head if tail is None else head + subject + tail
            )
            for service, certainty, coverage, head, tail in self.answer
        )

    @property
    def needs_full_postcode(self) -> bool:
        return any(entry[1] is Certainty.POSSIBLY_COVERS for entry in self.answer)

    @property
    def advice(self) -> str | None:
        """A split district, or no local service on record, in plain words (or None)."""
        from spotter.places.match_words import advice  # the words live with the other words

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
        # (lad code, service id) pairs the service only likely covers (see Coverage.likely)
        self._likely: set[tuple[str, str]] = set()
        cache: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        for service in self.directory.services:
            if not service.is_active:
                continue
            certain: set[str] = set()
            for name in service.areas:
                if name not in cache:
                    try:
                        found = self.gazetteer.resolve_coverage(name)
                        cache[name] = (found.lad_codes, found.likely)
                    except UnknownAreaError:
                        cache[name] = (frozenset(), frozenset())
                lads, likely = cache[name]
                if not lads:
                    self.unresolved.append((service.id, name))
                    log.warning("service %s: coverage area %r is not known", service.id, name)
                    continue
                for lad in lads:
                    self._by_lad.setdefault(lad, {}).setdefault(service.id, name)
                    if lad in likely:
                        self._likely.add((lad, service.id))
                    else:
                        certain.add(lad)
            # another of the service's areas may cover the council for certain
            self._likely -= {(lad, service.id) for lad in certain}
        self._services = self.directory.by_id()
        self._sort_key = {
            s.id: (s.id == HELPLINE_ID, s.scope.rank, s.name.casefold())
            for s in self.directory.services
        }
        self._phrases: dict[str, str] = {}
        # (lad code, share) of each placement -> the ordered answer (see ``_answer``)
        self._answers: dict[tuple[tuple[str, float], ...], tuple[_Entry, ...]] = {}
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
        key = tuple((p.area.lad_code, p.share) for p in placements)
        answer = self._answers.get(key)
        if answer is None:
            answer = self._answers[key] = self._answer(placements)
        subject = str(postcode) if location.method == "postcode" else postcode.district
        notes = (location.note,) if location.note else ()
        return MatchResult(postcode, location, answer, subject, notes)

    def prepare(self) -> int:
        """Work out the answer for every council and every postcode district now.

        Afterwards no lookup has to rank services: each is a postcode lookup and a dictionary
        read. Optional (lookups work out and keep what they need), so it can run in the
        background once the directory is loaded. Returns the number of answers kept.
        """
        for area in self.gazetteer.areas():
            placement = Placement(area, "exact", 1.0)
            single: tuple[tuple[str, float], ...] = ((area.lad_code, 1.0),)
            if single not in self._answers:
                self._answers[single] = self._answer([placement])
        for district in self.gazetteer.districts():
            placements = self.gazetteer.locate(parse_postcode(district)).placements
            key = tuple((p.area.lad_code, p.share) for p in placements)
            if key not in self._answers:
                self._answers[key] = self._answer(placements)
        return len(self._answers)

    def _answer(self, placements: list[Placement]) -> tuple[_Entry, ...]:
        """The ordered services for a set of placements, reasons waiting for their subject.

        Depends only on the councils and their shares, so it is worked out once per set and
        kept: every postcode in the same council (or district) reuses it.
        """
        count = len(placements)
        phrases = [self._phrase(p) for p in placements]
        # service id -> (the first coverage name that matched, indices of the placements hit)
        hits: dict[str, tuple[str, tuple[int, ...]]] = {}
        for index, placement in enumerate(placements):
            for service_id, coverage in self._by_lad.get(placement.area.lad_code, {}).items():
                hit = hits.get(service_id)
                if hit is None:
                    hits[service_id] = (coverage, (index,))
                else:
                    hits[service_id] = (hit[0], (*hit[1], index))
        sort_key = self._sort_key
        ranked: list[tuple[bool, int, bool, str, int, _Entry]] = []
        for order, (service_id, (coverage, hit_indices)) in enumerate(hits.items()):
            places = " or ".join(phrases[i] for i in hit_indices)
            said: tuple[Certainty, str, str]
            if all((placements[i].area.lad_code, service_id) in self._likely for i in hit_indices):
                said = (
                    Certainty.LIKELY_COVERS,
                    f"likely covers {coverage} — check with the service: ",
                    f" is in {places}, which is in ceremonial {coverage} but has its own "
                    f"council, outside the {coverage} council area",
                )
            elif len(hit_indices) == count:
                said = (Certainty.COVERS, f"covers {coverage}: ", f" is in {places}")
            else:
                share = sum(placements[i].share for i in hit_indices)
                said = (
                    Certainty.POSSIBLY_COVERS,
                    f"possibly covers {coverage}: {share:.0%} of ",
                    f" is in {places}; enter the full postcode to be sure",
                )
            certainty, head, tail = said
            is_helpline, rank, name = sort_key[service_id]
            entry: _Entry = (self._services[service_id], certainty, coverage, head, tail)
            possibly = certainty is not Certainty.COVERS
            ranked.append((is_helpline, rank, possibly, name, order, entry))
        if HELPLINE_ID not in hits:
            is_helpline, rank, name = sort_key[HELPLINE_ID]
            helpline: _Entry = (
                self._helpline,
                Certainty.COVERS,
                "United Kingdom",
                "national helpline: shown with every result",
                None,
            )
            ranked.append((is_helpline, rank, False, name, len(ranked), helpline))
        # local, then nation, then national, the helpline last; covers before possibly covers;
        # then by name, ties kept in directory order
        ranked.sort()
        return tuple(item[-1] for item in ranked)

    def match_many(self, queries: Iterable[str]) -> list[MatchResult]:
        """Match each query in turn (a ``match -`` batch).

        Python's cyclic garbage collector is held off meanwhile: the results are new objects
        next to the kept answers, and its full passes over all of them cost more than the
        lookups. Nothing here makes reference cycles; reference counting frees memory as usual.
        """
        enabled = gc.isenabled()
        gc.disable()
        try:
            return [self.match(q) for q in queries]
        finally:
            if enabled:
                gc.enable()
