"""Safe by default: quick hide, a neutral start, the idle warning, and Clear that says so."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot
from ui_steps import HIGH_CONCERN, focused, press, start_route

from ui.main_window import CLEARED, MainWindow

STALKING_WORDS = ("stalk", "danger", "patient", "helpline", "999", "abuse")


def _visible_text(window: MainWindow) -> str:
    texts = []
    for widget in window.findChildren(QWidget):
        if widget.isVisible() and isinstance(widget, QLabel):
            texts.append(widget.text())
    return " ".join(texts).lower()


def test_f9_hides_everything_behind_a_neutral_screen_and_f9_brings_it_back(
    qtbot: QtBot, window: MainWindow, shots: Path
) -> None:
    start_route(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, HIGH_CONCERN)
    assert window.stack.currentWidget() is window.outcome_page
    qtbot.keyClick(focused(window), Qt.Key.Key_F9)
    assert window.is_hidden_by_user
    shown = window.grab()
    assert shown.save(str(shots / "quick-hide.png"))
    visible = [
        w.text()
        for w in window.findChildren(QLabel)
        if w.isVisible()
        and w.visibleRegion().intersects(window.cover.geometry())
        and window.cover.isAncestorOf(w)
    ]
    assert visible == ["Nothing open. Press F9 to go back."]
    assert not any(word in " ".join(visible).lower() for word in STALKING_WORDS)
    assert window.cover.geometry() == window.rect()
    assert window.session is not None  # hiding wipes nothing
    qtbot.keyClick(focused(window), Qt.Key.Key_F9)
    assert not window.is_hidden_by_user
    assert window.stack.currentWidget() is window.outcome_page


def test_quick_hide_also_hides_an_open_letter(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtWidgets import QDialog

    dialog = QDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    window.toggle_hidden()
    assert not dialog.isVisible()
    window.toggle_hidden()
    assert dialog.isVisible()


def test_the_start_heading_is_neutral(window: MainWindow) -> None:
    assert window.start_page.heading.text() == "Who is this about?"


def test_clear_says_cleared_and_takes_copied_numbers_off_the_clipboard(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.show_page(window.services_page)
    qtbot.keyClicks(window.services_page.postcode, "ME14 1AA")
    qtbot.keyClick(window.services_page.postcode, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(window.services_page.cards), timeout=5000)
    helpline = window.services_page.cards[-1]
    qtbot.mouseClick(helpline.copy_buttons[0], Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "0808 802 0300"
    qtbot.mouseClick(window.clear_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == ""
    assert window.start_page.notice.isVisibleTo(window.start_page)
    assert window.start_page.notice.text() == CLEARED
    start_route(qtbot, window, Qt.Key.Key_P)
    assert not window.start_page.notice.isVisibleTo(window.start_page)


def test_the_clipboard_is_left_alone_if_something_else_was_copied_since(
    qtbot: QtBot, window: MainWindow
) -> None:
    start_route(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, HIGH_CONCERN)
    qtbot.mouseClick(window.outcome_page.copy_button, Qt.MouseButton.LeftButton)
    QGuiApplication.clipboard().setText("a note from the clinical system")
    window.clear()
    assert QGuiApplication.clipboard().text() == "a note from the clinical system"


def test_idle_clear_warns_first_and_keep_working_stops_it(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window(idle_timeout_ms=1200)  # warns after 0.6 s, clears 0.6 s later
    start_route(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, HIGH_CONCERN[:4])
    qtbot.waitUntil(lambda: window.idle_warning_bar.isVisible(), timeout=3000)
    assert "will be cleared in" in window.idle_warning_text.text()
    assert window.session is not None  # not yet
    qtbot.mouseClick(window.keep_working, Qt.MouseButton.LeftButton)
    assert not window.idle_warning_bar.isVisible()
    assert window.session is not None
    qtbot.waitUntil(lambda: window.idle_warning_bar.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: window.session is None, timeout=3000)
    assert window.stack.currentWidget() is window.start_page
    notice = window.start_page.notice.text()
    assert notice.startswith("Cleared after") and "without use" in notice
    assert not window.idle_warning_bar.isVisible()


def test_an_idle_start_screen_is_cleared_without_a_warning(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window(idle_timeout_ms=400)
    warned: list[bool] = []
    window.idle_final.timeout.connect(lambda: warned.append(True))
    cleared: list[bool] = []
    window.cleared.connect(lambda: cleared.append(True))
    qtbot.waitUntil(lambda: bool(cleared), timeout=3000)
    assert warned == [] and not window.idle_warning_bar.isVisible()
    assert not window.start_page.notice.isVisibleTo(window.start_page)
    assert QApplication.instance() is not None
