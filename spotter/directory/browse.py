"""Browsing the whole directory: search by name, area or organisation, and filter by area."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from spotter.directory import Service

ALL_AREAS = "All areas"
UK_WIDE = "United Kingdom"


def area_choices(services: Iterable[Service]) -> list[str]:
    """ "All areas" then every coverage name in the directory, alphabetically."""
    names = {area for s in services for area in s.areas}
    return [ALL_AREAS, *sorted(names, key=str.casefold)]


def _haystack(service: Service) -> str:
    parts = [service.name, service.organisation.name, *service.areas]
    return " ".join(parts).casefold()


def filter_services(
    services: Iterable[Service], text: str = "", area: str = ALL_AREAS
) -> list[Service]:
    """Services whose name, organisation or areas contain every word of ``text``
    (case-insensitive), covering ``area`` (UK-wide services cover every area)."""
    words = text.casefold().split()
    found = []
    for service in services:
        if (
            area not in ("", ALL_AREAS)
            and area not in service.areas
            and UK_WIDE not in (service.areas)
        ):
            continue
        hay = _haystack(service)
        if all(word in hay for word in words):
            found.append(service)
    return found


def verified_text(service: Service, today: date) -> str:
    """When a person last checked the entry, in words, flagged when it is stale."""
    if service.assured_date is None:
        return "Not yet verified"
    when = _long_date(service.assured_date)
    if service.is_stale(today):
        return f"Not verified for 12 months — please check (last checked {when})"
    return f"Verified {when}"


def _long_date(day: date) -> str:
    return f"{day.day} {day.strftime('%B %Y')}"
