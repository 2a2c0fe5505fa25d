"""The crash dialog shows the report and copies it to the clipboard."""

from __future__ import annotations

from pathlib import Path

import pytest
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


def test_an_unhandled_exception_is_logged_and_shown_without_patient_data(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import sys

    from spotter.system.logs import configure_logging
    from ui.crash_dialog import install_excepthook

    log_file = configure_logging(log_dir=tmp_path)
    shown: list[str] = []
    monkeypatch.setattr(CrashDialog, "exec", lambda self: shown.append(self.report.toPlainText()))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_excepthook()
    try:
        raise RuntimeError("letter for NHS 943 476 5919 failed")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert len(shown) == 1 and "RuntimeError" in shown[0]
    assert "943 476 5919" not in shown[0]
    assert log_file is not None
    logged = log_file.read_text(encoding="utf-8")
    assert "unhandled exception" in logged and "RuntimeError" in logged
    assert "943 476 5919" not in logged


def test_qt_messages_are_routed_into_the_log(tmp_path: Path) -> None:
    from PySide6.QtCore import qInstallMessageHandler, qWarning

    from spotter.system.logs import configure_logging
    from ui.startup import route_qt_messages

    log_file = configure_logging(log_dir=tmp_path)
    previous = route_qt_messages()
    try:
        qWarning("font fallback for ME14 1AA")
    finally:
        qInstallMessageHandler(previous)
    assert log_file is not None
    text = log_file.read_text(encoding="utf-8")
    assert "WARNING spotter.qt: font fallback for ME14 [inward]" in text
