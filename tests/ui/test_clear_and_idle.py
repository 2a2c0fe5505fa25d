"""Clear (button and Ctrl+Shift+X) and the idle timeout wipe every patient detail."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot
from ui_steps import HIGH_CONCERN, IMMEDIATE_DANGER, focused, press, start_route

from ui.main_window import MainWindow


def _fill_everything(qtbot: QtBot, window: MainWindow) -> None:
    start_route(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, IMMEDIATE_DANGER)
    assert window.danger_banner.isVisible()
    qtbot.keyClick(focused(window), Qt.Key.Key_Return)  # the danger screen: what to do now
    qtbot.mouseClick(window.outcome_page.copy_button, Qt.MouseButton.LeftButton)
    assert "Immediate danger" in QGuiApplication.clipboard().text()
    qtbot.mouseClick(window.outcome_page.services_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(window.services_page.postcode, "ME14 1AA")
    qtbot.keyClick(window.services_page.postcode, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(window.services_page.cards), timeout=5000)


def _assert_wiped(window: MainWindow) -> None:
    assert window.stack.currentWidget() is window.start_page
    assert window.session is None and window.outcome is None
    assert not window.danger_banner.isVisible()
    assert window.services_page.postcode.text() == ""
    assert window.services_page.cards == []
    assert window.outcome_page.level_title.text() == ""
    assert window.outcome_page.details.text() == ""
    assert window.screening_page.prompt.text() == ""
    assert "Immediate danger" not in QGuiApplication.clipboard().text()


def test_clear_button_wipes_every_screen(qtbot: QtBot, window: MainWindow) -> None:
    _fill_everything(qtbot, window)
    qtbot.mouseClick(window.clear_button, Qt.MouseButton.LeftButton)
    _assert_wiped(window)


def test_ctrl_shift_x_wipes_every_screen(qtbot: QtBot, window: MainWindow) -> None:
    _fill_everything(qtbot, window)
    qtbot.keyClick(
        focused(window),
        Qt.Key.Key_X,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    _assert_wiped(window)


def test_after_clear_a_new_screen_starts_empty(qtbot: QtBot, window: MainWindow) -> None:
    start_route(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, "YYY")
    qtbot.mouseClick(window.clear_button, Qt.MouseButton.LeftButton)
    start_route(qtbot, window, Qt.Key.Key_S)
    assert window.session is not None and window.session.answers == {}
    assert window.screening_page.position.text().startswith("Question 1 of ")
    assert window.stack.currentWidget() is window.screening_page


def test_idle_timeout_clears(qtbot: QtBot, make_window: Callable[..., MainWindow]) -> None:
    window = make_window(idle_timeout_ms=300)
    start_route(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, HIGH_CONCERN[:5])
    assert window.session is not None
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.start_page, timeout=3000)
    assert window.session is None
    assert window.screening_page.prompt.text() == ""


def test_input_restarts_the_idle_timer(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window(idle_timeout_ms=400)
    start_route(qtbot, window, Qt.Key.Key_P)
    for _ in range(4):
        qtbot.wait(150)
        qtbot.keyClick(focused(window), Qt.Key.Key_N)
    assert window.stack.currentWidget() is window.screening_page


def test_idle_timeout_comes_from_settings(window: MainWindow) -> None:
    # four quiet minutes, then a one-minute warning: five in all (the default)
    assert window.idle_timer.interval() == 4 * 60_000
    assert window._warning_ms() == 60_000


def test_undo_cannot_bring_back_a_cleared_postcode(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtCore import Qt

    window.show_page(window.services_page)
    box = window.services_page.postcode
    qtbot.keyClicks(box, "TN3 8ZZ")
    window.clear()
    window.show_page(window.services_page)
    qtbot.keyClick(box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert box.text() == ""
    assert not box.isUndoAvailable()
