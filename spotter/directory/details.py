"""A service's details in words, for the app's details and the CLI's ``services show``.

Which fields and under which labels comes from the fields table
(:data:`~spotter.directory.fields.DETAIL_FIELDS`); opening times are the schedules that hold
today (an expired schedule, or one not yet valid, is never shown as the current hours).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from spotter.directory.fields import DETAIL_FIELDS, Kind
from spotter.directory.hours import hours_text, upcoming_schedules
from spotter.directory.model import Phone, Service


@dataclass(frozen=True)
class Detail:
    """One labelled line. ``alert`` marks the publisher's warning, which must stand out."""

    label: str
    text: str
    alert: bool = False


def long_date(day: date) -> str:
    """``1 April 2026``."""
    return f"{day.day} {day.strftime('%B %Y')}"


def phone_text(phone: Phone) -> str:
    """``020 7946 0018 (Mornings) · Urdu, Welsh``: the number, its note and its languages."""
    text = phone.number + (f" ({phone.description})" if phone.description else "")
    return text + (f" · languages: {', '.join(phone.languages)}" if phone.languages else "")


def opening_times(service: Service, today: date) -> list[Detail]:
    """The schedules' hours that hold today (unless the service's own ``hours`` words say
    them), then each set of hours still to come with its first day."""
    details = []
    now = "" if service.hours else hours_text(service.schedules, today)
    if now:
        details.append(Detail("Opening times", now))
    for schedule in upcoming_schedules(service.schedules, today):
        later = hours_text([schedule])
        if later and schedule.valid_from is not None:
            details.append(Detail(f"From {long_date(schedule.valid_from)}", later))
    return details


def service_details(service: Service, today: date) -> list[Detail]:
    """The labelled details after a service's name, areas and phones: its alert first, its
    hours, then the other fields of :data:`DETAIL_FIELDS` it has."""
    fields: list[Detail] = []
    for spec in DETAIL_FIELDS:
        value = getattr(service, spec.name)
        text = ", ".join(value) if spec.kind is Kind.NAMES else str(value)
        if text:
            fields.append(Detail(spec.label, text, alert=spec.name == "alert"))
    hours = [Detail("Hours", service.hours)] if service.hours else []
    alerts = [d for d in fields if d.alert]
    return [*alerts, *hours, *opening_times(service, today), *(d for d in fields if not d.alert)]
