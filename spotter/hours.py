"""Opening hours from HSDS ``Schedule`` rows: is a service open at a given local time?

Bank holidays are not known offline, so callers say "closed on bank holidays" in words.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from spotter.directory import Schedule

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _minutes(text: str) -> int:
    hours, _, minutes = text.strip().partition(":")
    return int(hours) * 60 + int(minutes or "0")


def is_open(schedules: Iterable[Schedule], now: datetime) -> bool:
    """True when ``now`` (local time) falls in one of the schedules' opening windows.

    ``byday`` is a comma-separated list of RFC 5545 day codes (``MO,TU,TH,FR``);
    ``closes_at`` may be ``24:00``. Rows that cannot be read are ignored, never guessed.
    """
    day = DAY_CODES[now.weekday()]
    minute = now.hour * 60 + now.minute
    for schedule in schedules:
        days = {d.strip().upper() for d in schedule.byday.split(",")}
        if day not in days:
            continue
        try:
            opens, closes = _minutes(schedule.opens_at), _minutes(schedule.closes_at)
        except ValueError:
            continue
        if opens <= minute < closes:
            return True
    return False


def open_hint(schedules: Iterable[Schedule], now: datetime) -> str:
    """A short hint for a status bar: "open now" or "closed now"."""
    return "open now" if is_open(schedules, now) else "closed now"
