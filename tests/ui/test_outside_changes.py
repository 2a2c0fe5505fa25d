"""The app notices a directory changed by another program and never matches against the old."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from spotter.store.database import Store, open_store
from ui.main_window import MainWindow


def test_an_import_made_elsewhere_is_noticed_and_the_search_redone(
    qtbot: QtBot, store: Store, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window()
    page = window.services_page
    window.show_page(page)
    qtbot.keyClicks(page.postcode, "ME14 1AA")
    qtbot.keyClick(page.postcode, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(page.cards), timeout=5000)
    names = [c.service.name for c in page.cards]
    assert "Protection Against Stalking" in names
    assert not window.check_outside_changes()  # nothing changed yet
    assert not window.updated_notice.isVisible()

    # another program (the CLI, services sync) removes a service, on its own connection
    with open_store(store.path) as other:
        directory = other.load_directory()
        kept = tuple(s for s in directory.services if s.name != "Protection Against Stalking")
        other.replace_directory(replace(directory, services=kept), source="cli.json")

    assert window.check_outside_changes()
    assert window.updated_notice.isVisible()
    assert window.updated_notice.text() == "The directory was updated"
    assert "Protection Against Stalking" not in [s.name for s in window.directory.services]
    qtbot.waitUntil(lambda: bool(page.cards), timeout=10_000)  # the search is run again
    assert "Protection Against Stalking" not in [c.service.name for c in page.cards]
    assert not window.check_outside_changes()  # seen once


def test_the_check_runs_on_a_timer(qtbot: QtBot, store: Store, window: MainWindow) -> None:
    assert window.outside_timer.isActive()
    assert window.outside_timer.interval() <= 10_000
    with open_store(store.path) as other:
        directory = other.load_directory()
        other.replace_directory(replace(directory, services=directory.services[:4]), source="x")
    window.outside_timer.setInterval(50)
    qtbot.waitUntil(lambda: len(window.directory.services) == 4, timeout=5000)
    assert window.updated_notice.isVisible()
