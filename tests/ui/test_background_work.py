"""Background work never fails silently, and the services page never matches a stale
directory while a new one is loaded."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from spotter.directory import Directory
from spotter.places.matching import Matcher
from ui.main_window import MainWindow
from ui.worker import run_in_background


def _boom() -> int:
    raise OSError("the disk went away")


def test_a_failure_without_a_handler_is_logged_and_shown(
    qtbot: QtBot, window: MainWindow, caplog: pytest.LogCaptureFixture
) -> None:
    done: list[int] = []
    with caplog.at_level(logging.ERROR, logger="spotter.ui"):
        run_in_background(_boom, done.append, parent=window)
        qtbot.waitUntil(lambda: bool(window.findChildren(QMessageBox)), timeout=5000)
    assert done == []
    (box,) = window.findChildren(QMessageBox)
    assert "OSError: the disk went away" in box.informativeText()
    assert "background work failed" in caplog.text and "the disk went away" in caplog.text
    box.hide()


def test_a_failed_matcher_rebuild_stops_matching_the_old_directory(
    qtbot: QtBot, window: MainWindow, caplog: pytest.LogCaptureFixture
) -> None:
    assert window.services_page.matcher is not None

    def broken(directory: Directory) -> Matcher:
        raise MemoryError("no room for the gazetteer")

    window.matcher_factory = broken
    with caplog.at_level(logging.ERROR, logger="spotter.ui"):
        window.reload_directory()
        qtbot.waitUntil(lambda: "could not be loaded" in window.services_page.hint.text())
    assert window.services_page.matcher is None
    assert "no room for the gazetteer" in caplog.text
    window.show_page(window.services_page)
    qtbot.keyClicks(window.services_page.postcode, "ME14 1AA")
    window.services_page.find_services()
    assert window.services_page.cards == []  # nothing matched against the old directory
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox):
            widget.hide()
