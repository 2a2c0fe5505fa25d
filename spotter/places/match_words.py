"""The words a receptionist reads about a postcode search: plain sentences, no percentages.

A search result (:class:`spotter.places.matching.MatchResult`) is explained here, once, for
the app and the ``match`` command alike: a one-line summary, what to do when a postcode is
unknown or a district is split between councils, that no local service is on record, each
service's scope ("Local", "Scotland-wide", "UK-wide") and why it is listed.

A district's share is the fraction of its live postcodes in a council area (ONS data), so the
words say "postcodes", not "addresses".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from spotter.directory import HELPLINE_ID, Scope, Service
from spotter.screening.vocabulary import AgeBand

if TYPE_CHECKING:
    from spotter.places.matching import MatchResult, ServiceMatch

_WHOLE_UK = {"united kingdom", "uk", "great britain and northern ireland"}


def in_ten(share: float) -> str:
    """A share in words a person can picture: "about 6 in 10", "almost all", "a few"."""
    tenths = round(share * 10)
    if tenths >= 10:
        return "almost all"
    if tenths <= 0:
        return "a few"
    return f"about {tenths} in 10"


def scope_label(service: Service) -> str:
    """ "Local", or how far a wider service reaches: "UK-wide", "Scotland-wide",
    "All of England and Wales"."""
    if service.scope is Scope.LOCAL:
        return "Local"
    names = [a.strip() for a in service.areas if a.strip()]
    if len(names) == 1 and names[0].casefold() in _WHOLE_UK:
        return "UK-wide"
    if len(names) == 1 and " and " not in names[0]:
        return f"{names[0]}-wide"
    if names:
        return f"All of {' and '.join(names)}"
    return "UK-wide" if service.scope is Scope.NATIONAL else "Nation-wide"


def _place(result: MatchResult) -> str:
    """Where the postcode is: "Maidstone, Kent", or the district when it is split."""
    placements = result.location.placements
    if len(placements) == 1:
        return result.location.describe()
    return result.postcode.district if placements else str(result.postcode)


def summary(result: MatchResult) -> str:
    """One line after a search: "3 services for Maidstone, Kent"."""
    count = len(result.matches)
    services = f"{count} service{'' if count == 1 else 's'}"
    if not result.location.placements:
        return f"{services} for {result.postcode}: national only"
    return f"{services} for {_place(result)}"


def split_advice(result: MatchResult) -> str | None:
    """A district split between councils, said plainly, with what to do about it."""
    placements = result.location.placements
    if len(placements) < 2:
        return None
    district = result.postcode.district
    biggest = max(placements, key=lambda p: p.share)
    return (
        f"{district} is split between councils: {in_ten(biggest.share)} of its postcodes are "
        f"in {biggest.area.display_name}. Enter the full postcode to be sure."
    )


def no_local_advice(result: MatchResult) -> str | None:
    """Placed, but no local specialist service covers it: say so, never leave it implied."""
    placements = result.location.placements
    if not placements or any(m.service.scope is Scope.LOCAL for m in result.matches):
        return None
    names = " or ".join(dict.fromkeys(p.area.display_name for p in placements))
    return f"No local specialist service on record for {names}; these national services cover it."


def advice(result: MatchResult) -> str | None:
    """What to know before choosing a service (the ``advice`` of ``match --json``)."""
    said = [s for s in (split_advice(result), no_local_advice(result)) if s]
    return " ".join(said) or None


def postcode_notice(result: MatchResult) -> str | None:
    """The postcode itself was not found: check it (a typing slip is the usual cause)."""
    method = result.location.method
    if method == "unknown":
        return (
            f"{result.postcode} is not in the postcode data — check it. "
            "Only national services are shown."
        )
    if method == "district_fallback":
        return (
            f"{result.postcode} is not in the postcode data — check it. "
            f"Services for its district, {result.postcode.district}, are shown."
        )
    return None


def notice(result: MatchResult) -> str | None:
    """Everything the Services page says above the results, one sentence after another."""
    said = [s for s in (postcode_notice(result), advice(result)) if s]
    return "\n".join(said) or None


def reason(match: ServiceMatch, result: MatchResult) -> str:
    """Why one service is listed, for its card."""
    from spotter.places.matching import Certainty

    if match.service.id == HELPLINE_ID and match.reason.startswith("national helpline"):
        return "Shown with every search: the national helpline."
    placements = result.location.placements
    if match.certainty is Certainty.POSSIBLY_COVERS:
        district = result.postcode.district
        share = _share(match)
        part = f"{in_ten(share)} of its postcodes are" if share is not None else "part of it is"
        return (
            f"Possibly covers {district}: {part} in {match.coverage}. "
            "Enter the full postcode to be sure."
        )
    where = str(result.postcode) if result.location.method == "postcode" else _place(result)
    place = _place(result)
    if match.certainty is Certainty.LIKELY_COVERS:
        return (
            f"Likely covers {match.coverage} — check with the service: {where} is in {place}, "
            f"which has its own council, outside the {match.coverage} council area."
        )
    if where == place or not placements:
        return f"Covers {match.coverage}, which includes {place}."
    return f"Covers {match.coverage}: {where} is in {place}."


def certainty(match: ServiceMatch) -> str:
    """How sure the listing is, in a few words for a list of services: "Covers Kent",
    "Likely covers Kent — check with the service", "Possibly covers Kent — enter the full
    postcode to be sure", "National helpline: shown with every search"."""
    from spotter.places.matching import Certainty

    if match.service.id == HELPLINE_ID and match.reason.startswith("national helpline"):
        return "National helpline: shown with every search"
    if match.certainty is Certainty.LIKELY_COVERS:
        return f"Likely covers {match.coverage} — check with the service"
    if match.certainty is Certainty.POSSIBLY_COVERS:
        return f"Possibly covers {match.coverage} — enter the full postcode to be sure"
    return f"Covers {match.coverage}"


_PERCENT = re.compile(r"(\d{1,3})% of ")


def _share(match: ServiceMatch) -> float | None:
    """The share of the district this service covers, as the matcher worked it out (its
    reason says "63% of TN3 is in ..."); None if the reason does not say."""
    found = _PERCENT.search(match.reason)
    return int(found.group(1)) / 100 if found else None


def age_note(service: Service, band: AgeBand | None) -> str | None:
    """ "Not for this age (from 18)" when the person's age band is outside the service's ages,
    else None (also when the band or the service's ages are not known)."""
    if band is None:
        return None
    youngest, oldest = band.ages
    low, high = service.minimum_age, service.maximum_age
    if low is not None and oldest is not None and oldest < low:
        return f"Not for this age (from {low})"
    if high is not None and youngest > high:
        return f"Not for this age (up to {high})"
    return None


def by_age(matches: Sequence[ServiceMatch], band: AgeBand | None) -> list[ServiceMatch]:
    """The matches in their order, those the person is too young or too old for moved last
    (shown, never hidden)."""
    fits = [m for m in matches if age_note(m.service, band) is None]
    return fits + [m for m in matches if age_note(m.service, band) is not None]
