"""A practice manager imports an updated services file from the Directory screen."""

from __future__ import annotations

from pathlib import Path

from import_samples import row, write_csv
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow


def test_import_from_the_directory_screen_updates_the_list_and_matching(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    qtbot.keyClick(window.start_page, Qt.Key.Key_D)
    assert window.stack.currentWidget() is window.directory_page
    before = window.directory_page.count.text()
    qtbot.mouseClick(window.directory_page.import_button, Qt.MouseButton.LeftButton)
    dialog = window.import_dialog
    assert dialog is not None and dialog.isVisible()

    source = write_csv(
        tmp_path / "kent.csv",
        [row(id="maidstone-stalking-clinic", name="Maidstone Stalking Clinic", areas="Maidstone")],
    )
    dialog.path_edit.setText(str(source))
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.plan is not None and not dialog.busy, timeout=20_000)
    assert dialog.plan is not None and dialog.plan.ok, dialog.plan.report.render()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.last_record is not None and not dialog.busy, timeout=20_000)
    old_matcher = window.services_page.matcher
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)

    # the old matcher is dropped at once (never matching against a directory that is gone)
    # and the new one arrives from the background
    qtbot.waitUntil(lambda: window.services_page.matcher not in (None, old_matcher), timeout=10_000)
    assert window.directory_page.count.text() != before
    assert "Maidstone Stalking Clinic" in window.directory_page.visible_names()
    matcher = window.services_page.matcher
    assert matcher is not None
    names = [m.service.name for m in matcher.match("ME14 1XQ").matches]
    assert "Maidstone Stalking Clinic" in names
