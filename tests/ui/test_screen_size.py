"""Any screen: maximised on the first start, then as it was left (geometry only); at 1366x768
with a 40-px taskbar every screen's buttons are above it; a tall screen shows a typical
outcome without scrolling."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication
from pytestqt.qtbot import QtBot
from ui_steps import HIGH_CONCERN_EX_PARTNER_CHILDREN, focused, press, start_route

from spotter.system import paths
from ui import geometry
from ui.main_window import MainWindow

#: 1366x768 less a 40-px taskbar and a 30-px title bar.
LAPTOP = (1366, 768 - 40 - 30)


def test_first_start_is_maximised_then_the_geometry_is_remembered(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window()
    window.hide()
    geometry.show(window)
    qtbot.waitUntil(window.isMaximized)
    window.showNormal()
    window.setGeometry(QRect(10, 20, 800, 600))
    window.start_page.patient_button.click()  # a screening under way: none of it is kept
    window.close()
    kept = paths.config_dir() / geometry.FILE_NAME
    text = kept.read_text("latin-1")
    assert "geometry=" in text and "maximized=false" in text
    assert "Question" not in text and "patient" not in text.casefold()
    again = make_window()
    again.hide()
    geometry.show(again)
    assert not again.isMaximized()
    assert again.geometry().size().toTuple() == (800, 600)


def test_a_saved_geometry_off_the_screen_is_not_used(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window()
    window.setGeometry(QRect(3000, 3000, 700, 500))  # a second monitor, since unplugged
    geometry.remember(window)
    window.hide()
    geometry.show(window)  # Qt brings it back on screen, or it opens maximised
    area = geometry.available_area(window)
    assert area.adjusted(-8, -8, 8, 8).contains(window.frameGeometry())


def _inside(window: MainWindow, button: QAbstractButton) -> bool:
    top_left = button.mapTo(window, QPoint(0, 0))
    return button.isVisible() and window.rect().contains(QRect(top_left, button.size()))


@pytest.mark.parametrize("text_size", [1.0, 2.0])
def test_nothing_falls_below_the_taskbar_at_1366x768(
    qtbot: QtBot, make_window: Callable[..., MainWindow], text_size: float, shots: Path
) -> None:
    if text_size != 1.0:
        font = QApplication.font()
        font.setPointSizeF(font.pointSizeF() * text_size)
        QApplication.setFont(font)
    try:
        window = make_window()
        window.resize(*LAPTOP)
        qtbot.wait(10)
        assert window.minimumSizeHint().height() <= LAPTOP[1]
        start_route(qtbot, window, Qt.Key.Key_P)
        page = window.screening_page
        page.help_button.click()
        assert _inside(window, page.next_button) and _inside(window, page.back_button)
        press(qtbot, window, "Y")
        assert _inside(window, window.danger_page.outcome_button)
        qtbot.keyClick(focused(window), Qt.Key.Key_Return)
        for button in (window.outcome_page.services_button, window.outcome_page.back_button):
            assert _inside(window, button)
        window.show_page(window.services_page)
        assert _inside(window, window.services_page.back_button)
        window.show_settings()
        assert _inside(window, window.settings_page.save_button)
        window.show_page(window.directory_page)
        assert _inside(window, window.directory_page.import_button)
    finally:
        if text_size != 1.0:
            font = QApplication.font()
            font.setPointSizeF(font.pointSizeF() / text_size)
            QApplication.setFont(font)


def test_a_tall_screen_shows_a_typical_outcome_without_scrolling(
    qtbot: QtBot, window: MainWindow, shots: Path
) -> None:
    window.resize(1280, 1024 - 40 - 30)
    start_route(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, HIGH_CONCERN_EX_PARTNER_CHILDREN)
    qtbot.wait(10)
    window.grab().save(str(shots / "outcome-1280x1024.png"))
    assert window.outcome_page.scroll_area.verticalScrollBar().maximum() == 0
