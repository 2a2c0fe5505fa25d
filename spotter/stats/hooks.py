"""The small calls the app makes when a screening finishes, services are shown, or a letter
is printed or saved. They do nothing unless activity counts are on, and a failure to count
is logged, never shown: counting must not get in the way of helping a patient."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable
from datetime import date

from spotter.directory import Directory
from spotter.screening import Outcome, Route
from spotter.stats import counts
from spotter.store.database import Store
from spotter.store.settings import Settings

log = logging.getLogger("spotter.stats")


def _safely(settings: Settings, action: Callable[[], None]) -> None:
    if not settings.activity_counts:
        return
    try:
        action()
    except (counts.CountError, sqlite3.Error) as exc:
        log.warning("activity not counted: %s", exc)


def screening_finished(
    store: Store, settings: Settings, today: date, route: Route, outcome: Outcome
) -> None:
    _safely(settings, lambda: counts.record_screening(store, today, route, outcome))


def services_shown(store: Store, settings: Settings, today: date, scopes: Iterable[str]) -> None:
    chosen = list(scopes)
    _safely(settings, lambda: counts.record_services_shown(store, today, chosen))


def letter_produced(
    store: Store, settings: Settings, today: date, service_id: str, directory: Directory
) -> None:
    _safely(settings, lambda: counts.record_letter(store, today, service_id, directory))
