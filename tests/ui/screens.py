"""Every screen and dialog of the app, reached as a person would, for the tests that walk them
all (mnemonics, accessible names and roles)."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot
from ui_steps import HIGH_CONCERN_EX_PARTNER_CHILDREN, focused, press, start_route

from ui.main_window import MainWindow


def _search(qtbot: QtBot, window: MainWindow, postcode: str) -> None:
    page = window.services_page
    window.show_page(page)
    page.postcode.clear()
    qtbot.keyClicks(page.postcode, postcode)
    qtbot.keyClick(page.postcode, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(page.cards), timeout=5000)


def _dialog(qtbot: QtBot, dialog: QDialog) -> QDialog:
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    return dialog


def every_screen(qtbot: QtBot, window: MainWindow) -> Iterator[tuple[str, QWidget]]:
    """Yield (name, top-level widget) for each screen state and dialog; the caller inspects
    what is visible in it before the next one is shown."""
    yield "start", window
    qtbot.keyClick(focused(window), Qt.Key.Key_P)
    yield "before: private?", window
    qtbot.keyClick(focused(window), Qt.Key.Key_N)
    yield "before: not private", window
    qtbot.keyClick(focused(window), Qt.Key.Key_Y)
    yield "before: age", window
    window.clear()
    qtbot.keyClick(focused(window), Qt.Key.Key_S)
    qtbot.keyClick(focused(window), Qt.Key.Key_Y)
    yield "before: who (staff)", window
    window.clear()
    start_route(qtbot, window, Qt.Key.Key_P)
    qtbot.keyClick(focused(window), Qt.Key.Key_Return)  # a danger question cannot be skipped
    yield "screening: must answer", window
    press(qtbot, window, "N")
    window.screening_page.help_button.click()
    yield "screening: help open", window
    window.clear()
    start_route(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, "Y")
    yield "danger action", window
    window.clear()
    start_route(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, HIGH_CONCERN_EX_PARTNER_CHILDREN)
    yield "outcome", window
    _search(qtbot, window, "TN3")
    yield "services: TN3", window
    service = window.services_page.cards[0].service
    feedback = window.report_problem(service)
    yield "report a problem", _dialog(qtbot, feedback)
    feedback.close()
    from ui.app import open_letter_for

    letter = open_letter_for(window, service, window.outcome, window.settings)
    yield "letter: form", _dialog(qtbot, letter)
    letter.discard()
    window.clear()
    window.show_page(window.directory_page)
    yield "directory", window
    for opener, name in (
        (window.open_import_dialog, "import"),
        (window.open_coverage, "coverage"),
        (window.open_activity, "activity"),
    ):
        dialog = opener()
        yield name, _dialog(qtbot, dialog)
        dialog.close()
    window.show_page(window.guidance_page)
    yield "guidance", window
    window.show_settings()
    yield "settings", window
    from ui.crash_dialog import CrashDialog

    crash = CrashDialog("Traceback: a test report", window)
    crash.show()
    yield "crash report", _dialog(qtbot, crash)
    crash.close()
