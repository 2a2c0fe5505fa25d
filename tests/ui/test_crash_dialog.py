"""The crash dialog shows the report and copies it to the clipboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from ui.crash_dialog import CrashDialog


def test_copy_report_puts_the_report_on_the_clipboard(qtbot: QtBot) -> None:
    dialog = CrashDialog("Spotter 0.1.0\nTraceback: boom")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "Spotter 0.1.0\nTraceback: boom"
    assert dialog.report.isReadOnly()
