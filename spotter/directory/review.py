"""Per-service review: an entry no person has checked within the practice's threshold
(Settings, default 12 months) is marked "check before referring" on the Services card and the
letter form, so a stale number is checked before a patient is sent to it."""

from __future__ import annotations

from datetime import date

from spotter.directory import Service

CHECK = "Check before referring"


def needs_check(service: Service, today: date, months: int) -> bool:
    """True when the entry's last check by a person is older than ``months``.

    An entry never checked is not marked here: it already says "Not yet verified" everywhere
    it is shown (and the bundled directory has no checked entries yet).
    """
    return service.assured_date is not None and service.is_stale(today, months)


def review_note(service: Service, today: date, months: int) -> str | None:
    """The words shown on the card and the letter form, or None when the entry is recent."""
    if not needs_check(service, today, months) or service.assured_date is None:
        return None
    when = f"{service.assured_date.day} {service.assured_date:%B %Y}"
    return (
        f"{CHECK}: last checked {when}, more than {months} months ago. Call the service to confirm."
    )
