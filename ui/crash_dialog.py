"""Unhandled exceptions: logged, then shown in a dialog with a copyable report."""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from spotter.system.crash import crash_report

log = logging.getLogger("spotter.ui")


class CrashDialog(QDialog):
    """Says something went wrong, shows the report, and copies it on request."""

    def __init__(self, report: str, parent: QWidget | None = None, *, title: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title or "Spotter: something went wrong")
        self.setAccessibleName("Error report")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Spotter hit an unexpected problem. Your work on this screen may need redoing. "
            "The report below holds no patient details; copy it for your IT support."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.report = QPlainTextEdit(report)
        self.report.setReadOnly(True)
        self.report.setAccessibleName("Report text")
        layout.addWidget(self.report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("&Copy report")
        self.copy_button.setAccessibleName("Copy report")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self._copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.report.toPlainText())


def install_excepthook() -> None:
    """Route unhandled exceptions to the log and a :class:`CrashDialog`."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        report = crash_report(exc_type, exc, tb)
        log.error("unhandled exception\n%s", report)
        if QApplication.instance() is not None:
            CrashDialog(report).exec()
        else:
            sys.__excepthook__(exc_type, exc, tb)

    sys.excepthook = hook
