"""Opening hours from HSDS ``Schedule`` rows: is a service open at a given local time?

Bank holidays are not known offline, so callers say "closed on bank holidays" in words.
A schedule with ``valid_from`` / ``valid_to`` holds only between them: an expired one, or one
not yet valid, is never the current hours (:func:`current_schedules`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from spotter.directory import Schedule

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _minutes(text: str) -> int:
    hours, _, minutes = text.strip().partition(":")
    return int(hours) * 60 + int(minutes or "0")


def current_schedules(schedules: Iterable[Schedule], today: date) -> list[Schedule]:
    """The schedules that hold on ``today`` (not expired, not yet to come)."""
    return [s for s in schedules if s.applies_on(today)]


def upcoming_schedules(schedules: Iterable[Schedule], today: date) -> list[Schedule]:
    """The schedules that start after ``today``, soonest first."""
    later = [s for s in schedules if s.valid_from is not None and s.valid_from > today]
    return sorted(later, key=lambda s: s.valid_from or today)


def is_open(schedules: Iterable[Schedule], now: datetime) -> bool:
    """True when ``now`` (local time) falls in one of the schedules' opening windows.

    ``byday`` is a comma-separated list of RFC 5545 day codes (``MO,TU,TH,FR``);
    ``closes_at`` may be ``24:00``. Rows that cannot be read are ignored, never guessed.
    """
    day = DAY_CODES[now.weekday()]
    minute = now.hour * 60 + now.minute
    for schedule in current_schedules(schedules, now.date()):
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


_DAY_NAMES = {
    "MO": "Mon",
    "TU": "Tue",
    "WE": "Wed",
    "TH": "Thu",
    "FR": "Fri",
    "SA": "Sat",
    "SU": "Sun",
}


def _days_text(byday: str) -> str:
    """``MO,TU,WE,TH,FR`` -> ``Mon–Fri``; ``MO,TU,TH,FR`` -> ``Mon, Tue, Thu, Fri``."""
    wanted = {d.strip().upper() for d in byday.split(",")}
    indexes = sorted(DAY_CODES.index(d) for d in wanted if d in DAY_CODES)
    runs: list[list[int]] = []
    for index in indexes:
        if runs and index == runs[-1][-1] + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    parts: list[str] = []
    for run in runs:
        names = [_DAY_NAMES[DAY_CODES[i]] for i in run]
        parts.append(f"{names[0]}–{names[-1]}" if len(run) >= 3 else ", ".join(names))
    return ", ".join(parts)


def hours_text(schedules: Iterable[Schedule], today: date | None = None) -> str:
    """Opening hours in words from the directory's schedules, e.g.
    ``Mon, Tue, Thu, Fri 09:30–16:00; Wed 13:00–16:00``; empty when none can be read.

    With ``today``, only the schedules that hold that day (see :func:`current_schedules`).
    """
    if today is not None:
        schedules = current_schedules(schedules, today)
    parts = []
    for schedule in schedules:
        days = _days_text(schedule.byday)
        if days and schedule.opens_at and schedule.closes_at:
            parts.append(f"{days} {schedule.opens_at}–{schedule.closes_at}")
    return "; ".join(parts)
