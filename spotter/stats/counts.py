"""Activity counts: how many screenings, outcomes, flags, services shown and letters, by month.

Off unless the practice (or the administrator, in ``spotter.toml``) turns the
``activity_counts`` setting on. Only counts are kept, in one table whose rows are
(month, measure, value, count), and every value comes from a closed list: a route, an outcome
level, a flag code, a scope, or the id of a service in the directory. Never a postcode, a
name, a date finer than the month, or any free text: :func:`record` refuses anything else,
so no other field can be stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from spotter.directory import Directory
from spotter.screening import FlagId, Level, Outcome, Route
from spotter.store.database import Store

SETTING = "activity_counts"
EXPLANATION = (
    "When on, Spotter counts screenings by month: the route, the outcome level, the flags "
    "raised, how many local, nation-wide and national services were shown, and which service "
    "a letter was produced for. Only numbers are kept: never a postcode, a name, a day or "
    "anything typed. The practice manager can export them for the ICB (small numbers hidden)."
)

ROUTE = "route"
OUTCOME = "outcome"
FLAG = "flag"
SHOWN = "services_shown"
LETTER = "letter"
SCREENINGS = "screenings"
MEASURES = (SCREENINGS, ROUTE, OUTCOME, FLAG, SHOWN, LETTER)
FLAGS = frozenset(flag.value for flag in FlagId)  # the core's closed flag vocabulary
OTHER_FLAG = "other"  # kept so older exports still read
SCOPES = frozenset({"local", "nation", "national"})
_FIXED: dict[str, frozenset[str]] = {
    SCREENINGS: frozenset({"all"}),
    ROUTE: frozenset(r.value for r in Route),
    OUTCOME: frozenset(level.value for level in Level),
    FLAG: FLAGS | {OTHER_FLAG},
    SHOWN: SCOPES,
}
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_SERVICE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


class CountError(ValueError):
    """Something that is not a permitted count was offered; nothing was stored."""


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def enabled(value: str) -> bool:
    return value.strip().lower() == "on"


def check(month: str, measure: str, value: str, service_ids: frozenset[str] | None) -> None:
    """Refuse anything but a month, a known measure and a value from its closed list."""
    if not _MONTH.match(month):
        raise CountError(f"month: {month!r} is not YYYY-MM")
    if measure == LETTER:
        if not _SERVICE_ID.match(value) or (service_ids is not None and value not in service_ids):
            raise CountError(f"letter: {value!r} is not the id of a service in the directory")
        return
    allowed = _FIXED.get(measure)
    if allowed is None:
        raise CountError(f"measure: {measure!r} is not counted")
    if value not in allowed:
        raise CountError(f"{measure}: {value!r} is not one of {', '.join(sorted(allowed))}")


def record(
    store: Store,
    month: str,
    items: Iterable[tuple[str, str]],
    service_ids: frozenset[str] | None = None,
) -> None:
    """Add one to each (measure, value) for ``month``, all or nothing."""
    rows = list(items)
    for measure, value in rows:
        check(month, measure, value, service_ids)
    with store.db.atomic():
        store.db.conn.executemany(
            "INSERT INTO activity_counts (month, measure, value, count) VALUES (?, ?, ?, 1) "
            "ON CONFLICT (month, measure, value) DO UPDATE SET count = count + 1",
            [(month, measure, value) for measure, value in rows],
        )


def record_screening(store: Store, today: date, route: Route, outcome: Outcome) -> None:
    """A screening reached its outcome: the route, the level and each flag raised."""
    flags = {f.code if f.code in FLAGS else OTHER_FLAG for f in outcome.flags}
    items = [(SCREENINGS, "all"), (ROUTE, route.value), (OUTCOME, outcome.level.value)]
    record(store, month_of(today), items + [(FLAG, code) for code in sorted(flags)])


def record_services_shown(store: Store, today: date, scopes: Iterable[str]) -> None:
    """A list of services was shown: one count for each scope present in it."""
    record(store, month_of(today), [(SHOWN, scope) for scope in sorted(set(scopes))])


def record_letter(store: Store, today: date, service_id: str, directory: Directory) -> None:
    """A letter was printed or saved for this service (its id, checked against the directory)."""
    ids = frozenset(s.id for s in directory.services)
    record(store, month_of(today), [(LETTER, service_id)], ids)


def all_counts(store: Store) -> list[tuple[str, str, str, int]]:
    return [
        (str(m), str(k), str(v), int(c))
        for m, k, v, c in store.db.execute(
            "SELECT month, measure, value, count FROM activity_counts "
            "ORDER BY month, measure, value"
        ).fetchall()
    ]
